package net.igmp.core.host;

import java.util.ArrayDeque;
import java.util.random.RandomGenerator;

/**
 * A random generator whose bounded draws are given by the test: each {@code nextLong(bound)} returns the next
 * scripted value (which must be below the bound), or bound - 1 when the script is empty (the latest moment).
 * Lets a test place every random delay exactly.
 */
final class ScriptedRandom implements RandomGenerator {
    private final ArrayDeque<Long> script = new ArrayDeque<>();
    long lastBound = -1;

    ScriptedRandom then(long... values) {
        for (long v : values) script.add(v);
        return this;
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("the engine must only draw bounded values");
    }

    @Override
    public long nextLong(long bound) {
        lastBound = bound;
        Long v = script.poll();
        if (v == null) return bound - 1;
        if (v < 0 || v >= bound) throw new AssertionError("scripted " + v + " is outside [0, " + bound + ")");
        return v;
    }
}
