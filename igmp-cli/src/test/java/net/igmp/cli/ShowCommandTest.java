package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ShowCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void groupsAreATableWithFrrStyleTimers() throws Exception {
        String doc = """
                {"groups":[{"interface":"lan2","group":"239.1.1.1","mode":"EXCLUDE","version":3,"sources":[],
                            "timerMs":257000,"uptimeMs":3723000,"reporters":["10.82.0.2","10.82.0.3"]},
                           {"interface":"lan1","group":"232.1.1.1","mode":"INCLUDE","version":3,"sources":["10.0.0.5"],
                            "timerMs":0,"uptimeMs":1000,"reporters":[]}],
                 "upstream":[{"interface":"wan0","group":"239.1.1.1","mode":"EXCLUDE","sources":[]}]}""";
        String out = ShowCommand.render(ShowCommand.Topic.groups, JSON.readTree(doc));
        assertThat(out.lines().toList()).containsExactly(
                "Interface  Group      Mode  Timer     Srcs  V  Uptime    Reporters",
                "lan2       239.1.1.1  EXCL  00:04:17  0     3  01:02:03  2",
                "lan1       232.1.1.1  INCL  --:--:--  1     3  00:00:01  0",
                "",
                "Upstream  Group      Mode  Sources",
                "wan0      239.1.1.1  EXCL");
    }

    @Test
    void routesNameTheirInterfacesAndStatsSkipEmptyDropRows() throws Exception {
        String routes = """
                {"routes":[{"source":"10.80.0.2","group":"239.1.1.1","inbound":"src0","outbound":["lan1","lan2"],"uptimeMs":5000,"packets":42},
                           {"source":"10.80.0.2","group":"239.1.1.2","inbound":"src0","outbound":[],"uptimeMs":0,"packets":0}]}""";
        assertThat(ShowCommand.render(ShowCommand.Topic.routes, JSON.readTree(routes)))
                .contains("10.80.0.2  239.1.1.1  src0     lan1,lan2  42       00:00:05")
                .contains("239.1.1.2  src0     (none)");
        String stats = """
                {"daemon":{"rx_packets":7,"mfc_entries":1},
                 "interfaces":[{"interface":"lan1","counters":{"received v3-report":5,"sent query general":2},"drops":{"MALFORMED":3,"GROUP_LIMIT":0}}],
                 "drops":{"UNKNOWN_INTERFACE":0},"parseErrors":{"TRUNCATED":3}}""";
        String out = ShowCommand.render(ShowCommand.Topic.stats, JSON.readTree(stats));
        assertThat(out).contains("received v3-report  5").contains("malformed    3").doesNotContain("group-limit")
                .contains("rx-packets").contains("malformed truncated  3");
    }

    @Test
    void aPendingInterfaceIsListedWithItsReason() throws Exception {
        String doc = """
                {"interfaces":[{"name":"lan1","role":"router","state":"up","ifindex":3,"vif":0,"address":"10.82.0.1","uptimeMs":5000,
                                "querier":true,"querierAddress":"10.82.0.1","version":3,"groups":2,"generalQueryInMs":60000,"otherQuerierPresentInMs":0},
                               {"name":"vlan10","role":"router","state":"pending","reason":"interface vlan10 does not exist (waiting for it to appear)"}]}""";
        String out = ShowCommand.render(ShowCommand.Topic.interfaces, JSON.readTree(doc));
        assertThat(out.lines().toList()).hasSize(4);
        assertThat(out.lines().toList().get(2)).startsWith("vlan10").contains(" pending ");
        assertThat(out).endsWith("vlan10: interface vlan10 does not exist (waiting for it to appear)\n");
    }
}
