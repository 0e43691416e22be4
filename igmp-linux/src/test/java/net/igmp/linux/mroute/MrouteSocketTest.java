package net.igmp.linux.mroute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import net.igmp.linux.ffm.Errno;
import net.igmp.linux.ffm.Interfaces;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import net.igmp.linux.lab.KernelLab;

/** The multicast routing socket against the real kernel, inside namespaces made for this run. */
@KernelLab(multicastRouting = true)
class MrouteSocketTest {
    static NetnsLab lab;
    static String router, source, receiver;

    @BeforeAll
    static void build() {
        LabRequirement.require();
        lab = NetnsLab.create("igmr");
        router = lab.namespace("r");
        source = lab.namespace("s");
        receiver = lab.namespace("h");
        lab.veth(router, "up0", source, "eth0");
        lab.veth(router, "lan0", receiver, "eth0");
        lab.address(router, "up0", "10.61.0.1/24");
        lab.address(source, "eth0", "10.61.0.2/24");
        lab.address(router, "lan0", "10.62.0.1/24");
        lab.address(receiver, "eth0", "10.62.0.2/24");
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) lab.close();
    }

    @Test
    void interfacesAreListedWithIndexFlagsAndAddresses() throws Exception {
        var ifs = Netns.call(router, Interfaces::snapshot);
        assertThat(ifs).containsKeys("lo", "up0", "lan0");
        assertThat(ifs.get("up0").ipv4()).containsExactly(Ipv4.parse("10.61.0.1"));
        assertThat(ifs.get("lan0").up()).isTrue();
        assertThat(ifs.get("lan0").multicast()).isTrue();
        assertThat(ifs.get("lan0").index()).isPositive().isNotEqualTo(ifs.get("up0").index());
    }

    @Test
    void vifsAndMfcEntriesReachTheKernelAndVanishOnClose() throws Exception {
        int s = Ipv4.parse("10.61.0.2"), g = Ipv4.parse("239.1.2.3");
        Netns.call(router, () -> {
            var ifs = Interfaces.snapshot();
            try (MrouteSocket m = MrouteSocket.open()) {
                m.addVif(0, ifs.get("up0").index(), "up0");
                m.addVif(1, ifs.get("lan0").index(), "lan0");
                assertThat(lab.must("cat", "/proc/" + ProcessHandle.current().pid() + "/task/" + tid() + "/net/ip_mr_vif").stdout())
                        .contains("up0", "lan0");
                byte[] ttls = new byte[32];
                ttls[1] = 1;
                m.addMfc(s, g, 0, ttls);
                String routes = lab.must("ip", "-n", router, "mroute", "show").stdout();
                assertThat(routes).contains("(10.61.0.2,239.1.2.3)", "Iif: up0", "Oifs: lan0");
                assertThat(m.packetCount(s, g)).isZero();
                assertThat(m.delMfc(s, g)).isTrue();
                assertThat(m.delMfc(s, g)).isFalse();
                assertThat(lab.must("ip", "-n", router, "mroute", "show").stdout()).doesNotContain("239.1.2.3");
                m.addMfc(s, g, 0, ttls);
                assertThatThrownBy(() -> m.addVif(32, ifs.get("lan0").index(), "lan0"))
                        .isInstanceOf(MrouteException.class).hasMessageContaining("at most 32");
            }
            return null;
        });
        assertThat(lab.must("ip", "-n", router, "mroute", "show").stdout()).doesNotContain("239.1.2.3");
    }

    @Test
    void aSecondRouterSocketIsRefusedNamingTheHolder() throws Exception {
        Netns.call(router, () -> {
            try (MrouteSocket first = MrouteSocket.open()) {
                assertThatThrownBy(MrouteSocket::open)
                        .isInstanceOfSatisfying(MrouteException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EADDRINUSE))
                        .hasMessageContaining("already taken")
                        .hasMessageContaining("pid " + ProcessHandle.current().pid());
            }
            // Closing released it.
            MrouteSocket.open().close();
            return null;
        });
    }

    @Test
    void aSourceWithoutAnEntryRaisesNocacheAndDataFlowsOnceTheEntryIsAdded() throws Exception {
        int s = Ipv4.parse("10.61.0.2"), g = Ipv4.parse("239.7.7.7");
        Netns.call(router, () -> {
            var ifs = Interfaces.snapshot();
            try (MrouteSocket m = MrouteSocket.open()) {
                m.addVif(0, ifs.get("up0").index(), "up0");
                m.addVif(1, ifs.get("lan0").index(), "lan0");
                sendDatagram(g, "first");
                Upcall up = awaitUpcall(m);
                assertThat(up).isEqualTo(new Upcall(Upcall.Type.NOCACHE, 0, s, g));
                byte[] ttls = new byte[32];
                ttls[1] = 1;
                m.addMfc(s, g, 0, ttls);
                sendDatagram(g, "second");
                long deadline = System.currentTimeMillis() + 3000;
                while (m.packetCount(s, g) < 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
                assertThat(m.packetCount(s, g)).isPositive();
            }
            return null;
        });
    }

    @Test
    void aHostsReportArrivesWithItsInterface() throws Exception {
        Netns.call(router, () -> {
            var ifs = Interfaces.snapshot();
            int lan = ifs.get("lan0").index();
            try (MrouteSocket m = MrouteSocket.open()) {
                m.addVif(0, ifs.get("up0").index(), "up0");
                m.addVif(1, lan, "lan0");
                m.joinRouterGroups(lan);
                Netns.call(receiver, () -> {
                    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                    ch.join(InetAddress.getByName("239.9.9.9"), NetworkInterface.getByName("eth0"));
                    Thread.sleep(1500);
                    ch.close();
                    return null;
                });
                byte[] buf = new byte[65536];
                List<IgmpPacket> seen = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 3000;
                while (System.currentTimeMillis() < deadline && seen.stream().noneMatch(p -> p.message() instanceof V3MembershipReport r
                        && r.records().stream().anyMatch(rec -> rec.group() == Ipv4.parse("239.9.9.9")))) {
                    if (m.receive(buf) instanceof MrouteSocket.Packet p) {
                        assertThat(p.ifindex()).isEqualTo(lan);
                        var out = IgmpPacket.parseIpv4(buf, 0, p.length());
                        if (out.ok()) seen.add(out.packet());
                    } else Thread.sleep(10);
                }
                assertThat(seen).anySatisfy(p -> {
                    assertThat(p.ip().routerAlert()).isTrue();
                    assertThat(p.ip().source()).isEqualTo(Ipv4.parse("10.62.0.2"));
                    assertThat(p.message()).isInstanceOf(V3MembershipReport.class);
                });
            }
            return null;
        });
    }

    private static Upcall awaitUpcall(MrouteSocket m) throws Exception {
        byte[] buf = new byte[65536];
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            if (m.receive(buf) instanceof MrouteSocket.KernelUpcall(Upcall u)) return u;
            Thread.sleep(10);
        }
        throw new AssertionError("no upcall within 3 s");
    }

    private static void sendDatagram(int group, String text) throws Exception {
        Netns.call(source, () -> {
            try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("eth0"));
                ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 8);
                ch.send(ByteBuffer.wrap(text.getBytes()), new InetSocketAddress(InetAddress.getByName(Ipv4.format(group)), 5000));
            }
            return null;
        });
    }

    private static long tid() throws Exception {
        return Long.parseLong(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self")).getFileName().toString());
    }
}
