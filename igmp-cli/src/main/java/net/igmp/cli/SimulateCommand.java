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
                        + "summary per host and group. Exit status 1 when an invariant failed, 64 for a bad option or an output "
                        + "path that cannot be written (checked before the run), 65 for a bad scenario file, 66 when there is no such file."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the scenario file")
    Path file;

    @Option(names = "--json", description = "print one JSON object (deliveries, segments, queriers, memberships, querierChanges, violations) instead of the story")
    boolean json;

    @Option(names = "--messages", description = "with --json: add every IGMP message, with its type, group, sources and records")
    boolean messages;

    @Option(names = "--pcap", paramLabel = "DIR", description = "write one capture per segment into DIR (SEGMENT.pcap); DIR is created if its parent exists")
    Path pcapDir;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write an HTML page with an SVG timeline; its directory must exist")
    Path report;

    @Option(names = "--seed", description = "replace the scenario's seed (to replay or vary a run)")
    Long seed;

    @Option(names = "--duration", paramLabel = "DURATION", description = "replace the scenario's duration: a number and a unit (us, ms, s, m, h), e.g. 5m")
    Options.Duration duration;

    @Option(names = "--to-step", paramLabel = "N", description = "stop after step N (a violation names its step and seed)")
    Long toStep;

    @Option(names = "--threads", paramLabel = "N", description = {"threads for a network cut at its cores (segments with only "
            + "routers and sources) into regions that run side by side; default: one per processor.",
            "The result is the same for any N."})
    int threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (messages && !json) throw Main.usage(spec, "--messages goes with --json (the story shows every message already)");
        if (duration != null && duration.micros() <= 0) throw Main.usage(spec, "--duration must be positive, got " + duration);
        if (toStep != null && toStep < 0) throw Main.usage(spec, "--to-step must be 0 or more, got " + toStep);
        if (threads < 0) throw Main.usage(spec, "--threads must be 0 (one per processor) or more, got " + threads);
        if (!Files.isRegularFile(file)) throw new Main.Failure(Main.EX_NOINPUT, "no such scenario file: " + file);
        Scenario sc;
        try {
            sc = ScenarioLoader.load(file);
        } catch (ScenarioException | IllegalArgumentException e) {
            throw new Main.Failure(Main.EX_DATAERR, e.getMessage());
        }
        if (seed != null) sc = sc.withSeed(seed);
        if (duration != null) sc = sc.withDuration(duration.micros());
        for (String unwritable : new String[] {OutputPaths.directoryProblem("--pcap", pcapDir), OutputPaths.fileProblem("--report", report)})
            if (unwritable != null) throw Main.usage(spec, unwritable);
        return run(sc, file.getFileName().toString(), out, err, json, messages, pcapDir, report, toStep, threads);
    }

    /** Runs {@code sc} and prints it; shared with {@code igmp demo}. */
    static int run(Scenario sc, String fileName, PrintWriter out, PrintWriter err, boolean json, boolean messages, Path pcapDir, Path report,
                   Long toStep, int threads) throws IOException {
        Simulation.Options o = new Simulation.Options(!json || report != null, json && messages || report != null, report != null, pcapDir,
                threads).withEvents(json);
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
            throw new Main.Failure(Main.EX_DATAERR, e.inFile(fileName).getMessage());
        } finally {
            live.erase(); // also before any other error is printed
        }
        String stopped = toStep == null ? null : stoppedAt(sim, toStep, sc.durationUs());
        if (report != null) Files.writeString(report, Reports.html(r));
        if (json) {
            out.println(SimJson.toJson(r, messages));
            if (stopped != null) err.println("igmp simulate: " + stopped);
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
