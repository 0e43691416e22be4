package net.igmp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import net.igmp.core.router.ForwardingEvent;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.RouterEngine;
import net.igmp.core.router.Transmit;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.Ipv4;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/**
 * Heap held by the router engine: 1,000,000 groups on one interface (one IGMPv2 member each, explicit tracking
 * on), and 100,000 groups with 10 sources each (IGMPv3 INCLUDE). Measured as used heap after forced GCs,
 * minus the same measure before the engine was built.
 *
 * <p>Run: {@code java -Xmx1g -cp igmp-bench/target/benchmarks.jar net.igmp.bench.RouterHeapFootprint}
 */
public final class RouterHeapFootprint {
    private RouterHeapFootprint() {}

    static final String IF = "eth0";

    public static void main(String[] args) {
        System.out.printf("1,000,000 groups x 1 v2 member (tracking on):  %s%n", measure(() -> v2Groups(1_000_000, true)));
        System.out.printf("1,000,000 groups x 1 v2 member (tracking off): %s%n", measure(() -> v2Groups(1_000_000, false)));
        System.out.printf("100,000 groups x 10 sources (v3 INCLUDE):       %s%n", measure(() -> v3Sources(100_000, 10)));
    }

    static String measure(java.util.function.Supplier<RouterEngine> build) {
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        RouterEngine e = build.get();
        long t1 = System.nanoTime();
        long after = usedAfterGc();
        int groups = e.groupCount(IF);
        long bytes = after - before;
        String s = String.format("%,d groups, %.1f MiB, %d bytes/group, built in %.2f s",
                groups, bytes / 1048576.0, bytes / Math.max(1, groups), (t1 - t0) / 1e9);
        if (e.groupCount(IF) < 0) System.out.println(); // keep e reachable until measured
        return s;
    }

    static long usedAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try { Thread.sleep(50); } catch (InterruptedException ignored) { Thread.currentThread().interrupt(); }
        }
        return m.getHeapMemoryUsage().getUsed();
    }

    static RouterEngine v2Groups(int n, boolean tracking) {
        RouterEngine e = new RouterEngine();
        e.addInterface(0, IF, Ipv4.parse("10.0.0.1"), InterfaceConfig.DEFAULTS.toBuilder().explicitTracking(tracking).build());
        for (int i = 0; i < n; i++) {
            int g = RouterEngineBench.group(i);
            e.handle(i / 1000, IF, RouterEngineBench.host(i), g, new V2MembershipReport(g));
            drain(e);
        }
        return e;
    }

    static RouterEngine v3Sources(int n, int sources) {
        RouterEngine e = new RouterEngine();
        e.addInterface(0, IF, Ipv4.parse("10.0.0.1"), InterfaceConfig.DEFAULTS);
        int[] src = new int[sources];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < sources; k++) src[k] = 0x0A640000 + ((i * 7 + k) & 0xFFFF);
            int g = RouterEngineBench.group(i);
            e.handle(i / 1000, IF, RouterEngineBench.host(i), Ipv4.ALL_IGMPV3_ROUTERS,
                    V3MembershipReport.of(new GroupRecord(RecordType.MODE_IS_INCLUDE, g, SourceList.of(src))));
            drain(e);
        }
        return e;
    }

    static void drain(RouterEngine e) {
        Transmit t;
        while ((t = e.pollTransmit()) != null) { }
        ForwardingEvent f;
        while ((f = e.pollEvent()) != null) { }
    }
}
