package net.igmp.core.router;

import static net.igmp.core.router.Rig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.igmp.core.FilterMode;
import net.igmp.core.host.HostConfig;
import net.igmp.core.host.HostEngine;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpParser;
import net.igmp.wire.ParseResult;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.Test;

/** Host engines and a router engine on one LAN, exchanging real encoded packets, in virtual time. */
class HostRouterInteropTest {
    static final String IF = "lan";
    static final int ROUTER = ip("10.0.0.1");
    static final int G = ip("239.7.7.7");
    static final int S1 = ip("10.9.0.1");

    final RouterEngine router = new RouterEngine();
    final List<HostEngine> hosts = new ArrayList<>();
    final List<ForwardingEvent> events = new ArrayList<>();
    long now;
    int packets;

    HostEngine host(int address, HostConfig config, long seed) {
        HostEngine h = new HostEngine(config, new SplittableRandom(seed));
        h.addInterface(0, address);
        hosts.add(h);
        return h;
    }

    /** Delivers every pending packet to every other node, over encoded bytes, until the LAN is quiet. */
    void deliver() {
        boolean any = true;
        while (any) {
            any = false;
            Transmit t;
            while ((t = router.pollTransmit()) != null) {
                any = true;
                byte[] b = IgmpEncoder.toBytes(t.message());
                packets++;
                for (HostEngine h : hosts) h.handle(now, 0, ROUTER, t.destination(), parse(b));
            }
            for (HostEngine from : hosts) {
                net.igmp.core.host.Transmit ht;
                while ((ht = from.pollTransmit()) != null) {
                    any = true;
                    byte[] b = IgmpEncoder.toBytes(ht.message());
                    packets++;
                    router.handle(now, IF, ht.source(), ht.destination(), b, 0, b.length);
                    for (HostEngine h : hosts) if (h != from) h.handle(now, 0, ht.source(), ht.destination(), parse(b));
                }
            }
        }
        ForwardingEvent e;
        while ((e = router.pollEvent()) != null) events.add(e);
    }

    static net.igmp.wire.IgmpMessage parse(byte[] b) {
        ParseResult r = IgmpParser.parse(b);
        assertThat(r).isInstanceOf(ParseResult.Parsed.class);
        assertThat(((ParseResult.Parsed) r).checksumValid()).isTrue();
        return ((ParseResult.Parsed) r).message();
    }

    /** Runs every node's timers up to {@code until}, jumping from deadline to deadline. */
    void runUntil(long until) {
        deliver();
        while (true) {
            long next = router.nextDeadline();
            for (HostEngine h : hosts) next = Math.min(next, h.nextDeadline());
            if (next > until) break;
            now = Math.max(now, next);
            router.handleTimeout(now);
            for (HostEngine h : hosts) h.handleTimeout(now);
            deliver();
        }
        now = until;
        router.handleTimeout(now);
        deliver();
    }

    ForwardingEvent lastEvent() {
        return events.get(events.size() - 1);
    }

