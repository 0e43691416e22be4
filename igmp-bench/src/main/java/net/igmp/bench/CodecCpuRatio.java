package net.igmp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpParser;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.IGMP;

/**
 * Parse speed of this codec against ONOS's on the messages of {@link CodecBench}, counted per second of the
 * measuring thread's own CPU time rather than of wall time: on a shared machine other processes take the core
 * away for a while, which wall time charges to whichever side was running, and thread CPU time does not.
 * The two sides run in alternating slices of about 10 ms, and the ratio of each pair of slices is kept; the
 * median of those ratios is the figure. A cross-check of the JMH runs (docs/wire.md), not a replacement.
 *
 * <p>GC threads' CPU time is not the measuring thread's: allocation-heavy code (ONOS allocates more) comes out
 * a little faster here than it is, so the ratio errs against this codec.
 *
 * <p>{@code java -cp igmp-bench/target/benchmarks.jar net.igmp.bench.CodecCpuRatio [pairs=201] [message...]}: give
 * one message per run to keep the JIT's profile of one message from shaping the code run for the next, as
 * JMH's forks do.
 */
public final class CodecCpuRatio {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SLICE_NS = 10_000_000;
    // Results go here, so the JIT can neither drop the work nor keep the objects off the heap (as a Blackhole).
    private static final Object[] SINK = new Object[1024];

    public static void main(String[] args) throws DeserializationException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 201;
        if (!Boolean.getBoolean("noHeader")) System.out.println("| message | parse ops/us (CPU) | onosParse ops/us (CPU) | ratio, median of " + pairs
                + " slice pairs | 10th pct | 90th pct |");
        if (!Boolean.getBoolean("noHeader")) System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        String[] messages = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"v2Report", "v3GeneralQuery", "v3Report20x4"};
        for (String message : messages) {
            byte[] wire = IgmpEncoder.toBytes(CodecBench.build(message));
            // Warm both up until compiled, and find how many operations fill a slice.
            long oursBatch = calibrate(wire, true), onosBatch = calibrate(wire, false);
            double[] ours = new double[pairs], onos = new double[pairs], ratio = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                // alternate which side goes first, so that neither always follows the other's garbage
                if (i % 2 == 0) {
                    ours[i] = rate(wire, true, oursBatch);
                    onos[i] = rate(wire, false, onosBatch);
                } else {
                    onos[i] = rate(wire, false, onosBatch);
                    ours[i] = rate(wire, true, oursBatch);
                }
                ratio[i] = ours[i] / onos[i];
            }
            Arrays.sort(ours);
            Arrays.sort(onos);
            Arrays.sort(ratio);
            System.out.printf("| %s | %.2f | %.3f | %.1fx | %.1fx | %.1fx |%n", message, ours[pairs / 2], onos[pairs / 2],
                    ratio[pairs / 2], ratio[pairs / 10], ratio[pairs * 9 / 10]);
        }
    }

    private static long calibrate(byte[] wire, boolean ours) throws DeserializationException {
        long batch = 1000;
        long warmUntil = THREADS.getCurrentThreadCpuTime() + 3_000_000_000L;
        while (true) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            run(wire, ours, batch);
            long t = THREADS.getCurrentThreadCpuTime() - t0;
            if (t < SLICE_NS / 2) batch *= 2;
            if (t0 + t > warmUntil) return Math.max(1000, (long) (batch * (double) SLICE_NS / Math.max(t, 1)));
        }
    }

    /** Operations per microsecond of this thread's CPU time. */
    private static double rate(byte[] wire, boolean ours, long batch) throws DeserializationException {
        long t0 = THREADS.getCurrentThreadCpuTime();
        run(wire, ours, batch);
        return batch / ((THREADS.getCurrentThreadCpuTime() - t0) / 1000.0);
    }

    private static void run(byte[] wire, boolean ours, long n) throws DeserializationException {
        if (ours) for (long i = 0; i < n; i++) SINK[(int) i & 1023] = IgmpParser.parse(wire, 0, wire.length);
        else for (long i = 0; i < n; i++) SINK[(int) i & 1023] = IGMP.deserializer().deserialize(wire, 0, wire.length);
    }
}
