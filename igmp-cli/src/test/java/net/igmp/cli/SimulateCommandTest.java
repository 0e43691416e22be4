package net.igmp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {

    record Run(int exit, String out, String err) {}

    static synchronized Run igmp(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc = Main.run(args);
            return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static final Path SSM = Path.of("..", "examples", "ssm.yaml");

    @Test
    void jsonHasTheDocumentedShapeAndIsDeterministic() throws Exception {
        Run a = igmp("simulate", SSM.toString(), "--json", "--messages");
        assertThat(a.exit()).as(a.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(a.out());
        assertThat(j.get("deliveries").get(0).fieldNames()).toIterable().contains("host", "group", "source", "firstMs", "lastMs", "received");
        assertThat(j.get("segments").get(0).fieldNames()).toIterable().contains("segment", "group", "datagrams", "firstMs", "lastMs");
        assertThat(j.get("queriers").get(0).fieldNames()).toIterable().contains("segment", "address");
        assertThat(j.get("violations").isArray()).isTrue();
        assertThat(j.get("violations")).isEmpty();
        assertThat(j.get("messages").get(0).fieldNames()).toIterable().contains("atMs", "segment", "src", "dst", "type", "group");
        assertThat(igmp("simulate", SSM.toString(), "--json", "--messages").out()).isEqualTo(a.out());
        Run other = igmp("simulate", SSM.toString(), "--json", "--messages", "--seed", "99");
        assertThat(new ObjectMapper().readTree(other.out()).get("seed").asLong()).isEqualTo(99);
        assertThat(other.out()).isNotEqualTo(a.out());
        assertThat(igmp("simulate", SSM.toString(), "--json").out()).doesNotContain("\"messages\"");
    }

    @Test
    void toStepStopsTheReplayThere() throws Exception {
        JsonNode j = new ObjectMapper().readTree(igmp("simulate", SSM.toString(), "--json", "--to-step", "100").out());
        assertThat(j.get("steps").asLong()).isEqualTo(100);
    }

    @Test
    void threadsChangeNothingButTheSpeed() {
        String metro = Path.of("..", "examples", "metro-core.yaml").toString();
        Run one = igmp("simulate", metro, "--threads", "1");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("core: south hears querier 10.0.0.1 and stays non-querier", "All invariants held");
        assertThat(igmp("simulate", metro, "--threads", "2").out()).isEqualTo(one.out());
        assertThat(igmp("simulate", metro, "--threads", "3", "--json").out()).isEqualTo(igmp("simulate", metro, "--json").out());
        Run bad = igmp("simulate", metro, "--threads", "-1");
        assertThat(bad.exit()).isEqualTo(Main.EX_USAGE);
        assertThat(bad.err().strip()).isEqualTo("igmp simulate: --threads must be 0 (one per processor) or more, got -1");
    }

    @Test
    void storyAndSummary() {
        Run r = igmp("simulate", SSM.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("a joins 232.1.1.1 INCLUDE {10.0.0.11}", "v3-report ALLOW(232.1.1.1, {10.0.0.11})",
                "a starts receiving 232.1.1.1 from 10.0.0.11", "Deliveries per host and group", "All invariants held");
    }

    @Test
    void badScenarioIsOneLineWithTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: x\nsegments:\n  - {name: lan, latncy: 1ms}\n");
        Run r = igmp("simulate", f.toString());
        assertThat(r.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(r.err()).isEqualTo("igmp simulate: bad.yaml:3: unknown key 'latncy' (did you mean 'latency'?)" + System.lineSeparator());
        Run missing = igmp("simulate", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(Main.EX_NOINPUT); // as igmp decode --pcap
        assertThat(missing.err()).startsWith("igmp simulate: no such scenario file");
    }

    @Test
    void pcapAndReport(@TempDir Path dir) throws Exception {
        Run r = igmp("simulate", SSM.toString(), "--pcap", dir.resolve("caps").toString(), "--report", dir.resolve("r.html").toString());
        assertThat(r.exit()).isZero();
        for (String s : new String[]{"up", "lan1", "lan2"}) assertThat(dir.resolve("caps").resolve(s + ".pcap")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("r.html"))).contains("<svg", "lan2 232.1.1.1");
    }

    @Test
    void demoTellsWhereItsOutputIs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        Run r = igmp("demo", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("alice joins 239.1.1.1", "carol", "Demo output in " + out.toAbsolutePath());
        assertThat(r.out()).doesNotContain("dave starts receiving");
        assertThat(out.resolve("report.html")).isNotEmptyFile();
        assertThat(out.resolve("pcap").resolve("lan1.pcap")).isNotEmptyFile();
        assertThat(igmp("demo", "--print-scenario").out()).contains("name: igmp demo");
    }
}
