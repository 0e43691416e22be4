package net.igmp.cli;

import net.igmp.sim.Durations;
import net.igmp.sim.EngineAdapters;
import net.igmp.sim.Reports;
import net.igmp.sim.Scenario;
import net.igmp.sim.ScenarioException;
import net.igmp.sim.ScenarioLoader;
import net.igmp.sim.SimJson;
import net.igmp.sim.SimResult;
import net.igmp.sim.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code igmp simulate FILE}: runs a scenario in virtual time and tells what happened. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs a scenario file (YAML) in virtual time and tells its story.", "",
                "The real host and router engines run on simulated LAN segments. The story has every IGMP message per "
                        + "segment, membership and querier changes, traffic starting and stopping at each host; then a "
                        + "summary per host and group. Exit status 1 when an invariant failed, 65 for a bad scenario file, 66 when "
                        + "there is no such file."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the scenario file")
    Path file;

    @Option(names = "--json", description = "print one JSON object (deliveries, segments, queriers, violations) instead of the story")
    boolean json;

    @Option(names = "--messages", description = "with --json: add every IGMP message")
    boolean messages;

    @Option(names = "--pcap", paramLabel = "DIR", description = "write one capture per segment into DIR (SEGMENT.pcap)")
    Path pcapDir;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write an HTML page with an SVG timeline")
    Path report;

    @Option(names = "--seed", description = "replace the scenario's seed (to replay or vary a run)")
    Long seed;

    @Option(names = "--duration", description = "replace the scenario's duration, e.g. 5m")
    String duration;

    @Option(names = "--to-step", paramLabel = "N", description = "stop after step N (a violation names its step and seed)")
    Long toStep;

    @Option(names = "--threads", paramLabel = "N", description = {"threads for a network cut at its cores (segments with only "
            + "routers and sources) into regions that run side by side; default: one per processor.",
            "The result is the same for any N."})
    int threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Scenario sc;
        try {
            if (!Files.isRegularFile(file)) {
                err.println("igmp: no such scenario file: " + file);
                return Main.EX_NOINPUT;
            }
            sc = ScenarioLoader.load(file);
            if (seed != null) sc = sc.withSeed(seed);
            if (duration != null) sc = sc.withDuration(net.igmp.sim.Durations.parseMicros(duration));
        } catch (ScenarioException | IllegalArgumentException e) {
            err.println("igmp: " + e.getMessage());
            return Main.EX_DATAERR;
        }
        if (threads < 0) {
            err.println("igmp: --threads must be 0 (one per processor) or more, not " + threads);
            return Main.EX_USAGE;
        }
        return run(sc, file.getFileName().toString(), out, err, json, messages, pcapDir, report, toStep, threads);
    }

    /** Runs {@code sc} and prints it; shared with {@code igmp demo}. */
    static int run(Scenario sc, String fileName, PrintWriter out, PrintWriter err, boolean json, boolean messages, Path pcapDir, Path report,
                   Long toStep, int threads) throws IOException {
        Simulation.Options o = new Simulation.Options(!json || report != null, json && messages || report != null, report != null, pcapDir,
                threads);
        SimResult r;
        // The story is told as it happens; progress goes to standard error when somebody watches it there.
        String terminal = LiveRun.terminal(2);
        LiveRun live = new LiveRun(json ? null : out, terminal != null ? err : null, terminal != null && terminal.equals(LiveRun.terminal(1)),
                System::nanoTime);
        Simulation sim;
        try {
            sim = new Simulation(sc, EngineAdapters.real(), o);
            sim.watch(live);
            if (!json) out.print(Reports.storyHeader(sc.name(), sc.seed(), sc.durationUs()));
            r = toStep == null ? sim.run() : sim.runToStep(toStep);
        } catch (ScenarioException e) {
            live.erase();
            out.flush();
            err.println("igmp: " + e.inFile(fileName).getMessage());
            return Main.EX_DATAERR;
        } finally {
            live.erase(); // also before any other error is printed
        }
        String stopped = toStep == null ? null : stoppedAt(sim, toStep, sc.durationUs());
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(report, Reports.html(r));
        }
        if (json) {
            out.println(SimJson.toJson(r, messages));
            if (stopped != null) err.println("igmp: " + stopped);
        } else {
            if (stopped != null) out.println("\n" + stopped);
            out.print(Reports.summary(r));
            if (pcapDir != null) out.println("Captures: " + pcapDir.toAbsolutePath() + " (one .pcap per segment)");
            if (report != null) out.println("Report:   " + report.toAbsolutePath());
        }
        out.flush();
        return r.violations().isEmpty() ? 0 : 1;
    }

    /** Where a run with {@code --to-step N} stopped, in one line. */
    static String stoppedAt(Simulation sim, long toStep, long durationUs) {
        if (sim.steps() < toStep)
            return "The run ended at " + Durations.format(durationUs) + " after " + sim.steps() + " steps, before step " + toStep
                    + " (--to-step " + toStep + ").";
        return "Stopped after step " + sim.steps() + " at " + Durations.format(sim.nowUs()) + " of " + Durations.format(durationUs)
                + " (--to-step " + toStep + "); the summary covers the run so far.";
    }
}
