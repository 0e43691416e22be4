package net.igmp.core.host;

import static net.igmp.core.host.Harness.g;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/** RFC 9776 section 7.2 (host behavior with older queriers) and RFC 2236 section 3. */
class CompatibilityTest {
    static final int G1 = g("239.1.1.1"), G2 = g("239.2.2.2");

    static void query(Harness h, MembershipQuery q) {
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, q.isGeneral() ? Ipv4.ALL_SYSTEMS : q.group(), q);
    }

    static Harness joined(ScriptedRandom r, int... groups) {
        Harness h = new Harness(r);
        for (int gr : groups) h.host.join(h.now, Harness.IF, gr);
        h.runFor(5000);
        return h;
    }

    @Test
    void aV2QuerySwitchesToV2ModeAndIsAnsweredWithV2ReportsToTheGroup() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = joined(r, G1, G2);
        r.then(499, 2999);
        query(h, MembershipQuery.v2(0, 50));
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(2);
        assertThat(r.lastBound).isEqualTo(5000);
        List<Harness.Timed> sent = h.runFor(10_000);
        assertThat(sent).extracting(x -> x.transmit().message()).containsExactly(new V2MembershipReport(G1), new V2MembershipReport(G2));
        assertThat(sent).extracting(x -> x.transmit().destination()).containsExactly(G1, G2);
        assertThat(sent.get(0).at() + 2500).isEqualTo(sent.get(1).at());
    }

    @Test
    void aV1QueryMeansV1ReportsWithinTenSeconds() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = joined(r, G1);
        query(h, MembershipQuery.v1General());
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(1);
        assertThat(r.lastBound).as("Max Resp Code 0 reads as 10 s").isEqualTo(10_000);
        assertThat(h.runFor(10_000)).extracting(x -> x.transmit().message()).containsExactly(new V1MembershipReport(G1));
    }

    @Test
    void olderVersionQuerierPresentTimeoutIsRobustnessTimesQueryIntervalPlusResponseInterval() {
        Harness h = joined(new ScriptedRandom(), G1);
        // adopt QRV 3 and QQI 20 s from a v3 query first
        query(h, MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 3, 20));
        h.runFor(2000);
        long t0 = h.now;
        query(h, MembershipQuery.v2(0, 50));
        h.runUntil(t0 + 3 * 20_000 + 5_000 - 1);
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(2);
        h.runUntil(t0 + 3 * 20_000 + 5_000);
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(3);
    }

    @Test
    void whenTheV1TimerExpiresARunningV2TimerKeepsV2Mode() {
        Harness h = joined(new ScriptedRandom(), G1);
        long t0 = h.now;
        query(h, MembershipQuery.v1General());                // v1 present until t0 + 2*125 s + 10 s
        h.runFor(100_000);
        query(h, MembershipQuery.v2(0, 100));                 // v2 present until t0 + 100 s + 260 s
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(1);
        h.runUntil(t0 + 260_000);
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(2);
        h.runUntil(t0 + 360_000);
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(3);
    }

    @Test
    void changingModeCancelsPendingResponsesAndRetransmissions() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = joined(r, G1);
        query(h, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125)); // pending v3 response
        h.host.join(h.now, Harness.IF, G2);                                    // pending TO_EX retransmission
        assertThat(h.drain()).hasSize(1);
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, G1, MembershipQuery.v2(G1, 100));
        List<Harness.Timed> sent = h.runFor(30_000);
        // only the v2 answer to the v2 query: no v3 report of any kind
        assertThat(sent).extracting(x -> x.transmit().message()).containsExactly(new V2MembershipReport(G1));
    }

    @Test
    void inV2ModeAJoinIsReportedAtOnceAndRepeatedWithinTheV2UnsolicitedReportInterval() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = joined(r);
        query(h, MembershipQuery.v2(0, 100));
        r.then(6999);
        h.host.join(h.now, Harness.IF, G1, SourceList.of(g("10.1.0.1")));
        assertThat(h.drain()).extracting(Transmit::message).containsExactly(new V2MembershipReport(G1));
        assertThat(r.lastBound).isEqualTo(10_000);
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).extracting(x -> x.transmit().message()).containsExactly(new V2MembershipReport(G1));
        assertThat(sent.getFirst().at()).isEqualTo(h.now - 20_000 + 7000);
    }

    @Test
    void anotherHostsReportSuppressesOursAndThenWeSendNoLeave() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = joined(r, G1);
        query(h, MembershipQuery.v2(0, 100));
        h.host.handle(h.now + 10, Harness.IF, Harness.OTHER_HOST, G1, new V2MembershipReport(G1));
        assertThat(h.runFor(20_000)).isEmpty();
        assertThat(h.host.stats().reportsSuppressed()).isEqualTo(1);
        h.host.leave(h.now, Harness.IF, G1);
        assertThat(h.drain()).as("not the last to report: no Leave").isEmpty();
    }

    @Test
    void theLastHostToReportSendsALeaveToAllRouters() {
        Harness h = joined(new ScriptedRandom(), G1);
        query(h, MembershipQuery.v2(0, 100));
        assertThat(h.runFor(20_000)).hasSize(1);
        h.host.leave(h.now, Harness.IF, G1);
        List<Transmit> out = h.drain();
        assertThat(out).extracting(Transmit::message).containsExactly(new LeaveGroup(G1));
        assertThat(out.getFirst().destination()).isEqualTo(Ipv4.ALL_ROUTERS);
    }

    @Test
    void aV1HostSendsNoLeaveAndAV1ReportAlsoSuppresses() {
        Harness h = joined(new ScriptedRandom(), G1, G2);
        query(h, MembershipQuery.v1General());
        h.host.handle(h.now, Harness.IF, Harness.OTHER_HOST, G2, new V1MembershipReport(G2));
        assertThat(h.runFor(20_000)).extracting(x -> x.transmit().message()).containsExactly(new V1MembershipReport(G1));
        h.host.leave(h.now, Harness.IF, G1);
        assertThat(h.drain()).isEmpty();
    }

    @Test
    void aV2GroupQueryReducesButNeverExtendsARunningTimer() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = joined(r, G1);
        long t0 = h.now;
        r.then(1999, 99); // the second query draws nothing
        query(h, MembershipQuery.v2(0, 100));   // timer at +2000
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, G1, MembershipQuery.v2(G1, 100)); // remaining 2000 < 10000: kept
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, G1, MembershipQuery.v2(G1, 10));  // 1000 < 2000: reset
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).extracting(Harness.Timed::at).containsExactly(t0 + 100);
    }

    @Test
    void aV3HostIgnoresOtherHostsReportsAndItsOwnLoopedBackMessages() {
        Harness h = joined(new ScriptedRandom(), G1);
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
        h.host.handle(h.now, Harness.IF, Harness.OTHER_HOST, G1, new V2MembershipReport(G1));
        h.host.handle(h.now, Harness.IF, Harness.ADDR, Ipv4.ALL_SYSTEMS, MembershipQuery.v2(0, 10));
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(3);
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().transmit().message()).isInstanceOf(V3MembershipReport.class);
        assertThat(h.host.stats().ignored()).isEqualTo(2);
    }

    @Test
    void aForcedV2HostNeverSpeaksV3() {
        Harness h = new Harness(HostConfig.defaults().withMaxVersion(2), new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1);
        assertThat(h.drain()).extracting(Transmit::message).containsExactly(new V2MembershipReport(G1));
        query(h, MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 2, 125));
        assertThat(h.runFor(20_000)).extracting(x -> x.transmit().message()).containsOnly(new V2MembershipReport(G1));
        assertThat(h.host.compatibilityMode(Harness.IF)).isEqualTo(2);
    }

    @Test
    void inV2ModeASwitchIsAReportForTheNewGroupAndALeaveForTheOld() {
        Harness h = joined(new ScriptedRandom());
        query(h, MembershipQuery.v2(0, 100));
        h.host.join(h.now, Harness.IF, G1);
        h.runFor(20_000);
        h.host.switchGroup(h.now, Harness.IF, G1, G2);
        assertThat(h.drain()).extracting(Transmit::message).containsExactly(new V2MembershipReport(G2), new LeaveGroup(G1));
    }
}
