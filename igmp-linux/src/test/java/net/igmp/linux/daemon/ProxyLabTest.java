package net.igmp.linux.daemon;

import static net.igmp.linux.daemon.LabHosts.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.linux.daemon.LabHosts.Daemon;
import net.igmp.linux.daemon.LabHosts.Member;
import net.igmp.linux.daemon.LabHosts.Source;
import net.igmp.linux.ffm.Interfaces;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.LabThread;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.linux.mroute.MrouteSocket;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import net.igmp.linux.dataplane.DataPlane;
import org.junit.jupiter.api.TestInstance;

/**
 * RFC 4605 proxy mode against the real kernel:
 * <pre>
 *   core (upstream router: observer + source) --eth0/up0-- p (proxy daemon) --down0/eth0-- hp (IGMPv3 host)
 * </pre>
 * The observer in {@code core} reads IGMP on a raw socket that joined the routers' groups, so it hears every v3
 * report. Runs once per data plane of the proxy: {@link ProxyKernelPlaneLabTest} and {@link ProxyUserPlaneLabTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyLabTest {
    NetnsLab lab;
    String core, proxy, host;
    Daemon daemon;
    Source source;
    LabThread observer;
    volatile boolean observing = true;
    volatile MrouteSocket upstreamSocket;
    final List<IgmpPacket> heard = new CopyOnWriteArrayList<>();
    final DataPlane.Choice plane;

    ProxyLabTest(DataPlane.Choice plane) {
        this.plane = plane;
    }

    @BeforeAll
    void build() throws Exception {
        LabRequirement.require();
        lab = NetnsLab.create("igp");
        core = lab.namespace("core");
        proxy = lab.namespace("p");
        host = lab.namespace("hp");
        lab.veth(core, "eth0", proxy, "up0");
        lab.veth(proxy, "down0", host, "eth0");
        lab.address(core, "eth0", "10.90.0.1/24");
        lab.address(proxy, "up0", "10.90.0.2/24");
        lab.address(proxy, "down0", "10.91.0.1/24");
        lab.address(host, "eth0", "10.91.0.2/24");
        observer = LabThread.start(core, "upstream-observer", self -> {
            try (MrouteSocket m = MrouteSocket.openIgmp()) {
                int eth0 = Interfaces.snapshot().get("eth0").index();
                m.joinRouterGroups(eth0);
                upstreamSocket = m;
                self.ready();
                byte[] buf = new byte[65536];
                while (observing) {
                    if (m.receive(buf) instanceof MrouteSocket.Packet p) {
                        var out = IgmpPacket.parseIpv4(buf, 0, p.length());
                        if (out.ok()) heard.add(out.packet());
                    } else Thread.sleep(5);
                }
            }
        });
        // if the observer cannot open its socket, the class fails here
        observer.awaitReady(Duration.ofSeconds(60));
        Path dir = Files.createTempDirectory("igmp-proxy");
        InterfaceConfig fast = InterfaceConfig.builder().queryIntervalMs(4000).queryResponseIntervalMs(1000).lastMemberQueryIntervalMs(200).build();
        daemon = new Daemon(proxy, new DaemonConfig(List.of(), "up0", List.of("down0"), fast, dir.resolve("p.sock"), 60_000, false), plane);
        source = new Source(core, "239.2.2.2");
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            observing = false;
            if (source != null) source.close();
            if (daemon != null) daemon.close();
            if (observer != null) observer.stop(Duration.ofSeconds(3));
        } finally {
            if (lab != null) lab.close();
        }
    }

    /** Group records for {@code group} that the proxy (10.90.0.2) sent upstream. */
    List<RecordType> upstreamRecords(String group) {
        return heard.stream().filter(p -> p.ip().source() == Ipv4.parse("10.90.0.2"))
                .filter(p -> p.message() instanceof V3MembershipReport)
                .flatMap(p -> ((V3MembershipReport) p.message()).records().stream())
                .filter(r -> r.group() == Ipv4.parse(group)).map(GroupRecord::recordType).toList();
    }

    @Test
    void downstreamMembershipIsReportedUpstreamAndTrafficFlowsDown() throws Exception {
        try (Member m = new Member(host)) {
            m.join("239.2.2.2");
            await("the proxy reports 239.2.2.2 upstream", 3000, () -> upstreamRecords("239.2.2.2").contains(RecordType.CHANGE_TO_EXCLUDE_MODE));
            await("239.2.2.2 flows down to the host", 3000, () -> m.count("239.2.2.2") > 3);
            assertThat(daemon.oifs(lab, "10.90.0.1", "239.2.2.2")).containsExactly("down0");

            // The upstream querier asks; the proxy answers for the merged membership like a host.
            int before = upstreamRecords("239.2.2.2").size();
            byte[] q = IgmpEncoder.toBytes(MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 2, 4));
            Netns.call(core, () -> {
                upstreamSocket.send(Interfaces.snapshot().get("eth0").index(), Ipv4.ALL_SYSTEMS, q, 0, q.length);
                return null;
            });
            await("a current-state report answers the query", 3000, () -> {
                List<RecordType> records = upstreamRecords("239.2.2.2"); // one snapshot: reports keep arriving
                return records.subList(before, records.size()).contains(RecordType.MODE_IS_EXCLUDE);
            });

            m.leave("239.2.2.2");
            await("the proxy leaves upstream", 3000, () -> upstreamRecords("239.2.2.2").contains(RecordType.CHANGE_TO_INCLUDE_MODE));
            await("traffic stops on down0", 2000, () -> daemon.oifs(lab, "10.90.0.1", "239.2.2.2").isEmpty());
        }
    }
}
