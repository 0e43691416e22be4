package net.igmp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import net.igmp.wire.Ipv4;
import net.igmp.wire.V2MembershipReport;

/**
 * The report benchmarks of {@link RouterEngineBench} (same state, same random-order report stream, same loop) timed
 * in the thread's CPU time as well as wall time. On a shared, loaded host the benchmark thread spends much of its
 * wall time waiting for a core, which JMH's throughput counts as work; CPU time leaves that out, so the figures
 * vary less between runs. Each round times the lookup baseline, v2 reports and v3 one-record reports one after the
 * other, so their ratio compares like with like.
 *
 * <pre>java -Xmx4g -cp igmp-bench/target/benchmarks.jar net.igmp.bench.RouterReportCpuTime [groups] [rounds]</pre>
 */
public final class RouterReportCpuTime {
    private static long sink;

    private RouterReportCpuTime() {}

    public static void main(String[] args) {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int n = Math.max(groups, 2_000_000); // reports per timed run
        RouterEngineBench.Reports v2 = state(groups), v3 = state(groups);
        for (int w = 0; w < 3; w++) { // warm-up: compiled loops, and every group refreshed once
            baseline(v2, n);
            v2Reports(v2, n);
            v3Reports(v3, n);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("groups %,d, %,d reports per run; ns per report as CPU time (wall time)%n", groups, n);
        System.out.printf("%-6s %16s %16s %16s %10s %10s%n", "round", "baseline", "v2", "v3 1 record", "v2/base", "v3/base");
        for (int r = 1; r <= rounds; r++) {
            long[] cpu = new long[3], wall = new long[3];
            for (int b = 0; b < 3; b++) {
                long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                switch (b) {
                    case 0 -> baseline(v2, n);
                    case 1 -> v2Reports(v2, n);
                    default -> v3Reports(v3, n);
                }
                cpu[b] = mx.getCurrentThreadCpuTime() - c0;
                wall[b] = System.nanoTime() - w0;
            }
            System.out.printf("%-6d %16s %16s %16s %10.1f %10.1f%n", r, cell(cpu[0], wall[0], n), cell(cpu[1], wall[1], n),
                    cell(cpu[2], wall[2], n), (double) cpu[1] / cpu[0], (double) cpu[2] / cpu[0]);
        }
        if (sink == 42) System.out.println();
    }

    private static String cell(long cpu, long wall, int n) {
        return String.format("%.0f (%.0f)", (double) cpu / n, (double) wall / n);
    }

    private static RouterEngineBench.Reports state(int groups) {
        RouterEngineBench.Reports s = new RouterEngineBench.Reports();
        s.groups = groups;
        s.setup();
        return s;
    }

    private static void baseline(RouterEngineBench.Reports s, int n) {
        long acc = 0;
        for (int j = 0; j < n; j++) {
            int k = s.nextIndex(s.groups);
            acc += s.lookup.indexOf(s.v2[k].group()) + RouterEngineBench.host(s.order[k]);
        }
        sink += acc;
    }

    private static void v2Reports(RouterEngineBench.Reports s, int n) {
        for (int j = 0; j < n; j++) {
            int k = s.nextIndex(s.groups);
            V2MembershipReport r = s.v2[k];
            s.engine.handle(s.now, RouterEngineBench.IF, RouterEngineBench.host(s.order[k]), r.group(), r);
            RouterEngineBench.drain(s.engine, null);
        }
    }

    private static void v3Reports(RouterEngineBench.Reports s, int n) {
        for (int j = 0; j < n; j++) {
            int k = s.nextIndex(s.groups);
            s.engine.handle(s.now, RouterEngineBench.IF, RouterEngineBench.host(s.order[k]), Ipv4.ALL_IGMPV3_ROUTERS, s.v3One[k]);
            RouterEngineBench.drain(s.engine, null);
        }
    }
}
