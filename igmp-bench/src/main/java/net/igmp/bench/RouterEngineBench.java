package net.igmp.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Router engine throughput, one thread: membership reports refreshing a table of {@code groups} existing groups
 * (the steady state of a busy LAN: every report hits a known group), and group timer expiries.
 * Reports are pre-built values, so the figures are the engine's own cost (parsing is the codec's benchmark).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseTransparentHugePages"})
public class RouterEngineBench {
    static final String IF = "eth0";
    static final int ROUTER = Ipv4.parse("10.0.0.1");

    static int group(int i) {
        return 0xE8000000 + 0x01000000 + i; // 233.0.0.0 + i: multicast, outside 232/8 and 224.0.0/24
    }

    static int host(int i) {
        return 0x0A000000 + 2 + (i & 0xFFFF); // 10.0.x.y
    }

    /**
     * The report stream: every group once per pass, in a seeded random order (reports of a busy LAN arrive in no
     * particular group order, so each one finds its group somewhere else in memory). Messages are built in stream
     * order, so reading the stream is sequential and stays out of the way of the engine's own memory accesses.
     */
    @State(Scope.Thread)
    public static class Reports {
        @Param({"1000", "1000000"})
        public int groups;

        RouterEngine engine;
        /** Group index of each stream position. */
        int[] order;
        V2MembershipReport[] v2;
        V3MembershipReport[] v3One;
        /** Twenty IS_IN records of twenty consecutive stream positions each. */
        V3MembershipReport[] v3Twenty;
        /** The groups in an open-addressing int table of the engine's size and load: the baseline's lookup. */
        IntLookup lookup;
        int next;
        long now;

        @Setup(Level.Trial)
        public void setup() {
            engine = new RouterEngine();
            engine.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS);
            order = new int[groups];
            for (int i = 0; i < groups; i++) order[i] = i;
            java.util.SplittableRandom random = new java.util.SplittableRandom(42);
            for (int i = groups - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i]; order[i] = order[j]; order[j] = t;
            }
            v2 = new V2MembershipReport[groups];
            for (int k = 0; k < groups; k++) v2[k] = new V2MembershipReport(group(order[k]));
            v3One = new V3MembershipReport[groups];
            GroupRecord[] records = new GroupRecord[groups];
            for (int k = 0; k < groups; k++) {
                int i = order[k];
                records[k] = new GroupRecord(RecordType.MODE_IS_INCLUDE, group(i), SourceList.of(0x0A640000 + (i & 0xFF)));
                v3One[k] = V3MembershipReport.of(records[k]);
            }
            v3Twenty = new V3MembershipReport[groups / 20];
            for (int m = 0; m < v3Twenty.length; m++) v3Twenty[m] = new V3MembershipReport(List.of(java.util.Arrays.copyOfRange(records, m * 20, m * 20 + 20)));
            lookup = new IntLookup(groups);
            for (int i = 0; i < groups; i++) lookup.add(group(i));
            // learn every group once (in group order) so the measured reports refresh existing state
            for (int i = 0; i < groups; i++) engine.handle(0, IF, host(i), group(i), new V2MembershipReport(group(i)));
            for (int k = 0; k < groups; k++) engine.handle(0, IF, host(order[k]), Ipv4.ALL_IGMPV3_ROUTERS, v3One[k]);
            drain(engine, null);
        }

        int nextIndex(int bound) {
            int i = next++;
            if (next >= bound) next = 0;
            return i;
        }
    }

    /**
     * Open addressing over an int[] of keys, linear probing, load at most 1/2: the cheapest possible group lookup,
     * used by {@link #baselineLookup} as the floor a report's cost is compared with.
     */
    static final class IntLookup {
        final int[] keys;

        IntLookup(int n) {
            int cap = 16;
            while (2 * (n + 1) > cap) cap *= 2;
            keys = new int[cap];
        }

        static int hash(int key) {
            int h = key * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        void add(int key) {
            int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = key;
        }

        int indexOf(int key) {
            int[] k = keys;
            int mask = k.length - 1;
            for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
                int v = k[i];
                if (v == key) return i;
                if (v == 0) return -1;
            }
        }
    }

    static void drain(RouterEngine e, Blackhole bh) {
        Transmit t;
        while ((t = e.pollTransmit()) != null) if (bh != null) bh.consume(t);
        ForwardingEvent f;
        while ((f = e.pollEvent()) != null) if (bh != null) bh.consume(f);
    }

    /**
     * Baseline for the report benchmarks: the same report stream and loop, and the group looked up in a plain int
     * hash table of the same size and load, but no engine. A report can hardly cost less than this.
     */
    @Benchmark
    public int baselineLookup(Reports s) {
        int k = s.nextIndex(s.groups);
        return s.lookup.indexOf(s.v2[k].group()) + host(s.order[k]);
    }

    /** IGMPv2 reports per second (each is IS_EX({}) for its group, RFC 9776 7.3.2). */
    @Benchmark
    public void v2Report(Reports s, Blackhole bh) {
        int k = s.nextIndex(s.groups);
        V2MembershipReport r = s.v2[k];
        s.engine.handle(s.now, IF, host(s.order[k]), r.group(), r);
        drain(s.engine, bh);
    }

    /** IGMPv3 reports with one IS_IN({S}) record per second. */
    @Benchmark
    public void v3Report1Record(Reports s, Blackhole bh) {
        int k = s.nextIndex(s.groups);
        s.engine.handle(s.now, IF, host(s.order[k]), Ipv4.ALL_IGMPV3_ROUTERS, s.v3One[k]);
        drain(s.engine, bh);
    }

    /** IGMPv3 reports with twenty IS_IN({S}) records (twenty random groups) per second. */
    @Benchmark
    public void v3Report20Records(Reports s, Blackhole bh) {
        int m = s.nextIndex(s.v3Twenty.length);
        s.engine.handle(s.now, IF, host(s.order[m * 20]), Ipv4.ALL_IGMPV3_ROUTERS, s.v3Twenty[m]);
        drain(s.engine, bh);
    }

    @State(Scope.Thread)
    public static class Expiry {
        static final int GROUPS = 100_000;
        RouterEngine engine;
        long deadline;

        @Setup(Level.Invocation)
        public void setup() {
            engine = new RouterEngine();
            engine.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS);
            for (int i = 0; i < GROUPS; i++) engine.handle(0, IF, host(i), group(i), new V2MembershipReport(group(i)));
            drain(engine, null);
            deadline = InterfaceConfig.DEFAULTS.groupMembershipInterval(2, 125_000);
        }
    }

    /** Group timer expiries per second: 100,000 groups whose timers all run out, each ending with an event. */
    @Benchmark
    @OperationsPerInvocation(Expiry.GROUPS)
    @Warmup(iterations = 3, batchSize = 1)
    @Measurement(iterations = 5, batchSize = 1)
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void groupTimerExpiry(Expiry s, Blackhole bh) {
        s.engine.handleTimeout(s.deadline);
        drain(s.engine, bh);
        if (s.engine.groupCount(IF) != 0) throw new IllegalStateException("groups left after expiry");
    }
}
