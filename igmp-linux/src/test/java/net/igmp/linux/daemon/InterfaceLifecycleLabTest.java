package net.igmp.linux.daemon;

import static net.igmp.linux.daemon.LabHosts.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.linux.daemon.LabHosts.Daemon;
import net.igmp.linux.daemon.LabHosts.Member;
import net.igmp.linux.daemon.LabHosts.Source;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import net.igmp.linux.dataplane.DataPlane;

/**
 * Interfaces that appear late, go down, come back, change address, are deleted and re-created are followed without
 * a restart, through rtnetlink, the daemon's only way to learn of them. Runs once per data plane:
 * {@link InterfaceLifecycleKernelPlaneLabTest} and {@link InterfaceLifecycleUserPlaneLabTest}.
 */
abstract class InterfaceLifecycleLabTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The daemon re-reads interfaces only when rtnetlink tells it of a change (there is no periodic re-read), so a
     * change seen at all came through rtnetlink; the limit only allows for a slow kernel (User-Mode Linux).
     */
    static final long AT_ONCE = 10_000;
    final DataPlane.Choice plane;

    InterfaceLifecycleLabTest(DataPlane.Choice plane) {
        this.plane = plane;
    }

    @Test
    void anAbsentInterfaceIsWaitedForAndFollowedThroughDownUpAndReaddressing() throws Exception {
        LabRequirement.require();
        try (NetnsLab lab = NetnsLab.create("igl")) {
            String r = lab.namespace("r"), s = lab.namespace("s"), h = lab.namespace("h");
            lab.veth(r, "src0", s, "eth0");
            lab.address(r, "src0", "10.96.0.1/24");
            lab.address(s, "eth0", "10.96.0.2/24");
            InterfaceConfig fast = InterfaceConfig.builder().queryIntervalMs(2000).queryResponseIntervalMs(500).lastMemberQueryIntervalMs(200).build();
            var config = new DaemonConfig(List.of("src0", "lan0"), null, List.of(), fast,
                    Files.createTempDirectory("igmp-life").resolve("l.sock"), 60_000, false);
            try (Daemon d = new Daemon(r, config, plane); Source src = new Source(s, "239.3.3.3")) {
                assertThat(lan0(d).get("state").asText()).isEqualTo("pending");
                assertThat(lan0(d).get("reason").asText()).contains("lan0 does not exist");

                lab.veth(r, "lan0", h, "eth0");
                await("lan0 without an address is named", AT_ONCE, () -> reason(d).contains("no IPv4 address"));
                lab.address(h, "eth0", "10.97.0.2/24");
                lab.address(r, "lan0", "10.97.0.1/24");
                await("lan0 is taken up once it has an address", AT_ONCE, () -> lan0(d).get("state").asText().equals("up"));
                assertThat(d.routes(lab, "lan0")).as("the data plane routes lan0").isTrue();

                try (Member m = new Member(h)) {
                    m.join("239.3.3.3");
                    await("datagrams on the late interface", 3000, () -> m.count("239.3.3.3") > 3);

                    lab.must("ip", "-n", r, "link", "set", "lan0", "down");
                    await("lan0 down is noticed", AT_ONCE, () -> reason(d).contains("is down"));
                    assertThat(lan0(d).get("state").asText()).isEqualTo("pending");
                    assertThat(d.routes(lab, "lan0")).as("the data plane no longer routes lan0").isFalse();

                    lab.must("ip", "-n", r, "link", "set", "lan0", "up");
                    await("lan0 is back", AT_ONCE, () -> lan0(d).get("state").asText().equals("up"));
                    long n = m.count("239.3.3.3");
                    // The host still is a member; it answers the start-up queries on lan0 and traffic resumes.
                    await("datagrams again after the interface came back", 4000, () -> m.count("239.3.3.3") > n + 3);

                    lab.must("ip", "-n", r, "addr", "add", "10.97.0.0/25", "dev", "lan0");
                    lab.must("ip", "-n", r, "addr", "del", "10.97.0.1/24", "dev", "lan0");
                    await("the new address is used", AT_ONCE, () -> lan0(d).get("address").asText().equals("10.97.0.0"));
                    assertThat(lan0(d).get("querierAddress").asText()).isEqualTo("10.97.0.0");
                }
                int oldIndex = lan0(d).get("ifindex").asInt();

                lab.must("ip", "-n", r, "link", "del", "lan0");
                await("a deleted lan0 is released", AT_ONCE, () -> reason(d).contains("lan0 does not exist"));
                assertThat(lan0(d).get("state").asText()).isEqualTo("pending");
                assertThat(d.routes(lab, "lan0")).as("the data plane no longer routes lan0").isFalse();

                lab.veth(r, "lan0", h, "eth1");
                lab.address(r, "lan0", "10.98.0.1/24");
                await("a re-created lan0 is taken up under its new index", AT_ONCE, () -> lan0(d).get("state").asText().equals("up"));
                assertThat(lan0(d).get("ifindex").asInt()).isNotEqualTo(oldIndex);
                assertThat(lan0(d).get("address").asText()).isEqualTo("10.98.0.1");
                assertThat(d.routes(lab, "lan0")).as("the data plane routes the new lan0").isTrue();
            }
        }
    }

    private static JsonNode lan0(Daemon d) {
        try {
            for (JsonNode i : JSON.readTree(d.show("interfaces")).get("interfaces")) if (i.get("name").asText().equals("lan0")) return i;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("lan0 not listed");
    }

    private static String reason(Daemon d) {
        return lan0(d).path("reason").asText();
    }
}
