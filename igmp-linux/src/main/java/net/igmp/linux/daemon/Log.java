package net.igmp.linux.daemon;

import java.io.PrintStream;
import java.time.Instant;

/** The daemon's log: one line per event on stdout, with a UTC timestamp and a level. */
public final class Log {
    private final PrintStream out;
    private final boolean verbose;

    public Log(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    public void info(String message) {
        line("info", message);
    }

    public void warn(String message) {
        line("warn", message);
    }

    public void error(String message) {
        line("error", message);
    }

    /** Per-packet and per-group detail, only with {@code --verbose}. */
    public void debug(String message) {
        if (verbose) line("debug", message);
    }

    public boolean verbose() {
        return verbose;
    }

    private void line(String level, String message) {
        synchronized (out) {
            out.println(Instant.now() + " " + level + " " + message);
            out.flush();
        }
    }
}
