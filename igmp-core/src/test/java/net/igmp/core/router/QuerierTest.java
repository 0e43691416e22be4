package net.igmp.core.router;

import static net.igmp.core.router.Rig.*;
import static net.igmp.wire.RecordType.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.Test;

/** Querier election, general and startup queries, learned QRV/QQI, specific-query timers (RFC 9776 6.6). */
class QuerierTest {

    static MembershipQuery generalV3(int qrv, int qqiS) {
        return MembershipQuery.v3(0, SourceList.EMPTY, 100, false, qrv, qqiS);
    }

    @Test
    void startupQueriesThenEveryQueryInterval() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        // 8.7 Startup Query Count = RV = 2, 8.6 Startup Query Interval = QI/4 = 31.25 s
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(1);
        MembershipQuery q = (MembershipQuery) tx.get(0).message();
        assertThat(tx.get(0).destination()).isEqualTo(Ipv4.ALL_SYSTEMS);
        assertThat(q.isGeneral()).isTrue();
        assertThat(q.version()).isEqualTo(3);
        assertThat(q.maxRespTimeTenths()).isEqualTo(100);
        assertThat(q.qrv()).isEqualTo(2);
        assertThat(q.queryIntervalS()).isEqualTo(125);
        r.at(31_249);
        assertThat(r.takeTx()).isEmpty();
        r.at(31_250);
        assertThat(r.takeTx()).hasSize(1);
        r.at(31_250 + 124_999);
        assertThat(r.takeTx()).isEmpty();
        r.at(31_250 + 125_000);
        assertThat(r.takeTx()).hasSize(1);
        r.at(31_250 + 250_000);
        assertThat(r.takeTx()).hasSize(1);
        assertThat(r.count(MessageCounter.TX_GENERAL_QUERY)).isEqualTo(4);
        assertThat(r.e.nextDeadline()).isEqualTo(31_250 + 375_000);
    }

    @Test
    void lowerAddressQuerierWinsAndOtherQuerierPresentTimerBringsUsBack() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.takeTx();
        r.at(1000).query(LOWER_ROUTER, generalV3(2, 125));
        InterfaceState s = r.e.interfaceState(r.now, IF, false);
        assertThat(s.querier()).isFalse();
        assertThat(s.querierAddress()).isEqualTo("10.0.0.1");
        assertThat(s.otherQuerierPresentInMs()).isEqualTo(255_000); // 8.5: RV x QI + QRI/2
        r.at(1000 + 254_999);
        assertThat(r.takeTx()).isEmpty(); // a non-querier sends no queries
        r.at(1000 + 255_000);
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(1);
        assertThat(((MembershipQuery) tx.get(0).message()).isGeneral()).isTrue();
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isTrue();
        assertThat(r.count(MessageCounter.QUERIER_ELECTED)).isEqualTo(2);
    }

    @Test
    void quietUntilIsTheInterfacesOwnNextQueryOrTakeOverAndNoPromiseWithGroupState() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.takeTx();
        assertThat(r.e.quietUntil(IF)).isEqualTo(31_250); // the second startup query (8.6)
        assertThat(r.e.quietUntil("eth9")).isEqualTo(Long.MAX_VALUE);
        r.at(1000).query(LOWER_ROUTER, generalV3(2, 125));
        assertThat(r.e.quietUntil(IF)).isEqualTo(1000 + 255_000); // 6.6.2: silent until the other querier is gone
        r.at(1000 + 254_999);
        assertThat(r.takeTx()).isEmpty();
        r.at(1000 + 255_000);
        assertThat(r.takeTx()).hasSize(1);
        assertThat(r.e.quietUntil(IF)).isEqualTo(1000 + 255_000 + 125_000); // then every Query Interval
        r.report(H1, rec(RecordType.CHANGE_TO_EXCLUDE_MODE, G));
        assertThat(r.e.quietUntil(IF)).isEqualTo(Long.MIN_VALUE); // a member: datagrams may go out at any moment
    }

    @Test
    void higherAddressQuerierIsIgnored() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.at(1000).query(ip("10.0.0.9"), generalV3(2, 125));
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isTrue();
        r.query(0, generalV3(2, 125)); // a snooping switch's 0.0.0.0 query never wins
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isTrue();
    }

    @Test
    void nonQuerierAdoptsQrvAndQqi() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.query(LOWER_ROUTER, generalV3(3, 60));
        InterfaceState s = r.e.interfaceState(r.now, IF, false);
        assertThat(s.robustness()).isEqualTo(3);
        assertThat(s.queryIntervalMs()).isEqualTo(60_000);
        assertThat(s.otherQuerierPresentInMs()).isEqualTo(3 * 60_000 + 5_000);
        r.v2(H1, G);
        assertThat(r.group(G).groupTimerMs()).isEqualTo(3 * 60_000 + 10_000); // GMI from the learned values
        r.query(LOWER_ROUTER, generalV3(0, 60)); // QRV 0 is not adopted
        assertThat(r.e.interfaceState(r.now, IF, false).robustness()).isEqualTo(3);
    }

    @Test
    void addressChangeBelowQuerierTakesOver() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.query(LOWER_ROUTER, generalV3(2, 125));
        r.takeTx();
        r.e.changeAddress(r.now, IF, ip("10.0.0.0"));
        r.collect();
        assertThat(r.e.interfaceState(r.now, IF, false).querier()).isTrue();
        assertThat(r.takeTx()).hasSize(1);
    }

    @Test
    void receivedGroupSpecificQueryWithSClearLowersGroupTimer() {
        Rig r = new Rig(rfc());
        r.query(LOWER_ROUTER, generalV3(2, 125));
        r.v2(H1, G);
        r.at(5000).query(LOWER_ROUTER, MembershipQuery.v3(G, SourceList.EMPTY, 10, false, 2, 125));
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2 * 1000); // 6.6.1: LMQT = LMQC x Max Resp Time
        r.query(LOWER_ROUTER, MembershipQuery.v3(G, SourceList.EMPTY, 10, true, 2, 125));
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2000);
        r.at(7000);
        assertThat(r.group(G)).isNull();
    }

    @Test
    void receivedQueryWithSSetDoesNotLowerTimers() {
        Rig r = new Rig(rfc());
        r.query(LOWER_ROUTER, generalV3(2, 125));
        r.report(H1, rec(MODE_IS_INCLUDE, G, "10.1.1.1"));
        r.query(LOWER_ROUTER, MembershipQuery.v3(G, srcs("10.1.1.1"), 10, true, 2, 125));
        assertThat(r.sourceTimer(G, "10.1.1.1")).isEqualTo(260_000);
        r.query(LOWER_ROUTER, MembershipQuery.v3(G, srcs("10.1.1.1"), 10, false, 2, 125));
        assertThat(r.sourceTimer(G, "10.1.1.1")).isEqualTo(2000);
    }

    @Test
    void groupQueryRetransmissionSetsSFlagOnceAReportRaisedTheTimer() {
        Rig r = new Rig(rfc());
        r.takeTx();
        r.v2(H1, G).v2(H2, G);
        r.at(1000).report(H1, rec(CHANGE_TO_INCLUDE_MODE, G));
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(1);
        assertThat(((MembershipQuery) tx.get(0).message()).suppressRouterProcessing()).isFalse();
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2000);
        r.at(1500).v2(H2, G); // another member answers: group timer back to GMI
        r.at(2000);
        tx = r.takeTx();
        assertThat(tx).hasSize(1);
        MembershipQuery q = (MembershipQuery) tx.get(0).message();
        assertThat(q.group()).isEqualTo(G);
        assertThat(q.suppressRouterProcessing()).as("6.6.3.1: S set when the group timer is above LMQT").isTrue();
        r.at(10_000);
        assertThat(r.takeTx()).isEmpty(); // LMQC = 2 queries in all
        assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
    }

    @Test
    void groupAndSourceQuerySplitsBySourceTimer() {
        Rig r = new Rig(rfc());
        r.takeTx();
        r.report(H1, rec(MODE_IS_INCLUDE, G, "10.1.1.1", "10.1.1.2"));
        r.at(1000).report(H1, rec(BLOCK_OLD_SOURCES, G, "10.1.1.1", "10.1.1.2"));
        assertThat(r.takeTx()).hasSize(1);
        r.at(1500).report(H2, rec(ALLOW_NEW_SOURCES, G, "10.1.1.2")); // answers for .2 only
        r.at(2000);
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(2);
        MembershipQuery high = (MembershipQuery) tx.get(0).message();
        MembershipQuery low = (MembershipQuery) tx.get(1).message();
        assertThat(high.suppressRouterProcessing()).isTrue();
        assertThat(high.sources()).isEqualTo(srcs("10.1.1.2"));
        assertThat(low.suppressRouterProcessing()).isFalse();
        assertThat(low.sources()).isEqualTo(srcs("10.1.1.1"));
        r.at(3000);
        assertThat(r.sources(G)).containsExactly("10.1.1.2");
    }

    @Test
    void nonQuerierSendsNoSpecificQueries() {
        Rig r = new Rig(rfc());
        r.query(LOWER_ROUTER, generalV3(2, 125));
        r.takeTx();
        r.v2(H1, G);
        r.leave(H1, G);
        assertThat(r.takeTx()).isEmpty();
        assertThat(r.group(G).groupTimerMs()).isEqualTo(260_000); // waits for the querier's Q(G) (6.6.1)
    }

    @Test
    void v2QuerierSendsV2Queries() {
        Rig r = new Rig(InterfaceConfig.builder().version(2).explicitTracking(false).build());
        MembershipQuery q = (MembershipQuery) r.takeTx().get(0).message();
        assertThat(q.version()).isEqualTo(2);
        assertThat(q.maxRespCode()).isEqualTo(100);
        r.v2(H1, G).leave(H1, G);
        List<Transmit> tx = r.takeTx();
        assertThat(tx).hasSize(1);
        assertThat(((MembershipQuery) tx.get(0).message()).version()).isEqualTo(2);
        assertThat(((MembershipQuery) tx.get(0).message()).maxRespCode()).isEqualTo(10);
    }

    @Test
    void v1QuerierSendsV1QueriesAndNoGroupSpecificOnes() {
        Rig r = new Rig(InterfaceConfig.builder().version(1).explicitTracking(false).build());
        MembershipQuery q = (MembershipQuery) r.takeTx().get(0).message();
        assertThat(q.version()).isEqualTo(1);
        r.v1(H1, G);
        r.report(H2, rec(CHANGE_TO_INCLUDE_MODE, G));
        assertThat(r.takeTx()).isEmpty();
    }

    @Test
    void querierVersionDowngradeWhenConfigured() {
        Rig r = new Rig(InterfaceConfig.builder().querierVersionDowngrade(true).build());
        r.takeTx();
        r.at(1000).query(ip("10.0.0.9"), MembershipQuery.v2(0, 100)); // higher address: we stay querier
        InterfaceState s = r.e.interfaceState(r.now, IF, false);
        assertThat(s.version()).isEqualTo(2);
        assertThat(s.configuredVersion()).isEqualTo(3);
        assertThat(s.olderQuerierPresentInMs()).isEqualTo(255_000);
        r.at(31_250);
        assertThat(((MembershipQuery) r.takeTx().get(0).message()).version()).isEqualTo(2);
        r.at(1000 + 255_000);
        assertThat(r.e.interfaceState(r.now, IF, false).version()).isEqualTo(3);
        assertThat(r.count(MessageCounter.RX_OLDER_VERSION_QUERY)).isEqualTo(1);
    }

    @Test
    void noDowngradeByDefaultButCounted() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.query(ip("10.0.0.9"), MembershipQuery.v2(0, 100));
        assertThat(r.e.interfaceState(r.now, IF, false).version()).isEqualTo(3);
        assertThat(r.count(MessageCounter.RX_OLDER_VERSION_QUERY)).isEqualTo(1);
    }

    @Test
    void removeInterfaceEndsEveryGroup() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.v2(H1, G).report(H1, rec(MODE_IS_INCLUDE, ip("239.2.2.2"), "10.1.1.1"));
        r.takeEvents();
        r.e.removeInterface(r.now, IF);
        r.collect();
        assertThat(r.takeEvents()).containsExactlyInAnyOrder(
                new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.EMPTY),
                new ForwardingEvent(IF, ip("239.2.2.2"), FilterMode.INCLUDE, SourceList.EMPTY));
        assertThat(r.e.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.e.interfaceNames()).isEmpty();
    }

    @Test
    void querierAddressFollowsTheLowestRouterUntilItFallsSilent() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.query(ip("10.0.0.1"), generalV3(2, 125));
        r.at(1000).query(ip("10.0.0.3"), generalV3(3, 90)); // has not heard 10.0.0.1 yet
        InterfaceState s = r.e.interfaceState(r.now, IF, false);
        assertThat(s.querierAddress()).isEqualTo("10.0.0.1");
        assertThat(s.robustness()).isEqualTo(2); // QRV only from the querier
        for (long t = 100_000; t <= 400_000; t += 100_000) r.at(t).query(ip("10.0.0.3"), generalV3(3, 90));
        s = r.e.interfaceState(r.now, IF, false);
        assertThat(s.querier()).isFalse();
        assertThat(s.querierAddress()).isEqualTo("10.0.0.3");
        assertThat(s.robustness()).isEqualTo(3);
    }

    @Test
    void boundedTimeoutProcessing() {
        Rig r = new Rig(rfc());
        for (int k = 0; k < 10; k++) r.v2(H1, ip("239.3.0." + (k + 1)));
        r.takeEvents();
        assertThat(r.e.handleTimeout(260_000, 4)).isTrue(); // general query timers are entries too
        r.collect();
        int first = r.takeEvents().size();
        assertThat(first).isBetween(1, 4);
        int calls = 1;
        while (r.e.handleTimeout(260_000, 4)) calls++;
        r.collect();
        assertThat(r.takeEvents()).hasSize(10 - first);
        assertThat(calls).isGreaterThanOrEqualTo(2);
        assertThat(r.e.groupCount(IF)).isZero();
    }

    @Test
    void configuredStartupQueriesAndTimersApply() {
        Rig r = new Rig(InterfaceConfig.builder().queryIntervalMs(60_000).startupQueryCount(3).startupQueryIntervalMs(5_000)
                .lastMemberQueryIntervalMs(500).lastMemberQueryCount(4).explicitTracking(false).build());
        r.at(10_000);
        assertThat(r.takeTx()).hasSize(3); // at 0, 5 s and 10 s
        r.at(69_999);
        assertThat(r.takeTx()).isEmpty();
        r.at(70_000);
        assertThat(r.takeTx()).hasSize(1);
        r.v2(H1, G).leave(H1, G);
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2000); // LMQT = 4 x 0.5 s
        r.at(70_000 + 1999);
        assertThat(r.takeTx()).hasSize(4);
        r.at(70_000 + 2000);
        assertThat(r.group(G)).isNull();
    }

    @Test
    void updateConfigKeepsMembership() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.v2(H1, G);
        r.e.updateConfig(r.now, IF, InterfaceConfig.builder().queryIntervalMs(30_000).build());
        assertThat(r.group(G)).isNotNull();
        r.at(1000).v2(H1, G);
        assertThat(r.group(G).groupTimerMs()).isEqualTo(2 * 30_000 + 10_000);
        assertThat(r.e.interfaceState(r.now, IF, false).generalQueryInMs()).isLessThanOrEqualTo(30_000);
    }
}
