package net.igmp.cli;

import net.igmp.sim.Durations;
import net.igmp.sim.Reports;
import net.igmp.sim.SimResult;
import net.igmp.sim.Simulation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Tells a simulation as it runs: the story on standard output as its lines become final, and a progress line on
 * standard error when that is a terminal (redrawn in place at most five times a second, erased at the end).
 */
final class LiveRun implements Simulation.Watcher {
    private static final long REDRAW_NS = 200_000_000L;

    private final PrintWriter out, progress;
    private final boolean sameTerminal;
    private final LongSupplier nanoClock;
    private long drawnAtNs = Long.MIN_VALUE;
    private boolean drawn;
    private String shown;

    /**
     * {@code out} null: no story; {@code progress} null: no progress line; {@code sameTerminal}: both go to one
     * terminal, so the progress line steps aside for the story's lines and comes back below them.
     */
    LiveRun(PrintWriter out, PrintWriter progress, boolean sameTerminal, LongSupplier nanoClock) {
        this.out = out;
        this.progress = progress;
        this.sameTerminal = sameTerminal;
        this.nanoClock = nanoClock;
    }

    @Override
    public void story(List<SimResult.StoryLine> lines) {
        if (out == null) return;
        boolean back = sameTerminal && drawn;
        if (back) erase();
        for (SimResult.StoryLine l : lines) out.print(Reports.storyLine(l));
        out.flush();
        if (back) draw(shown);
    }

    @Override
    public void progress(long nowUs, long endUs, long steps) {
        if (progress == null) return;
        long t = nanoClock.getAsLong();
        if (drawnAtNs != Long.MIN_VALUE && t - drawnAtNs < REDRAW_NS) return;
        drawnAtNs = t;
        draw(String.format(Locale.ROOT, "simulating: %s of %s (%d%%), %,d steps", Durations.format(nowUs / 100_000 * 100_000),
                Durations.format(endUs), endUs <= 0 ? 100 : Math.min(100, nowUs * 100 / endUs), steps));
    }

    private void draw(String text) {
        progress.print("\r" + text + "\u001b[K");
        progress.flush();
        shown = text;
        drawn = true;
    }

    /** Takes the progress line away (before the story goes on, and at the end). */
    void erase() {
        if (!drawn) return;
        progress.print("\r\u001b[K");
        progress.flush();
        drawn = false;
    }

    /** The terminal this process's file descriptor {@code fd} writes to (Linux: /proc/self/fd), or null. */
    static String terminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") ? target : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
