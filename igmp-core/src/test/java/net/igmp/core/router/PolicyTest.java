package net.igmp.core.router;

import static net.igmp.core.router.Rig.*;
import static net.igmp.wire.RecordType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.SourceList;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/** SSM (RFC 4604), limits, access lists, malformed input, config validation, proxy membership (RFC 4605). */
class PolicyTest {
    static final int SSM_G = ip("232.1.1.1");

    @Test
    void ssmRangeIgnoresExcludeRecordsAndOldReports() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.report(H1, rec(MODE_IS_EXCLUDE, SSM_G));
        r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, SSM_G, "10.1.1.1"));
        r.v2(H1, SSM_G).v1(H1, SSM_G).leave(H1, SSM_G);
        assertThat(r.group(SSM_G)).isNull();
        assertThat(r.drops(DropReason.SSM_EXCLUDE_MODE)).isEqualTo(2);
        assertThat(r.drops(DropReason.SSM_OLD_VERSION)).isEqualTo(3);
        r.report(H1, rec(ALLOW_NEW_SOURCES, SSM_G, "10.1.1.1"));
        assertThat(r.forwarding(SSM_G)).isEqualTo(new ForwardingEvent(IF, SSM_G, FilterMode.INCLUDE, SourceList.of("10.1.1.1")));
    }

    @Test
    void ssmRangeIsConfigurable() {
        Rig r = new Rig(InterfaceConfig.builder().ssmRange(Ipv4Prefix.NONE).build());
        r.v2(H1, SSM_G);
        assertThat(r.mode(SSM_G)).isEqualTo(FilterMode.EXCLUDE);
    }

    @Test
    void groupLimitDropsWithoutDisturbingState() {
        Rig r = new Rig(InterfaceConfig.builder().maxGroups(2).build());
        r.v2(H1, ip("239.0.0.1")).v2(H1, ip("239.0.0.2"));
        r.takeEvents();
        r.v2(H1, ip("239.0.0.3"));
        r.report(H1, rec(MODE_IS_INCLUDE, ip("239.0.0.4"), "10.1.1.1"));
        assertThat(r.e.groupCount(IF)).isEqualTo(2);
        assertThat(r.drops(DropReason.GROUP_LIMIT)).isEqualTo(2);
        assertThat(r.takeEvents()).isEmpty();
        r.v2(H1, ip("239.0.0.1")); // existing groups still refresh
        assertThat(r.group(ip("239.0.0.1")).groupTimerMs()).isEqualTo(260_000);
    }

    @Test
    void sourceLimitDropsTheRecord() {
        Rig r = new Rig(InterfaceConfig.builder().maxSourcesPerGroup(2).build());
        r.report(H1, rec(ALLOW_NEW_SOURCES, G, "10.1.1.1"));
        r.at(1000).report(H1, rec(ALLOW_NEW_SOURCES, G, "10.1.1.2", "10.1.1.3"));
        assertThat(r.sources(G)).containsExactly("10.1.1.1");
        assertThat(r.sourceTimer(G, "10.1.1.1")).isEqualTo(259_000);
        assertThat(r.drops(DropReason.SOURCE_LIMIT)).isEqualTo(1);
        r.report(H1, rec(ALLOW_NEW_SOURCES, G, "10.1.1.1", "10.1.1.2"));
        assertThat(r.sources(G)).containsExactly("10.1.1.1", "10.1.1.2");
        r.report(H2, rec(ALLOW_NEW_SOURCES, ip("239.9.9.9"), "10.1.1.1", "10.1.1.2", "10.1.1.3"));
        assertThat(r.group(ip("239.9.9.9"))).isNull();
    }

    @Test
    void trackedHostLimit() {
        Rig r = new Rig(InterfaceConfig.builder().maxTrackedHosts(1).build());
        r.v2(H1, G);
        r.v2(H2, G);
        assertThat(r.drops(DropReason.HOST_LIMIT)).isEqualTo(1);
        assertThat(r.group(G).reporters()).containsExactly("10.0.0.101");
        r.v2(H2, ip("239.5.5.5"));
        assertThat(r.group(ip("239.5.5.5"))).isNull();
    }

    @Test
    void accessLists() {
        Rig r = new Rig(InterfaceConfig.builder()
                .groupAccess(AccessList.permitOnly(Ipv4Prefix.parse("239.1.0.0/16")))
                .sourceAccess(AccessList.deny(Ipv4Prefix.parse("10.66.0.0/16")))
                .build());
        r.v2(H1, ip("239.2.0.1"));
        r.report(H1, rec(MODE_IS_INCLUDE, G, "10.1.1.1", "10.66.1.1"));
        assertThat(r.e.groupCount(IF)).isZero();
        assertThat(r.drops(DropReason.GROUP_DENIED)).isEqualTo(1);
        assertThat(r.drops(DropReason.SOURCE_DENIED)).isEqualTo(1);
        r.report(H1, rec(MODE_IS_INCLUDE, G, "10.1.1.1"));
        assertThat(r.sources(G)).containsExactly("10.1.1.1");
    }

    @Test
    void badInputIsCountedNeverThrown() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        byte[] ok = IgmpEncoder.toBytes(new V2MembershipReport(G));
        byte[] bad = ok.clone();
        bad[7] ^= 1;
        r.e.handle(0, IF, H1, G, bad, 0, bad.length);
        r.e.handle(0, IF, H1, G, new byte[5], 0, 5);
        byte[] overrun = IgmpEncoder.toBytes(V3MembershipReport.of(new GroupRecord(1, G, SourceList.of("10.1.1.1"))));
        r.e.handle(0, IF, H1, G, overrun, 0, overrun.length - 2);
        r.e.handle(0, IF, H1, G, new UnknownMessage(0x30, 0, new byte[4]));
        r.e.handle(0, "nope", H1, G, new V2MembershipReport(G));
        r.e.handle(0, IF, H1, G, new V2MembershipReport(ip("10.0.0.1")));
        r.e.handle(0, IF, H1, G, new V2MembershipReport(ip("224.0.0.5")));
        r.report(H1, new GroupRecord(9, G, SourceList.EMPTY));
        r.e.handle(0, IF, ROUTER, G, new V2MembershipReport(G));
        assertThat(r.e.groupCount(IF)).isZero();
        assertThat(r.drops(DropReason.BAD_CHECKSUM)).isEqualTo(1);
        assertThat(r.drops(DropReason.MALFORMED)).isEqualTo(2);
        assertThat(r.drops(DropReason.UNKNOWN_TYPE)).isEqualTo(1);
        assertThat(r.drops(DropReason.INVALID_GROUP)).isEqualTo(2);
        assertThat(r.drops(DropReason.UNKNOWN_RECORD_TYPE)).isEqualTo(1);
        assertThat(r.drops(DropReason.OWN_MESSAGE)).isEqualTo(1);
        RouterState s = r.e.state(0, true);
        assertThat(s.drops().get("UNKNOWN_INTERFACE")).isEqualTo(1);
        assertThat(s.parseErrors().get("TRUNCATED")).isEqualTo(1);
        assertThat(s.parseErrors().get("RECORD_OVERRUN")).isEqualTo(1);
        r.e.handle(0, IF, H1, G, ok, 0, ok.length);
        assertThat(r.e.groupCount(IF)).isEqualTo(1);
    }

    @Test
    void configValidation() {
        assertThatThrownBy(() -> InterfaceConfig.builder().queryIntervalMs(5000).build())
                .hasMessage("invalid interface config: queryResponseInterval (10s) must be shorter than queryInterval (5s), RFC 9776 8.3");
        assertThatThrownBy(() -> InterfaceConfig.builder().robustness(0).build()).hasMessageContaining("robustness");
        assertThatThrownBy(() -> InterfaceConfig.builder().queryIntervalMs(1500).build()).hasMessageContaining("whole seconds from 1s to 31744s").hasMessageEndingWith("got 1.5s");
        assertThatThrownBy(() -> InterfaceConfig.builder().version(2).queryResponseIntervalMs(30_000).build())
                .hasMessageContaining("at most 25.5s");
        assertThatThrownBy(() -> InterfaceConfig.builder().lastMemberQueryIntervalMs(50).build()).hasMessageContaining("lastMemberQueryInterval must be").hasMessageEndingWith("got 50ms");
        assertThatThrownBy(() -> InterfaceConfig.builder().maxGroups(0).build()).hasMessageContaining("maxGroups");
        assertThatThrownBy(() -> InterfaceConfig.builder().startupQueryIntervalMs(200_000).build()).hasMessageContaining("startupQueryInterval (200s)");
        assertThatThrownBy(() -> InterfaceConfig.builder().ssmRange(Ipv4Prefix.parse("10.0.0.0/8")).build())
                .hasMessageEndingWith("ssmRange must lie within 224.0.0.0/4 (multicast), got 10.0.0.0/8");
        assertThatThrownBy(() -> InterfaceConfig.builder().ssmRange(Ipv4Prefix.parse("192.0.0.0/2")).build()).hasMessageContaining("224.0.0.0/4");
        assertThat(InterfaceConfig.builder().ssmRange(Ipv4Prefix.parse("239.1.0.0/16")).build().ssmRange()).hasToString("239.1.0.0/16");
        assertThatThrownBy(() -> InterfaceConfig.builder().queryIntervalMs(1500).build()).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> assertThat(e.message(n -> "<" + n + ">")).startsWith("<queryInterval> must be whole seconds"));
        InterfaceConfig c = InterfaceConfig.DEFAULTS;
        assertThat(c.groupMembershipInterval(2, 125_000)).isEqualTo(260_000);
        assertThat(c.otherQuerierPresentInterval(2, 125_000)).isEqualTo(255_000);
        assertThat(c.startupQueryInterval(125_000)).isEqualTo(31_250);
        assertThat(c.lastMemberQueryTime(2)).isEqualTo(2000);
        assertThat(c.toBuilder().groupMembershipIntervalMs(99_000).build().groupMembershipInterval(2, 125_000)).isEqualTo(99_000);
        assertThatThrownBy(() -> Ipv4Prefix.parse("232.0.0.1/8")).hasMessageContaining("host bits");
    }

    @Test
    void proxyMergesDownstreamInterfaces() {
        RouterEngine e = new RouterEngine(true);
        e.addInterface(0, "a", ip("10.0.0.1"), InterfaceConfig.DEFAULTS);
        e.addInterface(0, "b", ip("10.0.1.1"), InterfaceConfig.DEFAULTS);
        e.handle(0, "a", H1, G, V3MembershipReport.of(rec(MODE_IS_INCLUDE, G, "10.1.1.1")));
        assertThat(e.pollProxyEvent()).isEqualTo(new ProxyEvent(G, FilterMode.INCLUDE, SourceList.of("10.1.1.1")));
        e.handle(0, "b", H2, G, V3MembershipReport.of(rec(MODE_IS_INCLUDE, G, "10.1.1.2")));
        assertThat(e.pollProxyEvent()).isEqualTo(new ProxyEvent(G, FilterMode.INCLUDE, SourceList.of("10.1.1.1", "10.1.1.2")));
        // b goes EXCLUDE {.1, .3}: result EXCLUDE ({.1,.3} - {.1}) = EXCLUDE {.3}
        e.handle(0, "b", H2, G, V3MembershipReport.of(rec(MODE_IS_EXCLUDE, G, "10.1.1.1", "10.1.1.3")));
        ProxyEvent p;
        ProxyEvent last = null;
        while ((p = e.pollProxyEvent()) != null) last = p;
        assertThat(last).isEqualTo(new ProxyEvent(G, FilterMode.EXCLUDE, SourceList.of("10.1.1.3")));
        assertThat(e.proxyMembership()).containsExactly(last);
        e.removeInterface(0, "b");
        assertThat(e.pollProxyEvent()).isEqualTo(new ProxyEvent(G, FilterMode.INCLUDE, SourceList.of("10.1.1.1")));
        e.removeInterface(0, "a");
        assertThat(e.pollProxyEvent()).isEqualTo(new ProxyEvent(G, FilterMode.INCLUDE, SourceList.EMPTY));
        assertThat(e.proxyMembership()).isEmpty();
    }

    @Test
    void localMisuseThrows() {
        RouterEngine e = new RouterEngine();
        e.addInterface(0, "a", ip("10.0.0.1"), InterfaceConfig.DEFAULTS);
        assertThatThrownBy(() -> e.addInterface(0, "a", ip("10.0.0.2"), InterfaceConfig.DEFAULTS)).hasMessageContaining("already");
        assertThatThrownBy(() -> e.removeInterface(0, "zz")).hasMessageContaining("unknown interface zz");
    }

    @Test
    void operatorViewHasPlainValues() {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.report(H1, rec(MODE_IS_EXCLUDE, G, "10.1.1.9"));
        r.at(5000);
        InterfaceState s = r.e.interfaceState(r.now, IF, true);
        assertThat(s.address()).isEqualTo("10.0.0.5");
        assertThat(s.querier()).isTrue();
        assertThat(s.counters().get("received record IS_EX")).isEqualTo(1);
        assertThat(s.counters().get("received v3-report")).isEqualTo(1);
        GroupState g = s.groups().get(0);
        assertThat(g.group()).isEqualTo("239.1.1.1");
        assertThat(g.uptimeMs()).isEqualTo(5000);
        assertThat(g.groupTimerMs()).isEqualTo(255_000);
        assertThat(g.sources()).containsExactly(new SourceState("10.1.1.9", 0, false, List.of()));
        assertThat(g.forwardMode()).isEqualTo(FilterMode.EXCLUDE);
        assertThat(g.forwardSources()).containsExactly("10.1.1.9");
    }

    @Test
    void operatorViewSerializesToJson() throws Exception {
        Rig r = new Rig(InterfaceConfig.DEFAULTS);
        r.report(H1, rec(MODE_IS_INCLUDE, G, "10.1.1.9"));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r.e.state(r.now, true));
        assertThat(json).contains("\"querier\":true", "\"group\":\"239.1.1.1\"", "\"source\":\"10.1.1.9\"",
                "\"timerMs\":260000", "\"received record IS_IN\":1", "\"reporters\":[\"10.0.0.101\"]");
    }
}
