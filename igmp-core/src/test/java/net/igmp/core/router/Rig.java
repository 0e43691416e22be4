package net.igmp.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/** A router engine on one interface driven by a manual clock; collects what it sends and emits. */
final class Rig {
    static final String IF = "eth0";
    static final int ROUTER = ip("10.0.0.5");
    static final int LOWER_ROUTER = ip("10.0.0.1");
    static final int H1 = ip("10.0.0.101"), H2 = ip("10.0.0.102"), H3 = ip("10.0.0.103");
    static final int G = ip("239.1.1.1");

    final RouterEngine e;
    long now;
    final List<Transmit> tx = new ArrayList<>();
    final List<ForwardingEvent> events = new ArrayList<>();

    Rig(InterfaceConfig config) {
        this(config, false);
    }

    Rig(InterfaceConfig config, boolean proxy) {
        e = new RouterEngine(proxy);
        e.addInterface(0, IF, ROUTER, config);
        collect();
    }

    /** Defaults without explicit tracking: the plain RFC 9776 behaviour. */
    static InterfaceConfig rfc() {
        return InterfaceConfig.builder().explicitTracking(false).build();
    }

    static int ip(String s) {
        return Ipv4.parse(s);
    }

    static SourceList srcs(String... s) {
        return SourceList.of(s);
    }

    static GroupRecord rec(RecordType t, int group, String... sources) {
        return new GroupRecord(t, group, SourceList.of(sources));
    }

    void collect() {
        Transmit t;
        while ((t = e.pollTransmit()) != null) tx.add(t);
        ForwardingEvent f;
        while ((f = e.pollEvent()) != null) events.add(f);
    }

    /** Advances to {@code t}, firing every deadline on the way at its own time. */
    Rig at(long t) {
        while (e.nextDeadline() <= t) {
            long d = Math.max(now, e.nextDeadline());
            now = d;
            e.handleTimeout(d);
            collect();
        }
        now = t;
        e.handleTimeout(t);
        collect();
        return this;
    }

    Rig report(int host, GroupRecord... records) {
        e.handle(now, IF, host, Ipv4.ALL_IGMPV3_ROUTERS, V3MembershipReport.of(records));
        collect();
        return this;
    }

    Rig v2(int host, int group) {
        e.handle(now, IF, host, group, new V2MembershipReport(group));
        collect();
        return this;
    }

    Rig v1(int host, int group) {
        e.handle(now, IF, host, group, new V1MembershipReport(group));
        collect();
        return this;
    }

    Rig leave(int host, int group) {
        e.handle(now, IF, host, Ipv4.ALL_ROUTERS, new LeaveGroup(group));
        collect();
        return this;
    }

    Rig query(int from, MembershipQuery q) {
        e.handle(now, IF, from, q.isGeneral() ? Ipv4.ALL_SYSTEMS : q.group(), q);
        collect();
        return this;
    }

    List<Transmit> takeTx() {
        List<Transmit> out = List.copyOf(tx);
        tx.clear();
        return out;
    }

    List<ForwardingEvent> takeEvents() {
        List<ForwardingEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    GroupState group(int g) {
        return e.groupState(now, IF, g);
    }

    /** Remaining source timer of {@code source} in group {@code g}; -1 when there is no such source record. */
    long sourceTimer(int g, String source) {
        GroupState s = group(g);
        if (s == null) return -1;
        for (SourceState ss : s.sources()) if (ss.source().equals(source)) return ss.timerMs();
        return -1;
    }

    List<String> sources(int g) {
        GroupState s = group(g);
        return s == null ? List.of() : s.sources().stream().map(SourceState::source).toList();
    }

    FilterMode mode(int g) {
        GroupState s = group(g);
        return s == null ? null : s.filterMode();
    }

    ForwardingEvent forwarding(int g) {
        return e.forwarding(IF, g);
    }

    long drops(DropReason r) {
        return e.interfaceState(now, IF, false).drops().get(r.name());
    }

    long count(MessageCounter c) {
        return e.interfaceState(now, IF, false).counters().get(c.label());
    }

    static List<String> sorted(String... s) {
        String[] c = s.clone();
        Arrays.sort(c, (a, b) -> Integer.compareUnsigned(ip(a), ip(b)));
        return List.of(c);
    }
}
