package net.igmp.cli;

import static net.igmp.cli.SimulateCommandTest.SSM;
import static net.igmp.cli.SimulateCommandTest.igmp;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output paths of {@code igmp simulate} and {@code igmp demo} are checked before the run; scenario files must be text. */
class OutputPathsTest {
    @TempDir
    Path dir;

    /** Refused before the run: one line on stderr, nothing on stdout (no story), status 64. */
    static void assertRefused(SimulateCommandTest.Run r, String line) {
        assertThat(r.exit()).as(r.err()).isEqualTo(Main.EX_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).matches("igmp (simulate|demo): " + java.util.regex.Pattern.quote(line) + "\\R");
    }

    @Test
    void simulateChecksReportAndPcapBeforeTheRun() throws Exception {
        assertRefused(igmp("simulate", SSM.toString(), "--report", dir.toString()), "--report " + dir + ": is a directory, not a file");
        Path missing = dir.resolve("missing");
        assertRefused(igmp("simulate", SSM.toString(), "--report", missing.resolve("sub/r.html").toString()),
                "--report " + missing.resolve("sub/r.html") + ": directory " + missing.resolve("sub") + " does not exist");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertRefused(igmp("simulate", SSM.toString(), "--report", file.resolve("r.html").toString()),
                "--report " + file.resolve("r.html") + ": " + file + " is not a directory");
        assertRefused(igmp("simulate", SSM.toString(), "--pcap", file.toString()), "--pcap " + file + ": is not a directory");
        if (Files.exists(Path.of("/dev/null")))
            assertRefused(igmp("simulate", SSM.toString(), "--json", "--pcap", "/dev/null"), "--pcap /dev/null: is not a directory");
        assertRefused(igmp("simulate", SSM.toString(), "--pcap", missing.resolve("caps").toString()),
                "--pcap " + missing.resolve("caps") + ": directory " + missing + " does not exist");
        assertThat(missing).doesNotExist();
        // A new directory for the captures is made when its parent exists; a report may replace a file.
        var ok = igmp("simulate", SSM.toString(), "--pcap", dir.resolve("caps").toString(), "--report", file.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(dir.resolve("caps/lan1.pcap")).isNotEmptyFile();
        assertThat(Files.readString(file)).contains("<svg");
    }

    @Test
    void demoChecksItsDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertRefused(igmp("demo", "--out", file.toString()), "--out " + file + ": is not a directory");
        Path missing = dir.resolve("missing/demo");
        assertRefused(igmp("demo", "--out", missing.toString()), "--out " + missing + ": directory " + missing.getParent() + " does not exist");
        assertThat(missing.getParent()).doesNotExist();
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("pcap"), "in the way");
        assertRefused(igmp("demo", "--out", out.toString()), out.resolve("pcap") + ": is not a directory");
    }

    @Test
    void demoWithoutOutWritesToOneFolderPerUserInTheTemporaryDirectory() throws Exception {
        String oldTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
            Path expected = DemoCommand.defaultOut();
            assertThat(expected.getParent()).isEqualTo(dir);
            for (int run = 0; run < 2; run++) {
                var r = igmp("demo");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).contains("Demo output in " + expected.toAbsolutePath() + ": report.html",
                        "The next igmp demo replaces them there; --out DIR writes elsewhere.");
                try (Stream<Path> entries = Files.list(dir)) {
                    assertThat(entries.toList()).containsExactly(expected);
                }
                assertThat(expected.resolve("report.html")).isNotEmptyFile();
                assertThat(expected.resolve("pcap/lan1.pcap")).isNotEmptyFile();
            }
            // Someone else's link in its place is not followed.
            deleteTree(expected);
            Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
            Files.createSymbolicLink(expected, elsewhere);
            assertRefused(igmp("demo"), expected + ": is not a directory; give another with --out DIR");
            try (Stream<Path> entries = Files.list(elsewhere)) {
                assertThat(entries.toList()).isEmpty();
            }
        } finally {
            System.setProperty("java.io.tmpdir", oldTmp);
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }

    @Test
    void aBinaryFileIsNotAScenario() throws Exception {
        Path capture = Files.write(dir.resolve("capture.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0});
        var r = igmp("simulate", capture.toString());
        assertThat(r.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(r.err()).isEqualTo("igmp simulate: capture.pcap: not a text scenario file: control character 0x02 at offset 4" + System.lineSeparator());
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var l = igmp("simulate", latin1.toString());
        assertThat(l.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(l.err()).isEqualTo("igmp simulate: latin1.yaml: not a text scenario file: octet 0xe9 at offset 9 is not UTF-8" + System.lineSeparator());
    }
}
