package net.igmp.core.time;

import java.math.BigDecimal;

/** Durations as people write them in scenario and config files: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 0.1ms}, {@code 1h}, {@code 50us}. */
public final class Durations {
    private Durations() {}

    /**
     * Parses a duration into microseconds. A number needs its unit: a bare {@code 10} is refused rather than
     * guessed as seconds or milliseconds.
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

    /** Milliseconds, the engines' unit of time. */
    public static long parseMillis(String text) {
        return parseMicros(text) / 1000;
    }

    /** A time in the unit people write it in: {@code 125s}, {@code 2.5s}, {@code 100ms}; parses back to the same value. */
    public static String formatMillis(long ms) {
        if (ms % 1000 == 0) return ms / 1000 + "s";
        if (Math.abs(ms) < 1000) return ms + "ms";
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
