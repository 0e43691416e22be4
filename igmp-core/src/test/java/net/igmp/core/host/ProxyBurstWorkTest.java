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
 * RFC 4605 proxy path at scale, wired as the Linux daemon wires it: downstream reports into the router engine, the
 * merged-membership events of what was read together into the host engine in one call. A burst of 100,000 new
 * groups must cost work linear in the groups: the host engine counts every group entry its loops visit, and that
 * count must stay a small multiple of the groups (a re-scan of all pending groups per change would make it about
 * 5 * 10^9). Upstream the changes travel packed: about as many reports as full MTU-sized reports need.
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
        // one upstream report per downstream report (180 records each fit the 1500-octet MTU)
        assertThat(p.reportsUp).isEqualTo((GROUPS + 179) / 180);
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
            if (k % 50 == 49) p.drain(now); // the daemon passes on what it read in one round together
        }
        p.drain(now);
        assertThat(p.reportsUp).isLessThanOrEqualTo(GROUPS / 50 + 200);
        p.assertComplete(now);
    }

    private static final class Proxy {
        final RouterEngine router = new RouterEngine(true);
        final HostEngine host = new HostEngine(HostConfig.defaults(), new SplittableRandom(7));
        final java.util.BitSet reported = new java.util.BitSet(GROUPS);
        long recordsUp, reportsUp;

        Proxy() {
            router.addInterface(0, "lan0", DOWN, InterfaceConfig.DEFAULTS);
            host.addInterface(UPSTREAM, UP);
            drain(0);
        }

        void drain(long now) {
            while (router.pollTransmit() != null) {}
            while (router.pollEvent() != null) {}
            ProxyEvent pe;
            List<GroupFilter> changes = new ArrayList<>();
            while ((pe = router.pollProxyEvent()) != null) changes.add(new GroupFilter(pe.group(), pe.mode(), pe.sources()));
            host.listen(now, HostEngine.DEFAULT_SOCKET, UPSTREAM, changes);
            Transmit t;
            while ((t = host.pollTransmit()) != null) {
                reportsUp++;
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
            assertThat(reportsUp).as("retransmissions packed too").isLessThanOrEqualTo(2L * GROUPS / 50 + 1_000);
            assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
            assertThat(host.groupVisits()).isLessThanOrEqualTo(4L * GROUPS);
        }
    }
}
