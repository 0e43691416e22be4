package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.igmp.core.FilterMode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.Ipv4;
import net.igmp.wire.SourceList;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/**
 * RFC 9776 section 3.2 (interface state from socket states) against a reference model built from plain sets, on
 * random socket states; and section 5.1 checked end to end: a router that applies each State-Change Report
 * (section 6.4's meaning of TO_IN, TO_EX, ALLOW, BLOCK for one host) always ends with the host's state.
 */
class MergingRulesTest {
    static final int GROUPS = 3, SOCKETS = 4, SOURCES = 6, STEPS = 400, RUNS = 60;

    record SocketState(FilterMode mode, Set<Integer> sources) {}

    /** Section 3.2 written as directly as the text says it. */
    static SocketState reference(Map<Long, SocketState> sockets) {
        boolean anyExclude = sockets.values().stream().anyMatch(s -> s.mode() == FilterMode.EXCLUDE);
        Set<Integer> includeUnion = new HashSet<>();
        for (SocketState s : sockets.values()) if (s.mode() == FilterMode.INCLUDE) includeUnion.addAll(s.sources());
        if (!anyExclude) return new SocketState(FilterMode.INCLUDE, includeUnion);
        Set<Integer> excl = null;
        for (SocketState s : sockets.values()) {
            if (s.mode() != FilterMode.EXCLUDE) continue;
            if (excl == null) excl = new HashSet<>(s.sources());
            else excl.retainAll(s.sources());
        }
        excl.removeAll(includeUnion);
        return new SocketState(FilterMode.EXCLUDE, excl);
    }

    @Test
    void interfaceStateFollowsTheMergingRulesAndReportsKeepARouterInStep() {
        long base = new SplittableRandom().nextLong();
        for (int run = 0; run < RUNS; run++) {
            long seed = base + run;
            try {
                runOnce(seed);
            } catch (AssertionError e) {
                throw new AssertionError("failed with seed " + seed + " (replay: runOnce(" + seed + "L))", e);
            }
        }
    }

    private void runOnce(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        HostConfig cfg = HostConfig.defaults().withRobustness(1 + r.nextInt(3));
        HostEngine host = new HostEngine(cfg, new SplittableRandom(seed ^ 0x5DEECE66DL));
        host.addInterface(1, Ipv4.parse("10.0.0.2"));
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) groups[i] = Ipv4.parse("239.0.0.1") + i;
        Map<Integer, Map<Long, SocketState>> model = new HashMap<>();
        Map<Integer, SocketState> router = new HashMap<>();
        long now = 0;
        for (int step = 0; step < STEPS; step++) {
            int group = groups[r.nextInt(GROUPS)];
            long socket = r.nextInt(SOCKETS);
            FilterMode mode = r.nextInt(3) == 0 ? FilterMode.EXCLUDE : FilterMode.INCLUDE;
            TreeSet<Integer> src = new TreeSet<>();
            for (int s = 0; s < SOURCES; s++) if (r.nextInt(3) == 0) src.add(Ipv4.parse("10.9.0.1") + s);
            int[] arr = src.stream().mapToInt(Integer::intValue).toArray();
            host.listen(now, socket, 1, group, mode, SourceList.of(arr));
            Map<Long, SocketState> sockets = model.computeIfAbsent(group, k -> new HashMap<>());
            if (mode == FilterMode.INCLUDE && src.isEmpty()) sockets.remove(socket);
            else sockets.put(socket, new SocketState(mode, src));

            for (int gr : groups) {
                SocketState want = reference(model.getOrDefault(gr, Map.of()));
                ReceptionState got = host.receptionState(1, gr);
                assertThat(got.filterMode()).as("mode of %s at step %d", Ipv4.format(gr), step).isEqualTo(want.mode());
                assertThat(set(got.sources())).as("sources of %s at step %d", Ipv4.format(gr), step).isEqualTo(want.sources());
            }
            // deliver what was sent at once, and sometimes let time (and retransmissions) pass
            for (Transmit t; (t = host.pollTransmit()) != null; ) apply(router, (V3MembershipReport) t.message());
            for (int gr : groups) {
                SocketState want = reference(model.getOrDefault(gr, Map.of()));
                SocketState seen = router.getOrDefault(gr, new SocketState(FilterMode.INCLUDE, Set.of()));
                assertThat(seen).as("router's view of %s after step %d", Ipv4.format(gr), step).isEqualTo(want);
            }
            if (r.nextInt(4) == 0) {
                now += r.nextInt(3000);
                while (host.nextDeadline() <= now) host.handleTimeout(host.nextDeadline());
                for (Transmit t; (t = host.pollTransmit()) != null; ) apply(router, (V3MembershipReport) t.message());
            }
        }
    }

    /** What one State-Change Report tells a router about this single host's state (section 6.4 for one host). */
    static void apply(Map<Integer, SocketState> router, V3MembershipReport report) {
        for (GroupRecord gr : report.records()) {
            SocketState cur = router.getOrDefault(gr.group(), new SocketState(FilterMode.INCLUDE, Set.of()));
            Set<Integer> s = new HashSet<>(cur.sources());
            Set<Integer> x = set(gr.sources());
            SocketState next = switch (gr.recordType()) {
                case CHANGE_TO_INCLUDE_MODE -> new SocketState(FilterMode.INCLUDE, x);
                case CHANGE_TO_EXCLUDE_MODE -> new SocketState(FilterMode.EXCLUDE, x);
                case ALLOW_NEW_SOURCES -> {
                    if (cur.mode() == FilterMode.INCLUDE) s.addAll(x); else s.removeAll(x);
                    yield new SocketState(cur.mode(), s);
                }
                case BLOCK_OLD_SOURCES -> {
                    if (cur.mode() == FilterMode.INCLUDE) s.removeAll(x); else s.addAll(x);
                    yield new SocketState(cur.mode(), s);
                }
                default -> throw new AssertionError("not a state-change record: " + gr);
            };
            router.put(gr.group(), next);
        }
    }

    static Set<Integer> set(SourceList l) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < l.size(); i++) s.add(l.get(i));
        return s;
    }
}
