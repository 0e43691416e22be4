package net.igmp.linux.daemon;

import java.util.List;
import java.util.SplittableRandom;
import net.igmp.core.host.GroupFilter;
import net.igmp.core.host.HostConfig;
import net.igmp.core.host.HostEngine;
import net.igmp.core.router.ForwardingEvent;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.RouterEngine;
import net.igmp.linux.mroute.MfcTable;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.Ipv4Result;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/**
 * Runs the packet path (IPv4 and IGMP parsing, the router engine, the MFC table, and in proxy mode the host
 * engine) on synthetic traffic in throwaway instances before the daemon starts. A daemon sees a join only now and
 * then, so without this its join path would stay interpreted for hours and a join would take about a millisecond
 * of CPU instead of a few microseconds. Nothing here touches the kernel or the daemon's own state.
 */
final class Warmup {
    private Warmup() {}

    /** Stops early once {@code budgetMs} has passed. Returns the number of rounds run. */
    static int run(InterfaceConfig config, boolean proxy, int rounds, long budgetMs) {
        long start = System.nanoTime();
        RouterEngine engine = new RouterEngine(proxy);
        int a = Ipv4.parse("192.0.2.1"), b = Ipv4.parse("198.51.100.1");
        engine.addInterface(0, "a", a, config);
        engine.addInterface(0, "b", b, config);
        MfcTable mfc = new MfcTable(new MfcTable.Kernel() {
            @Override
            public void addMfc(int source, int group, int parentVif, byte[] ttls) {}

            @Override
            public boolean delMfc(int source, int group) {
                return true;
            }

            @Override
            public long packetCount(int source, int group) {
                return 0;
            }

            @Override
            public long wrongInterfaceCount(int source, int group) {
                return 0;
            }
        });
        HostEngine host = proxy ? new HostEngine(HostConfig.defaults(), new SplittableRandom(1)) : null;
        if (host != null) host.addInterface(RouterDaemon.UPSTREAM, Ipv4.parse("203.0.113.1"));
        byte[] buf = new byte[1500];
        byte[] out = new byte[1500];
        long now = 0;
        int done = 0;
        try {
            mfc.vifUp("a", 0, 0);
            mfc.vifUp("b", 1, 0);
            for (int i = 0; i < rounds; i++) {
                int group = Ipv4.parse("239.255.0.0") + (i % 4096);
                int hostA = a + 1 + (i % 200);
                int source = b + 1 + (i % 7);
                deliver(engine, "a", hostA, Ipv4.ALL_IGMPV3_ROUTERS, new V3MembershipReport(List.of(
                        new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, group, SourceList.EMPTY))), buf, now);
                drain(engine, mfc, host, out, now);
                mfc.noCache(source, group, 1, now);
                deliver(engine, "a", hostA, Ipv4.ALL_IGMPV3_ROUTERS, new V3MembershipReport(List.of(
                        new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, group, SourceList.EMPTY))), buf, now);
                drain(engine, mfc, host, out, now);
                deliver(engine, "b", b + 2, group, new V2MembershipReport(group), buf, now);
                deliver(engine, "b", b + 2, Ipv4.ALL_ROUTERS, new LeaveGroup(group), buf, now);
                if (i % 64 == 0) deliver(engine, "b", b - 1, Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125), buf, now);
                drain(engine, mfc, host, out, now);
                now += 7;
                engine.handleTimeout(now);
                if (host != null) host.handleTimeout(now);
                drain(engine, mfc, host, out, now);
                done++;
                if ((i & 255) == 0 && (System.nanoTime() - start) / 1_000_000 > budgetMs) break;
            }
        } catch (Exception | Error e) {
            // a warm-up problem must never stop the daemon
        }
        return done;
    }

    private static void deliver(RouterEngine engine, String ifName, int src, int dst, IgmpMessage m, byte[] buf, long now) {
        int igmpLength = m.encodedLength();
        Ipv4Header h = Ipv4Header.forIgmp(src, dst, igmpLength, true);
        int hl = h.write(buf, 0);
        IgmpEncoder.encode(m, buf, hl);
        Ipv4Result r = Ipv4Header.parse(buf, 0, hl + igmpLength);
        if (r instanceof Ipv4Header parsed) engine.handle(now, ifName, parsed.source(), parsed.destination(), buf, hl, igmpLength);
    }

    private static void drain(RouterEngine engine, MfcTable mfc, HostEngine host, byte[] out, long now) throws Exception {
        net.igmp.core.router.Transmit t;
        while ((t = engine.pollTransmit()) != null) IgmpEncoder.encode(t.message(), out, 0);
        net.igmp.core.router.ProxyEvent pe;
        List<GroupFilter> changes = new java.util.ArrayList<>();
        while ((pe = engine.pollProxyEvent()) != null) changes.add(new GroupFilter(pe.group(), pe.mode(), pe.sources()));
        if (host != null && !changes.isEmpty()) host.listen(now, HostEngine.DEFAULT_SOCKET, RouterDaemon.UPSTREAM, changes);
        if (host != null) {
            net.igmp.core.host.Transmit ht;
            while ((ht = host.pollTransmit()) != null) IgmpEncoder.encode(ht.message(), out, 0);
        }
        ForwardingEvent e;
        while ((e = engine.pollEvent()) != null) mfc.membership(e.interfaceName(), e.group(), e.mode(), e.sources(), now);
    }
}
