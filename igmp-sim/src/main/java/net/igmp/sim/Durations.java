package net.igmp.sim;

/** Durations as scenario files write them: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 0.1ms}, {@code 1h}, {@code 50us}. */
public final class Durations {
    private Durations() {}

    /** See {@link net.igmp.core.time.Durations#parseMicros}: the simulator's unit of virtual time. */
    public static long parseMicros(String text) {
        return net.igmp.core.time.Durations.parseMicros(text);
    }

    /** Milliseconds of virtual time, for the engines, whose clock is in milliseconds. */
    public static long parseMillis(String text) {
        return net.igmp.core.time.Durations.parseMillis(text);
    }

    /** {@code 12.3456s}-style rendering of a virtual time for the story. */
    public static String format(long micros) {
        long ms = micros / 1000, us = micros % 1000;
        String base = (ms / 1000) + "." + String.format("%03d", ms % 1000);
        return (us == 0 ? base : base + String.format("%03d", us).replaceAll("0+$", "")) + "s";
    }
}
