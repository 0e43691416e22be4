package net.igmp.core.router;

import static net.igmp.core.router.Rig.*;
import static net.igmp.wire.RecordType.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.Test;

/** RFC 9776 7.3 compatibility, explicit host tracking and v2 immediate leave. */
class CompatibilityAndTrackingTest {
    static final ForwardingEvent GONE = new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.EMPTY);
    static final ForwardingEvent ALL = new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.EMPTY);

    @Test
    void v2ReportIsIsExEmptyAndStartsOlderHostPresentTimer() {
        Rig r = new Rig(rfc());
        r.report(H1, rec(MODE_IS_INCLUDE, G, "10.1.1.1"));
        r.at(1000).v2(H2, G);
        GroupState g = r.group(G);
        assertThat(g.filterMode()).isEqualTo(FilterMode.EXCLUDE);
        assertThat(g.compatibilityMode()).isEqualTo(2);
        assertThat(g.v2HostTimerMs()).isEqualTo(260_000); // 8.13 Older Host Present Interval
        assertThat(r.sources(G)).isEmpty(); // IS_EX({}) on INCLUDE(A): Delete(A-{})
        assertThat(r.takeEvents()).containsExactly(
                new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of("10.1.1.1")), ALL);
        r.at(1000 + 260_000 - 1);
        assertThat(r.group(G).compatibilityMode()).isEqualTo(2);
        r.v2(H2, G).at(1000 + 260_000 + 5);
        assertThat(r.group(G).compatibilityMode()).isEqualTo(2);
    }

    @Test
    void compatibilityModeReturnsToV3WhenTheTimerExpires() {
        Rig r = new Rig(rfc());
        r.v2(H2, G);
        r.at(200_000).report(H1, rec(MODE_IS_EXCLUDE, G));
        r.at(260_000);
        assertThat(r.group(G).compatibilityMode()).isEqualTo(3);
        assertThat(r.group(G).v2HostTimerMs()).isZero();
    }

    @Test
    void v1ReportPutsGroupInV1ModeWhereLeavesAreIgnored() {
        Rig r = new Rig(rfc());
        r.takeTx();
        r.v1(H1, G);
        assertThat(r.group(G).compatibilityMode()).isEqualTo(1);
        r.leave(H1, G);
        assertThat(r.drops(DropReason.LEAVE_IN_V1_MODE)).isEqualTo(1);
        assertThat(r.takeTx()).isEmpty();
        assertThat(r.group(G).groupTimerMs()).isEqualTo(260_000);
    }

    @Test
    void leaveIsToInEmpty() {
        Rig r = new Rig(rfc());
        r.takeTx();
        r.v2(H1, G);
        r.leave(H1, G);
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(1);
        assertThat(((MembershipQuery) tx.get(0).message()).group()).isEqualTo(G);
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2000);
        r.at(2000);
        assertThat(r.group(G)).isNull();
    }

    @Test
    void blockIgnoredAndToExSourcesIgnoredInOldMode() {
        Rig r = new Rig(rfc());
        r.v2(H1, G);
        r.report(H2, rec(ALLOW_NEW_SOURCES, G, "10.1.1.1"));
        r.report(H2, rec(BLOCK_OLD_SOURCES, G, "10.1.1.1"));
        assertThat(r.drops(DropReason.BLOCK_IN_OLD_MODE)).isEqualTo(1);
        assertThat(r.sourceTimer(G, "10.1.1.1")).isEqualTo(260_000);
        r.report(H2, rec(CHANGE_TO_EXCLUDE_MODE, G, "10.1.1.1", "10.1.1.2"));
        // treated as TO_EX({}): A = {} so X and Y are emptied
        assertThat(r.sources(G)).isEmpty();
        assertThat(r.forwarding(G)).isEqualTo(ALL);
    }

    @Test
    void explicitTrackingStopsForwardingWhenTheLastHostLeaves() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.takeTx();
        r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, G)).report(H2, rec(CHANGE_TO_EXCLUDE_MODE, G));
        assertThat(r.group(G).reporters()).containsExactly("10.0.0.101", "10.0.0.102");
        r.takeEvents();
        r.at(1000).report(H1, rec(CHANGE_TO_INCLUDE_MODE, G));
        // another host still listens: the normal last member query
        assertThat(r.takeTx()).hasSize(1);
        assertThat(r.takeEvents()).isEmpty();
        assertThat(r.group(G).reporters()).containsExactly("10.0.0.102");
        r.at(1500).report(H2, rec(MODE_IS_EXCLUDE, G)); // H2 answers the query
        r.at(2000).report(H2, rec(CHANGE_TO_INCLUDE_MODE, G));
        assertThat(r.takeEvents()).containsExactly(GONE); // at once, no query round
        assertThat(r.group(G)).isNull();
        assertThat(r.count(MessageCounter.FAST_LEAVE)).isEqualTo(1);
        assertThat(r.e.interfaceState(r.now, IF, false).trackedHosts()).isZero();
    }

    @Test
    void explicitTrackingPerSource() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.report(H1, rec(ALLOW_NEW_SOURCES, G, "10.1.1.1", "10.1.1.2"));
        r.report(H2, rec(ALLOW_NEW_SOURCES, G, "10.1.1.2"));
        r.takeTx();
        r.takeEvents();
        assertThat(r.group(G).sources().get(1).reporters()).containsExactly("10.0.0.101", "10.0.0.102");
        assertThat(r.group(G).sources().get(0).reporters()).containsExactly("10.0.0.101");
        r.report(H1, rec(BLOCK_OLD_SOURCES, G, "10.1.1.1", "10.1.1.2"));
        // .1 had only H1: gone at once; .2 is still wanted by H2: nothing queried since tracking knows
        assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of("10.1.1.2")));
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(1);
        assertThat(((MembershipQuery) tx.get(0).message()).sources()).isEqualTo(srcs("10.1.1.2"));
        r.report(H2, rec(BLOCK_OLD_SOURCES, G, "10.1.1.2"));
        assertThat(r.takeEvents()).containsExactly(GONE);
    }

    @Test
    void withoutTrackingTheLastLeaveWaitsForLastMemberQueryTime() {
        Rig r = new Rig(rfc());
        r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, G));
        r.takeEvents();
        r.report(H1, rec(CHANGE_TO_INCLUDE_MODE, G));
        assertThat(r.takeEvents()).isEmpty();
        r.at(1999);
        assertThat(r.takeEvents()).isEmpty();
        r.at(2000);
        assertThat(r.takeEvents()).containsExactly(GONE);
    }

    @Test
    void trackingIsNotTrustedForV2Hosts() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.v2(H1, G);
        r.takeEvents();
        r.leave(H1, G); // a v2 host's report may have suppressed others': query first
        assertThat(r.takeEvents()).isEmpty();
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2000);
    }

    @Test
    void immediateLeaveForV2() {
        Rig r = new Rig(InterfaceConfig.builder().immediateLeave(true).build());
        r.v2(H1, G);
        r.takeEvents();
        r.takeTx();
        r.leave(H1, G);
        assertThat(r.takeEvents()).containsExactly(GONE);
        assertThat(r.takeTx()).isEmpty();
    }

    @Test
    void silentHostsAreForgottenAfterGroupMembershipInterval() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.report(H1, rec(MODE_IS_EXCLUDE, G));
        r.at(200_000).report(H2, rec(MODE_IS_EXCLUDE, G));
        r.at(260_000);
        assertThat(r.group(G).reporters()).containsExactly("10.0.0.102");
        r.takeEvents();
        r.report(H2, rec(CHANGE_TO_INCLUDE_MODE, G));
        assertThat(r.takeEvents()).containsExactly(GONE);
    }

    @Test
    void anonymousReportersDisableFastLeave() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.report(0, rec(MODE_IS_EXCLUDE, G));
        r.report(H1, rec(MODE_IS_EXCLUDE, G));
        r.takeEvents();
        r.report(H1, rec(CHANGE_TO_INCLUDE_MODE, G));
        assertThat(r.takeEvents()).isEmpty();
    }

    @Test
    void v3LeaveInV1ModeKeepsTheGroupForTheV1Member() {
        Rig r = new Rig(rfc());
        r.takeTx();
        r.v1(H1, G);
        r.report(H2, rec(MODE_IS_EXCLUDE, G));
        r.at(1000).report(H2, rec(CHANGE_TO_INCLUDE_MODE, G));
        assertThat(r.takeTx()).isEmpty();
        assertThat(r.group(G).groupTimerMs()).isEqualTo(259_000);
        r.at(2000 + 258_000);
        assertThat(r.group(G)).isNull();
    }
}