    @Test
    void v3HostsJoinStayAndLeaveWithExplicitTracking() {
        router.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS);
        HostEngine h1 = host(ip("10.0.0.11"), HostConfig.defaults(), 1);
        HostEngine h2 = host(ip("10.0.0.12"), HostConfig.defaults(), 2);
        runUntil(1000);
        h1.join(now, 0, G);
        h2.join(now, 0, G, SourceList.of(S1));
        runUntil(2000);
        assertThat(lastEvent()).isEqualTo(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.EMPTY));
        runUntil(20 * 60_000); // twenty minutes of general queries and answers: membership holds
        assertThat(router.forwarding(IF, G).mode()).isEqualTo(FilterMode.EXCLUDE);
        assertThat(router.groupState(now, IF, G).reporters()).containsExactly("10.0.0.11", "10.0.0.12");
        events.clear();
        long leaveAt = now;
        h1.leave(now, 0, G);
        runUntil(now + 10);
        // the only EXCLUDE-mode host left: straight to INCLUDE {S1} for the remaining host, no 2 s wait
        assertThat(events).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of(S1)));
        h2.leave(now, 0, G);
        runUntil(now + 10);
        assertThat(lastEvent()).isEqualTo(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.EMPTY));
        assertThat(now - leaveAt).isLessThan(100);
        assertThat(router.groupCount(IF)).isZero();
        assertThat(router.interfaceState(now, IF, false).drops().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void v2HostLeaveWaitsForTheLastMemberQueries() {
        router.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS);
        HostEngine h = host(ip("10.0.0.21"), HostConfig.defaults().withMaxVersion(2), 3);
        runUntil(1000);
        h.join(now, 0, G);
        runUntil(2000);
        assertThat(router.groupState(now, IF, G).compatibilityMode()).isEqualTo(2);
        runUntil(10 * 60_000);
        assertThat(router.forwarding(IF, G).mode()).isEqualTo(FilterMode.EXCLUDE);
        long leaveAt = now;
        h.leave(now, 0, G);
        runUntil(now + 1999);
        assertThat(router.forwarding(IF, G).mode()).isEqualTo(FilterMode.EXCLUDE);
        runUntil(leaveAt + 2000);
        assertThat(router.forwarding(IF, G).isNoListeners()).isTrue();
    }

    @Test
    void twoRoutersElectTheLowerAddress() {
        RouterEngine other = new RouterEngine();
        router.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS);
        other.addInterface(0, IF, ip("10.0.0.2"), InterfaceConfig.DEFAULTS);
        for (long t = 0; t < 300_000; t = Math.min(router.nextDeadline(), other.nextDeadline())) {
            router.handleTimeout(t);
            other.handleTimeout(t);
            Transmit x;
            while ((x = router.pollTransmit()) != null) { byte[] b = IgmpEncoder.toBytes(x.message()); other.handle(t, IF, ROUTER, x.destination(), b, 0, b.length); }
            while ((x = other.pollTransmit()) != null) { byte[] b = IgmpEncoder.toBytes(x.message()); router.handle(t, IF, ip("10.0.0.2"), x.destination(), b, 0, b.length); }
        }
        assertThat(router.interfaceState(0, IF, false).querier()).isTrue();
        assertThat(other.interfaceState(0, IF, false).querier()).isFalse();
        assertThat(other.interfaceState(0, IF, false).querierAddress()).isEqualTo("10.0.0.1");
    }

    /** What the hosts want for a group, merged as in RFC 9776 section 3.2. */
    record Want(FilterMode mode, java.util.Set<Integer> sources) {
        boolean forwards(int s) {
            return mode == FilterMode.INCLUDE ? sources.contains(s) : !sources.contains(s);
        }
    }

    static Want merge(List<Want> hostStates) {
        java.util.Set<Integer> incl = new java.util.TreeSet<>(), excl = null;
        for (Want w : hostStates) {
            if (w.mode == FilterMode.EXCLUDE) {
                if (excl == null) excl = new java.util.TreeSet<>(w.sources);
                else excl.retainAll(w.sources);
            } else incl.addAll(w.sources);
        }
        if (excl == null) return new Want(FilterMode.INCLUDE, incl);
        excl.removeAll(incl);
        return new Want(FilterMode.EXCLUDE, excl);
    }

    /**
     * Random v3 filter changes on three hosts. After every change (reports delivered, no loss) the router must
     * forward at least what the hosts want; explicit tracking must never cut a listener off. After a quiet
     * Group Membership Interval the router forwards exactly what they want.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "explicit tracking {0}, v2 host {1}")
    @org.junit.jupiter.params.provider.CsvSource({"true,false", "false,false", "true,true"})
    void randomFilterChangesNeverUnderForwardAndConverge(boolean tracking, boolean withV2Host) {
        int[] groups = {ip("239.8.0.1"), ip("239.8.0.2")};
        int[] pool = {ip("10.9.0.1"), ip("10.9.0.2"), ip("10.9.0.3")};
        for (long seed = 1; seed <= 200; seed++) {
            HostRouterInteropTest lan = new HostRouterInteropTest();
            lan.router.addInterface(0, IF, ROUTER, InterfaceConfig.DEFAULTS.toBuilder().explicitTracking(tracking).build());
            SplittableRandom rnd = new SplittableRandom(seed);
            Want[][] state = new Want[3][groups.length];
            for (int h = 0; h < 3; h++) {
                lan.host(ip("10.0.0." + (11 + h)), withV2Host && h == 2 ? HostConfig.defaults().withMaxVersion(2) : HostConfig.defaults(), seed * 10 + h);
                for (int g = 0; g < groups.length; g++) state[h][g] = new Want(FilterMode.INCLUDE, java.util.Set.of());
            }
            for (int step = 0; step < 40; step++) {
                int h = rnd.nextInt(3), g = rnd.nextInt(groups.length);
                FilterMode mode = rnd.nextInt(3) == 0 ? FilterMode.EXCLUDE : FilterMode.INCLUDE;
                java.util.Set<Integer> set = new java.util.TreeSet<>();
                for (int s : pool) if (rnd.nextInt(2) == 0) set.add(s);
                if (withV2Host && h == 2) { // a v2 host joins (EXCLUDE {}) or leaves (INCLUDE {})
                    set.clear();
                    mode = rnd.nextBoolean() ? FilterMode.EXCLUDE : FilterMode.INCLUDE;
                }
                state[h][g] = new Want(mode, set);
                lan.hosts.get(h).listen(lan.now, HostEngine.DEFAULT_SOCKET, 0, groups[g], mode,
                        SourceList.of(set.stream().mapToInt(Integer::intValue).toArray()));
                lan.runUntil(lan.now + rnd.nextInt(1, 4000));
                for (int k = 0; k < groups.length; k++) {
                    List<Want> per = new ArrayList<>();
                    for (int x = 0; x < 3; x++) per.add(state[x][k]);
                    Want want = merge(per);
                    ForwardingEvent f = lan.router.forwarding(IF, groups[k]);
                    for (int s : pool)
                        if (want.forwards(s))
                            assertThat(f.forwards(s)).as("seed %d step %d group %d source %d: want %s, router %s", seed, step, k, s, want, f).isTrue();
                    if (want.mode == FilterMode.EXCLUDE)
                        assertThat(f.mode()).as("seed %d step %d: any-source wanted", seed, step).isEqualTo(FilterMode.EXCLUDE);
                }
            }
            lan.runUntil(lan.now + 400_000);
            for (int k = 0; k < groups.length; k++) {
                List<Want> per = new ArrayList<>();
                for (int x = 0; x < 3; x++) per.add(state[x][k]);
                Want want = merge(per);
                ForwardingEvent f = lan.router.forwarding(IF, groups[k]);
                assertThat(f.mode()).as("seed %d converged mode", seed).isEqualTo(want.mode);
                assertThat(f.sources()).as("seed %d converged sources", seed)
                        .isEqualTo(SourceList.of(want.sources.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
    }
}
