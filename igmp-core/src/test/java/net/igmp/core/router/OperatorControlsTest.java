package net.igmp.core.router;

import static net.igmp.core.router.Rig.*;
import static net.igmp.wire.RecordType.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.Test;

/** Static groups, never-querier, trusted queriers, access lists changed at run time, clearing groups. */
class OperatorControlsTest {
    static final int G2 = ip("239.2.2.2"), SSM_G = ip("232.1.1.1");

    private static InterfaceConfig statics(String... groups) {
        return InterfaceConfig.builder().staticGroups(java.util.Arrays.stream(groups).map(StaticGroup::parse).toList()).build();
    }

    @Test
    void aStaticGroupForwardsWithNoHostAndOutlivesEveryTimer() {
        Rig r = new Rig(statics("239.1.1.1", "232.1.1.1 from 10.9.9.9"));
        assertThat(r.takeEvents()).containsExactlyInAnyOrder(
                new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.EMPTY),
                new ForwardingEvent(IF, SSM_G, FilterMode.INCLUDE, SourceList.of("10.9.9.9")));
        assertThat(r.group(G).staticMembership()).isEqualTo("239.1.1.1");
        // a host comes and leaves: the group stays forwarded, without a single change
        r.v2(H1, G).at(1000).leave(H1, G).at(600_000);
        assertThat(r.forwarding(G)).isEqualTo(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.EMPTY));
        // a host's (S,G) adds to the static one, and goes again on its own
        r.report(H1, rec(ALLOW_NEW_SOURCES, SSM_G, "10.8.8.8"));
        assertThat(r.forwarding(SSM_G).sources()).isEqualTo(SourceList.of("10.8.8.8", "10.9.9.9"));
        r.at(1_000_000);
        assertThat(r.forwarding(SSM_G).sources()).isEqualTo(SourceList.of("10.9.9.9"));
        assertThat(r.takeEvents()).containsExactly(
                new ForwardingEvent(IF, SSM_G, FilterMode.INCLUDE, SourceList.of("10.8.8.8", "10.9.9.9")),
                new ForwardingEvent(IF, SSM_G, FilterMode.INCLUDE, SourceList.of("10.9.9.9")));
        // configured away: the group ends
        r.e.updateConfig(r.now, IF, InterfaceConfig.DEFAULTS);
        r.collect();
        assertThat(r.takeEvents()).containsExactlyInAnyOrder(
                new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.EMPTY),
                new ForwardingEvent(IF, SSM_G, FilterMode.INCLUDE, SourceList.EMPTY));
        assertThat(r.e.groupCount(IF)).isZero();
    }

    @Test
    void aStaticGroupCountsForTheProxysUpstreamMembership() {
        Rig r = new Rig(statics("239.1.1.1"), true);
        assertThat(r.e.proxyMembership()).containsExactly(new ProxyEvent(G, FilterMode.EXCLUDE, SourceList.EMPTY));
    }

    @Test
    void aNeverQuerierSendsNoQueryAndFollowsTheQuerierItHears() {
        Rig r = new Rig(InterfaceConfig.builder().neverQuerier(true).build());
        r.at(1_000_000);
        assertThat(r.takeTx()).isEmpty();
        InterfaceState s = r.e.interfaceState(r.now, IF, false);
        assertThat(s.querier()).isFalse();
        assertThat(s.querierAddress()).isNull();
        // a querier with a higher address than ours still is the querier: we never compete
        int higher = ip("10.0.0.200");
        r.query(higher, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
        assertThat(r.e.interfaceState(r.now, IF, false).querierAddress()).isEqualTo("10.0.0.200");
        // it goes silent: still no query from us
        r.at(3_000_000);
        assertThat(r.takeTx()).isEmpty();
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isFalse();
        // configured back: we take the role at once
        r.e.updateConfig(r.now, IF, InterfaceConfig.DEFAULTS);
        r.collect();
        assertThat(r.takeTx()).hasSize(1);
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isTrue();
    }

    @Test
    void aQueryFromAnUntrustedSenderIsCountedAndIgnored() {
        Rig r = new Rig(InterfaceConfig.builder().trustedQueriers(List.of(Ipv4Prefix.parse("10.0.0.2/32"))).build());
        r.takeTx();
        // a unicast general query from a host with a lower address than ours would take the querier role
        r.query(ip("10.0.0.1"), MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
        assertThat(r.drops(DropReason.UNTRUSTED_QUERIER)).isEqualTo(1);
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isTrue();
        r.query(ip("10.0.0.2"), MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isFalse();
        assertThat(r.e.interfaceState(r.now, IF, false).querierAddress()).isEqualTo("10.0.0.2");
    }

    @Test
    void aChangedAccessListEndsJustTheMembershipsItNowRefuses() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.v2(H1, G).v2(H1, G2).report(H1, rec(ALLOW_NEW_SOURCES, SSM_G, "10.8.8.8", "10.9.9.9"));
        r.takeEvents();
        r.e.updateConfig(r.now, IF, InterfaceConfig.builder().groupAccess(AccessList.deny(Ipv4Prefix.parse("239.2.0.0/16")))
                .sourceAccess(AccessList.deny(Ipv4Prefix.parse("10.9.9.9/32"))).build());
        r.collect();
        assertThat(r.takeEvents()).containsExactlyInAnyOrder(
                new ForwardingEvent(IF, G2, FilterMode.INCLUDE, SourceList.EMPTY),
                new ForwardingEvent(IF, SSM_G, FilterMode.INCLUDE, SourceList.of("10.8.8.8")));
        assertThat(r.forwarding(G).mode()).isEqualTo(FilterMode.EXCLUDE);
    }

    @Test
    void clearingGroupsEndsThemAndQueriesAgainButKeepsStaticOnes() {
        Rig r = new Rig(statics("239.1.1.1"));
        r.at(1_000_000);
        r.v2(H1, G).v2(H1, G2).v2(H2, ip("239.3.3.3"));
        r.takeEvents();
        r.takeTx();
        assertThat(r.e.clearGroups(r.now, IF, G2)).isEqualTo(1);
        r.collect();
        assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G2, FilterMode.INCLUDE, SourceList.EMPTY));
        assertThat(r.takeTx()).hasSize(1).allMatch(t -> t.message() instanceof MembershipQuery q && q.isGeneral());
        assertThat(r.e.clearGroups(r.now, IF, 0)).isEqualTo(2);
        r.collect();
        assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, ip("239.3.3.3"), FilterMode.INCLUDE, SourceList.EMPTY));
        assertThat(r.group(G).reporters()).isEmpty();
        assertThat(r.forwarding(G).mode()).as("static: forwarded all along").isEqualTo(FilterMode.EXCLUDE);
    }

    @Test
    void aHostMayHoldAtMostItsLimitOfGroupsWhileOthersStillJoin() {
        Rig r = new Rig(InterfaceConfig.builder().maxGroupsPerHost(2).build());
        r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, ip("239.0.0.1")), rec(CHANGE_TO_EXCLUDE_MODE, ip("239.0.0.2")),
                rec(CHANGE_TO_EXCLUDE_MODE, ip("239.0.0.3")));
        assertThat(r.e.groups(IF)).containsExactly(ip("239.0.0.1"), ip("239.0.0.2"));
        assertThat(r.drops(DropReason.HOST_LIMIT)).isEqualTo(1);
        r.report(H2, rec(CHANGE_TO_EXCLUDE_MODE, ip("239.0.0.3")));
        assertThat(r.e.groups(IF)).contains(ip("239.0.0.3"));
        // a group left frees a place for the same host
        r.report(H1, rec(CHANGE_TO_INCLUDE_MODE, ip("239.0.0.1")));
        r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, ip("239.0.0.4")));
        assertThat(r.group(ip("239.0.0.4")).reporters()).containsExactly("10.0.0.101");
        // a limit set at run time counts what the hosts hold already
        r.e.updateConfig(r.now, IF, InterfaceConfig.builder().maxGroupsPerHost(1).build());
        r.report(H2, rec(CHANGE_TO_EXCLUDE_MODE, ip("239.0.0.5")));
        assertThat(r.group(ip("239.0.0.5"))).isNull();
    }
}
