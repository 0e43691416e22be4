package net.igmp.sim;

import java.math.BigDecimal;

/** Durations as scenario files write them: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 0.1ms}, {@code 1h}, {@code 50us}. */
public final class Durations {
    private Durations() {}

    /**
     * Parses a duration into microseconds, the simulator's unit of virtual time. A number needs its unit: a bare
     * {@code 10} is refused rather than guessed as seconds or milliseconds.
     */
    public static long parseMicros(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
        String number = s.substring(0, i), unit = s.substring(i).trim();
        if (number.isEmpty()) throw notADuration(text);
        long scale = switch (unit) {
            case "us" -> 1L;
            case "ms" -> 1_000L;
            case "s" -> 1_000_000L;
            case "m", "min" -> 60_000_000L;
            case "h" -> 3_600_000_000L;
            default -> throw notADuration(text);
        };
        try {
            return new BigDecimal(number).multiply(BigDecimal.valueOf(scale)).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw notADuration(text);
        }
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (a number and a unit: us, ms, s, m or h, such as 250ms, 10s, 5m)");
    }

    /** Milliseconds of virtual time, for the engines, whose clock is in milliseconds. */
    public static long parseMillis(String text) {
        return parseMicros(text) / 1000;
    }

    /** {@code 12.3456s}-style rendering of a virtual time for the story. */
    public static String format(long micros) {
        long ms = micros / 1000, us = micros % 1000;
        String base = (ms / 1000) + "." + String.format("%03d", ms % 1000);
        return (us == 0 ? base : base + String.format("%03d", us).replaceAll("0+$", "")) + "s";
    }
}
