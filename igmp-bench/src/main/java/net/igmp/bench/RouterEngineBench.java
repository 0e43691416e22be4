package net.igmp.bench;

import java.util.ArrayList;
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
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RouterEngineBench {
    static final String IF = "eth0";
    static final int ROUTER = Ipv4.parse("10.0.0.1");

    static int group(int i) {
        return 0xE8000000 + 0x01000000 + i; // 233.0.0.0 + i: multicast, outside 232/8 and 224.0.0/24
    }

    static int host(int i) {
        return 0x0A000000 + 2 + (i & 0xFFFF); // 10.0.x.y
    }

    @State(Scope.Thread)
    public static class Reports {
        @Param({"1000", "1000000"})
        public int groups;

        RouterEngine engine;
        V2MembershipReport[] v2;
        V3MembershipReport[] v3One;
        V3MembershipReport[] v3Twenty;
        int next;
        long now;

        @Setup(Level.Trial)
        public void setup() {
            engine = new RouterEngine();
            engine.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS);
            v2 = new V2MembershipReport[groups];
            v3One = new V3MembershipReport[groups];
            v3Twenty = new V3MembershipReport[groups / 20];
            List<GroupRecord> batch = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                v2[i] = new V2MembershipReport(group(i));
                GroupRecord r = new GroupRecord(RecordType.MODE_IS_INCLUDE, group(i), SourceList.of(0x0A640000 + (i & 0xFF)));
                v3One[i] = V3MembershipReport.of(r);
                batch.add(r);
                if (batch.size() == 20) {
                    v3Twenty[i / 20] = new V3MembershipReport(batch);
                    batch.clear();
                }
            }
            // learn every group once so the measured reports refresh existing state
            for (int i = 0; i < groups; i++) engine.handle(0, IF, host(i), group(i), v2[i]);
            for (int i = 0; i < groups; i++) engine.handle(0, IF, host(i), Ipv4.ALL_IGMPV3_ROUTERS, v3One[i]);
            drain(engine, null);
        }

        int nextIndex(int bound) {
            int i = next++;
            if (next >= bound) next = 0;
            return i;
        }
    }

    static void drain(RouterEngine e, Blackhole bh) {
        Transmit t;
        while ((t = e.pollTransmit()) != null) if (bh != null) bh.consume(t);
        ForwardingEvent f;
        while ((f = e.pollEvent()) != null) if (bh != null) bh.consume(f);
    }

    /** IGMPv2 reports per second (each is IS_EX({}) for its group, RFC 9776 7.3.2). */
    @Benchmark
    public void v2Report(Reports s, Blackhole bh) {
        int i = s.nextIndex(s.groups);
        s.engine.handle(s.now, IF, host(i), group(i), s.v2[i]);
        drain(s.engine, bh);
    }

    /** IGMPv3 reports with one IS_IN({S}) record per second. */
    @Benchmark
    public void v3Report1Record(Reports s, Blackhole bh) {
        int i = s.nextIndex(s.groups);
        s.engine.handle(s.now, IF, host(i), Ipv4.ALL_IGMPV3_ROUTERS, s.v3One[i]);
        drain(s.engine, bh);
    }

    /** IGMPv3 reports with twenty IS_IN({S}) records per second. */
    @Benchmark
    public void v3Report20Records(Reports s, Blackhole bh) {
        int i = s.nextIndex(s.v3Twenty.length);
        s.engine.handle(s.now, IF, host(i * 20), Ipv4.ALL_IGMPV3_ROUTERS, s.v3Twenty[i]);
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
