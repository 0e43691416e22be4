package net.igmp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.igmp.core.host.HostConfig;
import net.igmp.core.host.HostEngine;
import net.igmp.core.host.Transmit;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
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

/**
 * One host engine emulating 100,000 hosts (one interface each, one group joined, every fourth host also an SSM
 * channel) answers one IGMPv3 General Query: the query is handled by every host, the response timers run out,
 * and every report is built and encoded into a byte buffer as a runtime would send it. One operation is one
 * host's report, so the score is reports built and encoded per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class HostEngineBench {
    static final int HOSTS = 100_000;

    @Param({"100000"})
    public int hosts;

    private HostEngine engine;
    private IgmpMessage[] prebuilt;
    private long now;
    private final byte[] buffer = new byte[1500];
    private final MembershipQuery query = MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125);
    private final int router = Ipv4.parse("10.0.0.1");

    @Setup(Level.Trial)
    public void setUp() {
        engine = new HostEngine(HostConfig.defaults(), new SplittableRandom(42));
        int base = Ipv4.parse("10.0.0.0");
        for (int h = 0; h < hosts; h++) {
            engine.addInterface(h, base + 2 + h);
            engine.join(now, h, Ipv4.parse("239.1.0.0") + (h % 1000));
            if (h % 4 == 0) engine.join(now, h, Ipv4.parse("232.1.0.0") + (h % 100), SourceList.of(Ipv4.parse("192.0.2.1")));
        }
        settle(now + 60_000);
        // the same answer, kept: the baseline below only encodes it
        now += 1000;
        for (int h = 0; h < hosts; h++) engine.handle(now, h, router, Ipv4.ALL_SYSTEMS, query);
        List<IgmpMessage> kept = new ArrayList<>();
        while (engine.nextDeadline() <= now + 10_000) {
            engine.handleTimeout(engine.nextDeadline());
            for (Transmit t; (t = engine.pollTransmit()) != null; ) kept.add(t.message());
        }
        now += 10_000;
        prebuilt = kept.toArray(IgmpMessage[]::new);
    }

    private int settle(long until) {
        int n = 0;
        while (engine.nextDeadline() <= until) {
            engine.handleTimeout(engine.nextDeadline());
            for (Transmit t; (t = engine.pollTransmit()) != null; ) {
                IgmpEncoder.encode(t.message(), buffer, 0);
                n++;
            }
        }
        for (Transmit t; (t = engine.pollTransmit()) != null; ) {
            IgmpEncoder.encode(t.message(), buffer, 0);
            n++;
        }
        now = until;
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(HOSTS)
    public int answerOneGeneralQuery() {
        now += 1000;
        for (int h = 0; h < hosts; h++) engine.handle(now, h, router, Ipv4.ALL_SYSTEMS, query);
        int reports = settle(now + 10_000);
        if (reports != hosts) throw new IllegalStateException(reports + " reports from " + hosts + " hosts");
        return reports;
    }

    /**
     * Baseline for the same run: only encoding the 100,000 reports, built beforehand. The ratio of the two
     * scores is what the engine costs on top of putting the bytes in a buffer.
     */
    @Benchmark
    @OperationsPerInvocation(HOSTS)
    public int baselineEncodeOnly() {
        int n = 0;
        for (IgmpMessage m : prebuilt) n += IgmpEncoder.encode(m, buffer, 0);
        return n;
    }
}
