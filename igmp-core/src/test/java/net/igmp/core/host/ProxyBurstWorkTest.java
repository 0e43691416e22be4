package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.ProxyEvent;
import net.igmp.core.router.RouterEngine;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.Ipv4;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/**
 * RFC 4605 proxy path at scale: downstream reports into the router engine, its merged-membership events into the
 * host engine that reports upstream. A burst of 100,000 new groups must cost work linear in the groups: the host
 * engine counts every group entry its loops visit, and that count must stay a small multiple of the groups (a
 * re-scan of all pending groups per report would make it about 5 * 10^9).
 */
class ProxyBurstWorkTest {
    static final int GROUPS = 100_000;
    static final int UPSTREAM = 0;
    static final int DOWN = Ipv4.parse("10.201.0.1"), HOST = Ipv4.parse("10.201.0.9"), UP = Ipv4.parse("10.200.0.1");
    static final int BASE = Ipv4.parse("239.100.0.0");

    @Test
    void v3RecordBurstReachesTheUpstreamStateWithLinearWork() {
        Proxy p = new Proxy();
        long now = 1_000;
        for (int k = 0; k < GROUPS; k += 180) {
            List<GroupRecord> records = new ArrayList<>(180);
            for (int j = k; j < Math.min(GROUPS, k + 180); j++) records.add(new GroupRecord(RecordType.MODE_IS_EXCLUDE, BASE + j, SourceList.EMPTY));
            p.router.handle(now, "lan0", HOST, Ipv4.ALL_IGMPV3_ROUTERS, new V3MembershipReport(records));
            p.drain(now);
        }
        p.assertComplete(now);
    }

    @Test
    void v2ReportBurstReachesTheUpstreamStateWithLinearWork() {
        Proxy p = new Proxy();
        long now = 1_000;
        for (int k = 0; k < GROUPS; k++) {
            // one report per millisecond of every 100 groups: the retransmission timer fires during the burst too
            if (k % 100 == 0) {
                now++;
                p.router.handleTimeout(now);
                p.host.handleTimeout(now);
            }
            p.router.handle(now, "lan0", HOST, BASE + k, new V2MembershipReport(BASE + k));
            p.drain(now);
        }
        p.assertComplete(now);
    }

    private static final class Proxy {
        final RouterEngine router = new RouterEngine(true);
        final HostEngine host = new HostEngine(HostConfig.defaults(), new SplittableRandom(7));
        final java.util.BitSet reported = new java.util.BitSet(GROUPS);
        long recordsUp;

        Proxy() {
            router.addInterface(0, "lan0", DOWN, InterfaceConfig.DEFAULTS);
            host.addInterface(UPSTREAM, UP);
            drain(0);
        }

        void drain(long now) {
            while (router.pollTransmit() != null) {}
            while (router.pollEvent() != null) {}
            ProxyEvent pe;
            while ((pe = router.pollProxyEvent()) != null) host.listen(now, HostEngine.DEFAULT_SOCKET, UPSTREAM, pe.group(), pe.mode(), pe.sources());
            Transmit t;
            while ((t = host.pollTransmit()) != null) {
                for (GroupRecord r : ((V3MembershipReport) t.message()).records()) {
                    assertThat(r.recordType()).isEqualTo(RecordType.CHANGE_TO_EXCLUDE_MODE);
                    reported.set(r.group() - BASE);
                    recordsUp++;
                }
            }
        }

        void assertComplete(long now) {
            assertThat(router.groupCount("lan0")).isEqualTo(GROUPS);
            assertThat(host.reportableGroupCount(UPSTREAM)).isEqualTo(GROUPS);
            assertThat(reported.cardinality()).isEqualTo(GROUPS);
            // the retransmissions (Robustness Variable 2: one more TO_EX per group) within the Unsolicited Report Interval
            for (long t = now; t <= now + 2_000; t += 10) {
                host.handleTimeout(t);
                drain(t);
            }
            assertThat(recordsUp).isEqualTo(2L * GROUPS);
            assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
            assertThat(host.groupVisits()).isLessThanOrEqualTo(4L * GROUPS);
        }
    }
}
