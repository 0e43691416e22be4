package net.igmp.linux.daemon;

import static net.igmp.linux.daemon.LabHosts.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.linux.daemon.LabHosts.Daemon;
import net.igmp.linux.daemon.LabHosts.Member;
import net.igmp.linux.daemon.LabHosts.Source;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import net.igmp.linux.dataplane.DataPlane;

/**
 * The daemon against real Linux hosts, in namespaces made for this run:
 * <pre>
 *   s (source) --src0-- r (router) --lan1-- sw: bridge br1 -- h1 (IGMPv3), h2 (IGMPv2), q (second querier)
 *                                  --lan2-- h3 (IGMPv3)
 * </pre>
 * Runs once per data plane: {@link RouterDaemonKernelPlaneLabTest} and {@link RouterDaemonUserPlaneLabTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RouterDaemonLabTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SRC = "10.80.0.2";
    NetnsLab lab;
    String r, s, sw, h1, h2, h3, q;
    Path dir;
    Daemon daemon;
    Source source;

    final DataPlane.Choice plane;

    RouterDaemonLabTest(DataPlane.Choice plane) {
        this.plane = plane;
    }

    static InterfaceConfig fastTimers() {
        return InterfaceConfig.builder().queryIntervalMs(4000).queryResponseIntervalMs(1000).lastMemberQueryIntervalMs(200).build();
    }

    static DaemonConfig routerConfig(Path control, String... interfaces) {
        return new DaemonConfig(List.of(interfaces), null, List.of(), fastTimers(), control, 60_000, false);
    }

    @BeforeAll
    void build() throws Exception {
        LabRequirement.require();
        lab = NetnsLab.create("igd");
        r = lab.namespace("r");
        s = lab.namespace("s");
        sw = lab.namespace("sw");
        h1 = lab.namespace("h1");
        h2 = lab.namespace("h2");
        h3 = lab.namespace("h3");
        q = lab.namespace("q");
        lab.bridge(sw, "br1");
        lab.veth(r, "src0", s, "eth0");
        lab.veth(r, "lan1", sw, "pr");
        lab.veth(h1, "eth0", sw, "p1");
        lab.veth(h2, "eth0", sw, "p2");
        lab.veth(q, "eth0", sw, "pq");
        for (String p : List.of("pr", "p1", "p2", "pq")) lab.attach(sw, p, "br1");
        lab.veth(r, "lan2", h3, "eth0");
        lab.address(r, "src0", "10.80.0.1/24");
        lab.address(s, "eth0", SRC + "/24");
        lab.address(r, "lan1", "10.81.0.10/24");
        lab.address(h1, "eth0", "10.81.0.21/24");
        lab.address(h2, "eth0", "10.81.0.22/24");
        lab.address(q, "eth0", "10.81.0.5/24");
        lab.address(r, "lan2", "10.82.0.1/24");
        lab.address(h3, "eth0", "10.82.0.2/24");
        lab.sysctl(h2, "net.ipv4.conf.eth0.force_igmp_version", "2");
        dir = Files.createTempDirectory("igmp-lab");
        daemon = new Daemon(r, routerConfig(dir.resolve("r.sock"), "src0", "lan1", "lan2"), plane);
        source = new Source(s, "239.1.1.1", "239.1.1.2", "239.1.1.3", "239.1.1.4", "232.1.1.1");
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (source != null) source.close();
            if (daemon != null) daemon.close();
        } finally {
            if (lab != null) lab.close();
        }
    }

    @Test
    @Order(1)
    void v3HostJoinsReceivesAndLeavesWhileTheOtherLanStaysQuiet() throws Exception {
        try (Member m = new Member(h3)) {
            m.join("239.1.1.1");
            await("datagrams of 239.1.1.1 at h3", 3000, () -> m.count("239.1.1.1") > 5);
            // Isolation: lan1 has no member of any group the source sends to.
            long lan1Before = daemon.packetsOut(lab).get("lan1");
            Thread.sleep(300);
            assertThat(daemon.packetsOut(lab).get("lan1")).isEqualTo(lan1Before);
            assertThat(daemon.oifs(lab, SRC, "239.1.1.1")).containsExactly("lan2");

            JsonNode groups = JSON.readTree(daemon.show("groups")).get("groups");
            assertThat(groups).anySatisfy(g -> {
                assertThat(g.get("interface").asText()).isEqualTo("lan2");
                assertThat(g.get("group").asText()).isEqualTo("239.1.1.1");
                assertThat(g.get("mode").asText()).isEqualTo("EXCLUDE");
                assertThat(g.get("version").asInt()).isEqualTo(3);
                assertThat(g.get("reporters").toString()).contains("10.82.0.2");
                assertThat(g.has("timerMs") && g.has("uptimeMs") && g.get("sources").isArray()).isTrue();
            });

            m.leave("239.1.1.1");
            // The sole tracked v3 host left: forwarding stops at once (explicit tracking).
            await("lan2 removed from (S,239.1.1.1)", 2000, () -> daemon.oifs(lab, SRC, "239.1.1.1").isEmpty());
            long lan2 = daemon.packetsOut(lab).get("lan2");
            Thread.sleep(300);
            assertThat(daemon.packetsOut(lab).get("lan2")).as("no datagrams on lan2 after the leave").isEqualTo(lan2);
        }
    }

    @Test
    @Order(2)
    void channelSwitchMovesTheStream() throws Exception {
        try (Member m = new Member(h3)) {
            m.join("239.1.1.2");
            await("239.1.1.2 arrives", 3000, () -> m.count("239.1.1.2") > 3);
            m.leave("239.1.1.2");
            m.join("239.1.1.3");
            await("239.1.1.3 arrives after the switch", 3000, () -> m.count("239.1.1.3") > 3);
            await("239.1.1.2 stops on lan2", 2000, () -> daemon.oifs(lab, SRC, "239.1.1.2").isEmpty());
            assertThat(daemon.oifs(lab, SRC, "239.1.1.3")).containsExactly("lan2");
            m.leave("239.1.1.3");
        }
    }

    @Test
    @Order(3)
    void v2HostOnASharedLanJoinsAndLeavesThroughGroupSpecificQueries() throws Exception {
        try (Member v2 = new Member(h2); Member v3 = new Member(h1)) {
            v2.join("239.1.1.4");
            await("239.1.1.4 at the v2 host", 3000, () -> v2.count("239.1.1.4") > 3);
            JsonNode g = find(JSON.readTree(daemon.show("groups")).get("groups"), "lan1", "239.1.1.4");
            assertThat(g.get("version").asInt()).as("v2 compatibility mode").isEqualTo(2);
            assertThat(v3.count("239.1.1.4")).as("h1 did not join (its kernel drops the datagrams)").isZero();
            v2.leave("239.1.1.4");
            // Last Member Query Time (2 x 200 ms) plus some slack.
            await("lan1 removed from (S,239.1.1.4)", 2500, () -> daemon.oifs(lab, SRC, "239.1.1.4").isEmpty());
            JsonNode stats = JSON.readTree(daemon.show("stats"));
            assertThat(counter(stats, "lan1", "sent query group-specific")).isPositive();
            assertThat(counter(stats, "lan1", "received leave")).isPositive();
        }
    }

    @Test
    @Order(4)
    void sourceSpecificJoinGetsOnlyThatSource() throws Exception {
        try (Member m = new Member(h3)) {
            m.joinSource("232.1.1.1", SRC);
            await("232.1.1.1 from the source", 3000, () -> m.count("232.1.1.1") > 3);
            JsonNode src = JSON.readTree(daemon.show("sources")).get("sources");
            assertThat(src.toString()).contains("232.1.1.1", SRC);
            m.leave("232.1.1.1");
            await("(S,232.1.1.1) stops", 2000, () -> daemon.oifs(lab, SRC, "232.1.1.1").isEmpty());
        }
    }

    @Test
    @Order(5)
    void malformedIgmpIsCountedAndTheDaemonKeepsServing() throws Exception {
        long before = malformedCount();
        Netns.call(h3, () -> {
            MalformedSender.sendAll("10.82.0.1");
            return null;
        });
        await("malformed packets counted", 3000, () -> malformedCount() >= before + MalformedSender.MALFORMED_COUNT);
        try (Member m = new Member(h3)) {
            m.join("239.1.1.1");
            await("still serving after malformed input", 3000, () -> m.count("239.1.1.1") > 3);
            m.leave("239.1.1.1");
        }
    }

    @Test
    @Order(6)
    void aSecondDaemonWithALowerAddressWinsTheQuerierElection() throws Exception {
        await("r is querier on lan1", 3000, () -> querier("lan1").equals("10.81.0.10"));
        try (Daemon other = new Daemon(q, routerConfig(dir.resolve("q.sock"), "eth0"), plane)) {
            await("r hears the lower-addressed querier", 6000, () -> querier("lan1").equals("10.81.0.5"));
            JsonNode lan1 = find(JSON.readTree(daemon.show("interfaces")).get("interfaces"), "lan1");
            assertThat(lan1.get("querier").asBoolean()).isFalse();
            JsonNode qi = JSON.readTree(other.show("interfaces")).get("interfaces").get(0);
            assertThat(qi.get("querier").asBoolean()).isTrue();
            // Still forwarding for members while not querier.
            try (Member m = new Member(h1)) {
                m.join("239.1.1.2");
                await("239.1.1.2 at h1 while r is not querier", 3000, () -> m.count("239.1.1.2") > 3);
                m.leave("239.1.1.2");
            }
        }
    }

    @Test
    @Order(7)
    void theLinuxBridgeQuerierWithALowerAddressIsRespected() throws Exception {
        lab.address(sw, "br1", "10.81.0.1/24");
        // The bridge queries from its own address (not 0.0.0.0, which takes no part in elections), and the router's
        // port is a static multicast-router port so that the snooping bridge still passes reports up to it.
        lab.must("ip", "netns", "exec", sw, "bridge", "link", "set", "dev", "pr", "mcast_router", "2");
        lab.must("ip", "-n", sw, "link", "set", "br1", "type", "bridge", "mcast_snooping", "1", "mcast_querier", "1",
                "mcast_query_use_ifaddr", "1", "mcast_query_interval", "200", "mcast_query_response_interval", "100");
        try {
            await("the bridge is heard as querier", 6000, () -> querier("lan1").equals("10.81.0.1"));
            try (Member m = new Member(h1)) {
                m.join("239.1.1.3");
                await("239.1.1.3 at h1 behind a snooping bridge", 4000, () -> m.count("239.1.1.3") > 3);
                m.leave("239.1.1.3");
            }
        } finally {
            lab.must("ip", "-n", sw, "link", "set", "br1", "type", "bridge", "mcast_querier", "0", "mcast_snooping", "0");
        }
    }

    @Test
    @Order(8)
    void aRestartedDaemonRelearnsMembersFromItsStartupQueries() throws Exception {
        try (Member m = new Member(h3)) {
            m.join("239.1.1.4");
            await("239.1.1.4 at h3", 3000, () -> m.count("239.1.1.4") > 3);
            daemon.close();
            if (plane == DataPlane.Choice.KERNEL) {
                assertThat(lab.exec(r, "ip", "mroute", "show").stdout()).as("stop removed every MFC entry").doesNotContain("239.1.1");
                assertThat(lab.exec(r, "cat", "/proc/net/ip_mr_vif").stdout()).doesNotContain("lan2");
            } else {
                long stopped = m.count("239.1.1.4");
                Thread.sleep(300);
                assertThat(m.count("239.1.1.4")).as("nothing is forwarded once the daemon stopped").isLessThanOrEqualTo(stopped + 1);
            }
            daemon = new Daemon(r, routerConfig(dir.resolve("r.sock"), "src0", "lan1", "lan2"), plane);
            long n = m.count("239.1.1.4");
            // The host answers the start-up general query within the Query Response Interval (1 s).
            await("239.1.1.4 again after the restart", 4000, () -> m.count("239.1.1.4") > n + 3);
            m.leave("239.1.1.4");
        }
    }

    private long malformedCount() {
        JsonNode stats;
        try {
            stats = JSON.readTree(daemon.show("stats"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long n = 0;
        for (JsonNode i : stats.get("interfaces")) for (JsonNode v : i.get("drops")) n += v.asLong();
        for (JsonNode v : stats.get("drops")) n += v.asLong();
        n += stats.get("daemon").get("drop_malformed_ip").asLong() + stats.get("daemon").get("drop_runt").asLong();
        // Own-message drops are the namespace's own kernel reports, not malformed input.
        for (JsonNode i : stats.get("interfaces")) n -= i.get("drops").path("OWN_MESSAGE").asLong();
        return n;
    }

    private String querier(String ifName) {
        try {
            return find(JSON.readTree(daemon.show("interfaces")).get("interfaces"), ifName).get("querierAddress").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long counter(JsonNode stats, String ifName, String name) {
        for (JsonNode i : stats.get("interfaces")) if (i.get("interface").asText().equals(ifName)) return i.get("counters").path(name).asLong();
        throw new AssertionError("no interface " + ifName);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) if (n.get("name").asText().equals(name)) return n;
        throw new AssertionError("no " + name + " in " + list);
    }

    private static JsonNode find(JsonNode groups, String ifName, String group) {
        for (JsonNode g : groups) if (g.get("interface").asText().equals(ifName) && g.get("group").asText().equals(group)) return g;
        throw new AssertionError("no " + group + " on " + ifName + " in " + groups);
    }
}
