package net.igmp.core.router;

import static net.igmp.core.router.Rig.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.igmp.core.FilterMode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized sequences of reports, leaves, queries and time jumps, checked after every step against a small
 * reference model written straight from the set formulas of RFC 9776 6.4.1, 6.4.2, 6.5, 6.6.1 and 7.3.2 (maps
 * and sets, timers evaluated lazily). Runs as querier (the "Send Q" actions lower timers) and as non-querier
 * (they do not; the querier's queries do). A failure names the seed and step to replay.
 */
class RouterModelTest {
    static final long GMI = 260_000, LMQT = 2_000, OHPI = 260_000;
    static final int[] GROUPS = {ip("239.1.1.1"), ip("239.1.1.2"), ip("239.1.1.3")};
    static final int[] POOL = {ip("10.1.1.1"), ip("10.1.1.2"), ip("10.1.1.3"), ip("10.1.1.4")};
    static final int[] HOSTS = {H1, H2, H3};
    static final int HIGHER_ROUTER = ip("10.0.0.9");
    static final long STOPPED = Long.MIN_VALUE;
    static final RecordType[] TRACKED_TYPES = {RecordType.MODE_IS_INCLUDE, RecordType.MODE_IS_EXCLUDE, RecordType.ALLOW_NEW_SOURCES};

    /** The model of one group record. A source whose timer is at or before now is in Y (EXCLUDE) or gone (INCLUDE). */
    static final class MGroup {
        boolean exclude;
        long groupTimer = STOPPED;
        final TreeMap<Integer, Long> timers = new TreeMap<>(Integer::compareUnsigned);
        long v1 = STOPPED, v2 = STOPPED;

        int compat(long now) { return v1 > now ? 1 : v2 > now ? 2 : 3; }
        Set<Integer> x(long now) { Set<Integer> s = new LinkedHashSet<>(); timers.forEach((k, v) -> { if (v > now) s.add(k); }); return s; }
        Set<Integer> y(long now) { Set<Integer> s = new LinkedHashSet<>(); timers.forEach((k, v) -> { if (v <= now) s.add(k); }); return s; }
    }

    final Map<Integer, MGroup> model = new HashMap<>();
    boolean querier;
    long now;

    /** 6.3 and 6.5, evaluated at {@code now}. */
    void expire() {
        model.values().removeIf(g -> {
            if (g.exclude && g.groupTimer <= now) { g.exclude = false; g.groupTimer = STOPPED; }
            if (!g.exclude) g.timers.values().removeIf(t -> t <= now);
            return !g.exclude && g.timers.isEmpty();
        });
    }

    /** "Send Q(G,X)" by a querier: sources of X with a timer above LMQT are lowered to it (6.6.3.2). */
    void sendQ(MGroup g, Set<Integer> x) {
        if (!querier) return;
        for (int s : x) g.timers.computeIfPresent(s, (k, t) -> t > now + LMQT ? now + LMQT : t);
    }

    void sendQG(MGroup g) {
        if (querier && g.compat(now) != 1 && g.groupTimer > now + LMQT) g.groupTimer = now + LMQT;
    }

    void apply(int group, RecordType type, Set<Integer> b) {
        MGroup g = model.get(group);
        int compat = g == null ? 3 : g.compat(now);
        if (compat < 3 && type == RecordType.BLOCK_OLD_SOURCES) return;             // 7.3.2
        if (compat < 3 && type == RecordType.CHANGE_TO_EXCLUDE_MODE) b = Set.of();  // 7.3.2
        boolean toEx = type == RecordType.MODE_IS_EXCLUDE || type == RecordType.CHANGE_TO_EXCLUDE_MODE;
        if (g == null) {
            if (!toEx && (b.isEmpty() || type == RecordType.BLOCK_OLD_SOURCES)) return;
            g = new MGroup();
            model.put(group, g);
        }
        long gmi = now + GMI;
        if (!g.exclude) {
            Set<Integer> a = new LinkedHashSet<>(g.timers.keySet());
            switch (type) {
                case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES -> { for (int s : b) g.timers.put(s, gmi); }
                case CHANGE_TO_INCLUDE_MODE -> {
                    for (int s : b) g.timers.put(s, gmi);
                    Set<Integer> aMinusB = new LinkedHashSet<>(a); aMinusB.removeAll(b);
                    sendQ(g, aMinusB);
                }
                case BLOCK_OLD_SOURCES -> { Set<Integer> ab = new LinkedHashSet<>(a); ab.retainAll(b); sendQ(g, ab); }
                case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> {
                    // EXCLUDE (A*B, B-A): A*B keeps its timers, B-A = 0, Delete (A-B), Group Timer = GMI
                    TreeMap<Integer, Long> next = new TreeMap<>(Integer::compareUnsigned);
                    for (int s : b) next.put(s, a.contains(s) ? g.timers.get(s) : STOPPED);
                    g.timers.clear(); g.timers.putAll(next);
                    g.exclude = true; g.groupTimer = gmi;
                    if (type == RecordType.CHANGE_TO_EXCLUDE_MODE) { Set<Integer> ab = new LinkedHashSet<>(a); ab.retainAll(b); sendQ(g, ab); }
                }
                default -> throw new AssertionError();
            }
        } else {
            Set<Integer> x = g.x(now), y = g.y(now);
            switch (type) {
                case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES -> { for (int s : b) g.timers.put(s, gmi); }
                case CHANGE_TO_INCLUDE_MODE -> {
                    for (int s : b) g.timers.put(s, gmi);
                    Set<Integer> xMinusA = new LinkedHashSet<>(x); xMinusA.removeAll(b);
                    sendQ(g, xMinusA);
                    sendQG(g);
                }
                case BLOCK_OLD_SOURCES -> {
                    for (int s : b) if (!x.contains(s) && !y.contains(s)) g.timers.put(s, g.groupTimer); // (A-X-Y)=Group Timer
                    Set<Integer> aMinusY = new LinkedHashSet<>(b); aMinusY.removeAll(y);
                    sendQ(g, aMinusY);
                }
                case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> {
                    // EXCLUDE (A-Y, Y*A)
                    long fresh = type == RecordType.MODE_IS_EXCLUDE ? gmi : g.groupTimer;
                    TreeMap<Integer, Long> next = new TreeMap<>(Integer::compareUnsigned);
                    for (int s : b) next.put(s, x.contains(s) || y.contains(s) ? g.timers.get(s) : fresh);
                    g.timers.clear(); g.timers.putAll(next);
                    if (type == RecordType.CHANGE_TO_EXCLUDE_MODE) { Set<Integer> aMinusY = new LinkedHashSet<>(b); aMinusY.removeAll(y); sendQ(g, aMinusY); }
                    g.groupTimer = gmi;
                }
                default -> throw new AssertionError();
            }
        }
        if (!g.exclude && g.timers.isEmpty()) model.remove(group);
    }

    @ParameterizedTest(name = "querier={0}")
    @ValueSource(booleans = {false, true})
    void randomSequencesMatchTheReferenceModel(boolean asQuerier) {
        for (long seed = 1; seed <= 300; seed++) {
            try {
                run(seed, asQuerier);
            } catch (AssertionError e) {
                throw new AssertionError("replay with seed " + seed + " (querier=" + asQuerier + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * With explicit tracking on, IS_IN, IS_EX, ALLOW and v1/v2 reports still follow the tables exactly (tracking
     * only changes "Send Q" actions, which these rows do not have), so the same model applies. This covers the
     * refresh shortcut (v2 reports and IS_EX({}) records), taken when a group's tracked host repeats its report.
     */
    @ParameterizedTest(name = "querier={0}")
    @ValueSource(booleans = {false, true})
    void trackedRefreshesMatchTheReferenceModel(boolean asQuerier) {
        for (long seed = 1; seed <= 300; seed++) {
            try {
                run(seed, asQuerier, true);
            } catch (AssertionError e) {
                throw new AssertionError("replay with seed " + seed + " (querier=" + asQuerier + ", tracking): " + e.getMessage(), e);
            }
        }
    }

    void run(long seed, boolean asQuerier) {
        run(seed, asQuerier, false);
    }

    void run(long seed, boolean asQuerier, boolean tracking) {
        model.clear();
        querier = asQuerier;
        now = 0;
        SplittableRandom rnd = new SplittableRandom(seed);
        Rig r = new Rig(tracking ? rfc().toBuilder().explicitTracking(true).build() : rfc());
        MembershipQuery general = MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125);
        for (int step = 0; step < 150; step++) {
            if (!asQuerier) r.query(LOWER_ROUTER, general); // keeps the Other Querier Present timer running
            long dt = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1, 3000);
                case 2 -> rnd.nextInt(1, 60_000);
                default -> rnd.nextInt(1, 200_000);
            };
            now += dt;
            r.at(now);
            expire();
            int group = GROUPS[rnd.nextInt(GROUPS.length)];
            int host = HOSTS[rnd.nextInt(HOSTS.length)];
            Set<Integer> b = new LinkedHashSet<>();
            for (int s : POOL) if (rnd.nextInt(3) == 0) b.add(s);
            int[] bArr = b.stream().mapToInt(Integer::intValue).toArray();
            String what;
            int kind = rnd.nextInt(20);
            if (tracking && kind >= 15 && kind < 17) kind = 12; // no leaves: a v2 report instead
            if (kind < 12) {
                RecordType type = tracking ? TRACKED_TYPES[rnd.nextInt(TRACKED_TYPES.length)] : RecordType.of(1 + rnd.nextInt(6));
                what = type.shortName() + " " + SourceList.of(bArr);
                r.report(host, new GroupRecord(type, group, SourceList.of(bArr)));
                apply(group, type, b);
            } else if (kind < 14) {
                what = "v2 report";
                r.v2(host, group);
                MGroup g = model.get(group);
                apply(group, RecordType.MODE_IS_EXCLUDE, Set.of());
                model.get(group).v2 = now + OHPI;
            } else if (kind < 15) {
                what = "v1 report";
                r.v1(host, group);
                apply(group, RecordType.MODE_IS_EXCLUDE, Set.of());
                model.get(group).v1 = now + OHPI;
            } else if (kind < 17) {
                what = "leave";
                r.leave(host, group);
                MGroup g = model.get(group);
                if (g != null && g.compat(now) != 1) apply(group, RecordType.CHANGE_TO_INCLUDE_MODE, Set.of());
            } else {
                boolean s = rnd.nextBoolean();
                boolean withSources = rnd.nextBoolean() && !b.isEmpty();
                what = "Q(G" + (withSources ? "," + SourceList.of(bArr) : "") + ") S=" + s;
                r.query(asQuerier ? HIGHER_ROUTER : LOWER_ROUTER,
                        MembershipQuery.v3(group, withSources ? SourceList.of(bArr) : SourceList.EMPTY, 10, s, 2, 125));
                MGroup g = model.get(group);
                if (g != null && !s) { // 6.6.1, LMQT = LMQC x Max Resp Time (1 s)
                    if (withSources) for (int src : b) g.timers.computeIfPresent(src, (k, t) -> t > now + LMQT ? now + LMQT : t);
                    else if (g.exclude && g.groupTimer > now + LMQT) g.groupTimer = now + LMQT;
                }
            }
            compare(r, "step " + step + " at " + now + " ms: " + what + " for " + Ipv4.format(group));
        }
    }

    void compare(Rig r, String where) {
        for (int group : GROUPS) {
            MGroup m = model.get(group);
            GroupState g = r.e.groupState(now, IF, group);
            String at = where + ", checking " + Ipv4.format(group);
            if (m == null) {
                assertThat(g).as(at).isNull();
                assertThat(r.forwarding(group).isNoListeners()).as(at).isTrue();
                continue;
            }
            assertThat(g).as(at).isNotNull();
            assertThat(g.filterMode()).as(at + " mode").isEqualTo(m.exclude ? FilterMode.EXCLUDE : FilterMode.INCLUDE);
            assertThat(g.compatibilityMode()).as(at + " compat").isEqualTo(m.compat(now));
            assertThat(g.v2HostTimerMs()).as(at + " v2 host timer").isEqualTo(m.v2 > now ? m.v2 - now : 0);
            if (m.exclude) assertThat(g.groupTimerMs()).as(at + " group timer").isEqualTo(m.groupTimer - now);
            List<String> expected = new ArrayList<>();
            m.timers.forEach((s, t) -> expected.add(Ipv4.format(s) + "=" + (t > now ? t - now : 0)));
            assertThat(g.sources().stream().map(s -> s.source() + "=" + s.timerMs()).toList()).as(at + " sources").isEqualTo(expected);
            Set<Integer> fwd = m.exclude ? m.y(now) : m.x(now);
            ForwardingEvent f = r.forwarding(group);
            assertThat(f.mode()).as(at + " forwarding mode").isEqualTo(m.exclude ? FilterMode.EXCLUDE : FilterMode.INCLUDE);
            assertThat(f.sources()).as(at + " forwarding sources").isEqualTo(SourceList.of(fwd.stream().mapToInt(Integer::intValue).toArray()));
        }
    }
}
