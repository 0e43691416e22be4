package net.igmp.core.host;

import static net.igmp.core.host.Harness.g;
import static net.igmp.core.host.Harness.records;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.Test;

/** RFC 9776 section 5.1: action on change of interface state. */
class StateChangeReportTest {
    static final int G1 = g("239.1.1.1"), G2 = g("239.2.2.2");
    static final int S1 = g("10.1.0.1"), S2 = g("10.1.0.2"), S3 = g("10.1.0.3");

    @Test
    void changesListenedTogetherGoInOneReportAndUnchangedGroupsAreLeftOut() {
        Harness h = new Harness(new ScriptedRandom().then(399).then(399));
        h.host.join(h.now, Harness.IF, G2);
        h.drain();
        h.host.listen(h.now, HostEngine.DEFAULT_SOCKET, Harness.IF, List.of(
                new GroupFilter(G1, FilterMode.INCLUDE, SourceList.of(S1)),
                new GroupFilter(G2, FilterMode.EXCLUDE, SourceList.EMPTY), // as it is: nothing to report
                new GroupFilter(G1, FilterMode.INCLUDE, SourceList.of(S1, S2)))); // the last filter of G1 wins
        List<Transmit> sent = h.drain();
        assertThat(sent).hasSize(1);
        assertThat(records(sent.getFirst())).containsExactly("ALLOW 239.1.1.1 [10.1.0.1, 10.1.0.2]");
        assertThat(h.host.receptionState(Harness.IF, G1).sources().toArray()).containsExactlyInAnyOrder(S1, S2);
    }

