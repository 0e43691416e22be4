package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import net.igmp.wire.V2MembershipReport;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Deliberately tiny stand-ins for the engines, used only to test the simulator's own machinery (queue, segments,
 * faults, captures, determinism) independently of the real engines. Not IGMP-complete.
 */
final class ToyEngines implements Engines {

    @Override
    public HostProtocol host(Scenario.Host host, RandomGenerator random, long nowMs) {
        return new ToyHost(random);
    }

    @Override
    public RouterProtocol router(Scenario.Router router, RandomGenerator random, long nowMs) {
        return new ToyRouter(router.interfaces().size(), router.interfaces(), nowMs);
    }

    /** Reports on join, again when queried after a random delay; leaves with a Leave Group. */
    static final class ToyHost implements HostProtocol {
        final RandomGenerator random;
        final ArrayDeque<Transmit> out = new ArrayDeque<>();
        final Map<Integer, Long> pendingReport = new HashMap<>();
        final Map<Integer, Boolean> member = new HashMap<>();

        ToyHost(RandomGenerator random) {
            this.random = random;
        }

        @Override
        public void listen(long nowMs, int group, FilterMode mode, int[] sources) {
            if (mode == FilterMode.INCLUDE && sources.length == 0) {
                member.remove(group);
                pendingReport.remove(group);
                out.add(new Transmit(0, Ipv4.ALL_ROUTERS, new LeaveGroup(group)));
            } else {
                member.put(group, true);
                out.add(new Transmit(0, group, new V2MembershipReport(group)));
            }
        }

        /** Toy v2 behaviour: a Leave for the old group, a Report for the new one. */
        @Override
        public void switchGroup(long nowMs, int oldGroup, int newGroup, FilterMode mode, int[] sources) {
            listen(nowMs, oldGroup, FilterMode.INCLUDE, new int[0]);
            listen(nowMs, newGroup, mode, sources);
        }

        @Override
        public void receive(long nowMs, int source, int destination, IgmpMessage message) {
            if (message instanceof MembershipQuery q)
                for (int g : member.keySet())
                    if (q.group() == 0 || q.group() == g) pendingReport.merge(g, nowMs + random.nextLong(1, q.maxResponseTimeMs() + 1), Math::min);
        }

        @Override
        public Transmit pollTransmit() {
            return out.poll();
        }

        @Override
        public long nextDeadlineMs() {
            long d = Long.MAX_VALUE;
            for (long t : pendingReport.values()) d = Math.min(d, t);
            return d;
        }

        @Override
        public void handleTimeout(long nowMs) {
            pendingReport.entrySet().removeIf(e -> {
                if (e.getValue() > nowMs) return false;
                out.add(new Transmit(0, e.getKey(), new V2MembershipReport(e.getKey())));
                return true;
            });
        }

        @Override
        public void configure(long nowMs, String key, String value) {
            throw new IllegalArgumentException("toy host has no setting '" + key + "'");
        }
    }

    /** Queries every 10 s; a group lives 25 s after a report, 2 s after a leave (asked about once); forwards where a group lives. */
    static class ToyRouter implements RouterProtocol {
        final int n;
        final ArrayDeque<Transmit> out = new ArrayDeque<>();
        final ArrayDeque<RouterNote> notes = new ArrayDeque<>();
        final Map<Long, Long> expiry = new HashMap<>();
        long nextQuery;

        ToyRouter(int n, java.util.List<Scenario.Interface> itfs, long nowMs) {
            this.n = n;
            this.nextQuery = nowMs;
            for (int i = 0; i < n; i++) notes.add(new RouterNote.Querier(i, itfs.get(i).address(), true));
        }

        @Override
        public void receive(long nowMs, int ifIndex, int source, int destination, IgmpMessage m) {
            long k = ((long) ifIndex << 32) | (switch (m) {
                case V2MembershipReport r -> r.group();
                case LeaveGroup l -> l.group();
                default -> 0;
            } & 0xFFFFFFFFL);
            if (m instanceof V2MembershipReport r) {
                if (expiry.put(k, nowMs + 25_000) == null) notes.add(new RouterNote.Membership(ifIndex, r.group(), FilterMode.EXCLUDE, SourceList.EMPTY));
            } else if (m instanceof LeaveGroup l && expiry.containsKey(k)) {
                expiry.put(k, nowMs + 2_000);
                out.add(new Transmit(ifIndex, l.group(), MembershipQuery.v2(l.group(), 10)));
            }
        }

        @Override public Transmit pollTransmit() { return out.poll(); }

        @Override public RouterNote pollNote() { return notes.poll(); }

        @Override
        public long nextDeadlineMs() {
            long d = nextQuery;
            for (long t : expiry.values()) d = Math.min(d, t);
            return d;
        }

        @Override
        public void handleTimeout(long nowMs) {
            if (nowMs >= nextQuery) {
                for (int i = 0; i < n; i++) out.add(new Transmit(i, Ipv4.ALL_SYSTEMS, MembershipQuery.v2(0, 100)));
                nextQuery = nowMs + 10_000;
            }
            expiry.entrySet().removeIf(e -> {
                if (e.getValue() > nowMs) return false;
                notes.add(new RouterNote.Membership((int) (e.getKey() >>> 32), (int) (long) e.getKey(), FilterMode.INCLUDE, SourceList.EMPTY));
                return true;
            });
        }

        @Override
        public boolean forwards(int arrivalIf, int ifIndex, int group, int source) {
            return expiry.containsKey(((long) ifIndex << 32) | (group & 0xFFFFFFFFL));
        }

        @Override public long groupMembershipIntervalMs(int ifIndex) { return 25_000; }

        @Override public void interfaceDown(long nowMs, int ifIndex) {}

        @Override public void interfaceUp(long nowMs, int ifIndex) {}

        @Override
        public void configure(long nowMs, int ifIndex, String key, String value) {}
    }
}
