package net.igmp.cli;

import net.igmp.sim.Scenario;
import net.igmp.sim.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code igmp demo}: the built-in scenario, its story, its report and its captures. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the built-in scenario: hosts join, switch channel and leave a group.", "",
                "One router between a source with two TV channels and two LANs; hosts join, switch channel and leave, "
                        + "one host never joins. Prints the story and writes the HTML report and one capture per segment "
                        + "to a directory it names."})
final class DemoCommand implements Callable<Integer> {

    /** The built-in scenario, also shipped as examples/demo.yaml. */
    static final String RESOURCE = "/net/igmp/sim/scenarios/demo.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write report.html and pcap/ (created if its parent exists); default: igmp-demo-USER in the "
            + "system's temporary directory, replaced by each run")
    Path out;

    @Option(names = "--print-scenario", description = "print the built-in scenario file and exit")
    boolean printScenario;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String yaml;
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("built-in scenario missing from the jar: " + RESOURCE);
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (printScenario) {
            o.print(yaml);
            o.flush();
            return 0;
        }
        Scenario sc = ScenarioLoader.parse(yaml, "demo.yaml");
        Path dir = out != null ? out : defaultOut();
        String unwritable = out != null ? OutputPaths.directoryProblem("--out", out) : defaultOutProblem(dir);
        if (unwritable == null) {
            if (!Files.isDirectory(dir)) Files.createDirectory(dir);
            unwritable = OutputPaths.directoryProblem(null, dir.resolve("pcap"));
            if (unwritable == null) unwritable = OutputPaths.fileProblem(null, dir.resolve("report.html"));
        }
        if (unwritable != null) throw Main.usage(spec, unwritable);
        int rc = SimulateCommand.run(sc, "demo.yaml", o, err, false, false, dir.resolve("pcap"), dir.resolve("report.html"), null, 0);
        o.println("Demo output in " + dir.toAbsolutePath() + ": report.html (open it in a browser), pcap/*.pcap (open with Wireshark),");
        o.println("the scenario itself: igmp demo --print-scenario > demo.yaml; igmp simulate demo.yaml");
        if (out == null) o.println("The next igmp demo replaces them there; --out DIR writes elsewhere.");
        o.flush();
        return rc;
    }

    /** One directory per user in the system's temporary directory, replaced by every run without --out. */
    static Path defaultOut() {
        String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), user.isEmpty() ? "igmp-demo" : "igmp-demo-" + user);
    }

    /** The shared temporary directory is anyone's to write in: the default folder must be a real directory of this user. */
    private static String defaultOutProblem(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return OutputPaths.directoryProblem(null, dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return dir + ": is not a directory; give another with --out DIR";
        var owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        Path probe = Files.createTempFile("igmp-demo-", ".owner"); // who this process is, as the file system names it
        try {
            if (!owner.equals(Files.getOwner(probe))) return dir + ": belongs to " + owner.getName() + "; give another directory with --out DIR";
        } finally {
            Files.delete(probe);
        }
        return OutputPaths.directoryProblem(null, dir);
    }
}