    @Test
    void anySourceJoinSendsToExAtOnceAndOnceMoreWithinTheUnsolicitedReportInterval() {
        ScriptedRandom r = new ScriptedRandom().then(399);
        Harness h = new Harness(r);
        h.host.join(h.now, Harness.IF, G1);
        List<Transmit> first = h.drain();
        assertThat(first).hasSize(1);
        Transmit t = first.getFirst();
        assertThat(t.destination()).isEqualTo(Ipv4.ALL_IGMPV3_ROUTERS);
        assertThat(t.source()).isEqualTo(Harness.ADDR);
        assertThat(t.iface()).isEqualTo(Harness.IF);
        assertThat(records(t)).containsExactly("TO_EX 239.1.1.1 []");
        // one retransmission (Robustness Variable 2 in all) at a random moment within (0, 1000 ms]
        assertThat(h.host.nextDeadline()).isEqualTo(h.now + 400);
        assertThat(r.lastBound).isEqualTo(1000);
        List<Harness.Timed> later = h.runFor(10_000);
        assertThat(later).hasSize(1);
        assertThat(later.getFirst().at()).isEqualTo(1_000_400);
        assertThat(records(later.getFirst().transmit())).containsExactly("TO_EX 239.1.1.1 []");
        assertThat(h.host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void sourceSpecificJoinSendsAllow() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S2, S1));
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.1, 10.1.0.2]"));
        assertThat(h.runFor(2000)).extracting(x -> records(x.transmit())).containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.1, 10.1.0.2]"));
    }

    @Test
    void leavingSendsToInEmptyOrBlock() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1);
        h.host.join(h.now, Harness.IF, G2, SourceList.of(S1));
        h.runFor(5000);
        h.host.leave(h.now, Harness.IF, G1);
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("TO_IN 239.1.1.1 []"));
        h.host.leave(h.now, Harness.IF, G2);
        // the pending TO_IN for G1 is not part of G2's immediate report, it stays on its own schedule
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("BLOCK 239.2.2.2 [10.1.0.1]"));
        assertThat(h.runFor(5000)).extracting(x -> records(x.transmit()))
                .containsExactly(List.of("TO_IN 239.1.1.1 []", "BLOCK 239.2.2.2 [10.1.0.1]"));
        assertThat(h.host.groups(Harness.IF)).isEmpty();
        assertThat(h.host.receptionState(Harness.IF, G1)).isEqualTo(ReceptionState.NONE);
    }

    @Test
    void switchingGroupsIsOneReportCarryingBothRecordsAndSoIsItsRetransmission() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1);
        h.runFor(5000);
        h.host.switchGroup(h.now, Harness.IF, G1, G2);
        List<Transmit> now = h.drain();
        assertThat(now).hasSize(1);
        assertThat(records(now.getFirst())).containsExactly("TO_EX 239.2.2.2 []", "TO_IN 239.1.1.1 []");
        List<Harness.Timed> again = h.runFor(5000);
        assertThat(again).hasSize(1);
        assertThat(records(again.getFirst().transmit())).containsExactlyInAnyOrder("TO_EX 239.2.2.2 []", "TO_IN 239.1.1.1 []");
        assertThat(h.host.groups(Harness.IF)).containsExactly(G2);
    }

    @Test
    void sourceSpecificSwitchIsAllowForTheNewAndBlockForTheOld() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S1));
        h.runFor(5000);
        h.host.switchGroup(h.now, Harness.IF, G1, G2, FilterMode.INCLUDE, SourceList.of(S2));
        assertThat(h.drain()).extracting(Harness::records)
                .containsExactly(List.of("ALLOW 239.2.2.2 [10.1.0.2]", "BLOCK 239.1.1.1 [10.1.0.1]"));
    }

    @Test
    void aChangeWhileRetransmissionsArePendingIsMergedAndRestartsTheCount() {
        Harness h = new Harness(new ScriptedRandom().then(499, 299, 599));
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S1));
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.1]"));
        h.runFor(100); // retransmission of S1 still pending at +500
        h.host.listen(h.now, HostEngine.DEFAULT_SOCKET, Harness.IF, G1, FilterMode.INCLUDE, SourceList.of(S1, S2));
        // merged: S1 still has one retransmission due, S2 is new
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.1, 10.1.0.2]"));
        // the merged report was the first of RV: one more, at the newly drawn time (+300), carrying only S2
        List<Harness.Timed> later = h.runFor(5000);
        assertThat(later).extracting(x -> records(x.transmit())).containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.2]"));
        assertThat(later.getFirst().at()).isEqualTo(1_000_100 + 300);
    }

    @Test
    void aSourceAddedThenRemovedBeforeItsRetransmissionIsNowBlocked() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S1));
        h.runFor(5000);
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S1, S2));
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.2]"));
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S1));
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("BLOCK 239.1.1.1 [10.1.0.2]"));
        assertThat(h.runFor(5000)).extracting(x -> records(x.transmit())).containsExactly(List.of("BLOCK 239.1.1.1 [10.1.0.2]"));
    }

    @Test
    void aFilterModeChangeIsRepeatedAsFilterModeChangeRecordsEvenIfSourcesChangeMeanwhile() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.join(h.now, Harness.IF, G1, SourceList.of(S1));
        h.runFor(5000);
        h.host.listen(h.now, HostEngine.DEFAULT_SOCKET, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.of(S2));
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("TO_EX 239.1.1.1 [10.1.0.2]"));
        h.host.listen(h.now, HostEngine.DEFAULT_SOCKET, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.of(S2, S3));
        assertThat(h.drain()).extracting(Harness::records).containsExactly(List.of("TO_EX 239.1.1.1 [10.1.0.2, 10.1.0.3]"));
        // that was the second of RV (2) Filter-Mode-Change reports after the last mode change; then the
        // source-list change scheduled meanwhile is sent RV times as a Source-List-Change record
        assertThat(h.runFor(10_000)).extracting(x -> records(x.transmit())).containsExactly(
                List.of("BLOCK 239.1.1.1 [10.1.0.3]"),
                List.of("BLOCK 239.1.1.1 [10.1.0.3]"));
    }

    @Test
    void excludeModeSourceChangesAreAllowForUnblockedAndBlockForNewlyBlocked() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.listen(h.now, 7, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.of(S1, S2));
        h.runFor(5000);
        h.host.listen(h.now, 7, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.of(S2, S3));
        // EXCLUDE (A) -> EXCLUDE (B): ALLOW (A-B), BLOCK (B-A)
        assertThat(h.drain()).extracting(Harness::records)
                .containsExactly(List.of("ALLOW 239.1.1.1 [10.1.0.1]", "BLOCK 239.1.1.1 [10.1.0.3]"));
    }

    @Test
    void noChangeInInterfaceStateSendsNothing() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.listen(h.now, 1, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.EMPTY);
        h.runFor(5000);
        // a second socket with EXCLUDE {S1}: the intersection with {} stays {}
        h.host.listen(h.now, 2, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.of(S1));
        h.host.listen(h.now, 3, Harness.IF, G1, FilterMode.INCLUDE, SourceList.of(S2));
        assertThat(h.drain()).isEmpty();
        assertThat(h.host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theRobustnessVariableFromAQueryGovernsHowOftenChangesAreSent() {
        Harness h = new Harness(new ScriptedRandom());
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 4, 60));
        assertThat(h.host.robustness(Harness.IF)).isEqualTo(4);
        assertThat(h.host.queryIntervalMs(Harness.IF)).isEqualTo(60_000);
        h.host.join(h.now, Harness.IF, G1);
        assertThat(h.drain()).hasSize(1);
        assertThat(h.runFor(10_000)).extracting(x -> records(x.transmit())).containsExactly(
                List.of("TO_EX 239.1.1.1 []"), List.of("TO_EX 239.1.1.1 []"), List.of("TO_EX 239.1.1.1 []"));
        // QRV 0 keeps the adopted value
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 0, 0));
        assertThat(h.host.robustness(Harness.IF)).isEqualTo(4);
    }

    @Test
    void linkLocalGroupsAreNeverReported() {
        Harness h = new Harness(new ScriptedRandom().then(799));
        h.host.join(h.now, Harness.IF, G1);
        h.drain();
        long retransmission = h.host.nextDeadline();
        h.host.join(h.now, Harness.IF, g("224.0.0.251"));
        assertThat(h.drain()).isEmpty();
        assertThat(h.host.nextDeadline()).as("G1's retransmission is not moved").isEqualTo(retransmission);
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 2, 125));
        assertThat(h.runFor(5000)).extracting(x -> records(x.transmit()))
                .containsExactly(List.of("TO_EX 239.1.1.1 []"), List.of("IS_EX 239.1.1.1 []"));
        assertThat(h.host.receptionState(Harness.IF, g("224.0.0.251")).filterMode()).isEqualTo(FilterMode.EXCLUDE);
    }
}
