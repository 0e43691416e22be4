package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.MessageDescription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what happened in a run: the story, the messages, the traffic counts, the timeline and the violations. */
final class Recorder {
    /** At most this many marks in the timeline: the report stays readable and small. */
    static final int MAX_MARKS = 20_000;
    /** A stream counts as stopped after this many missing datagram periods. */
    static final int GAP_PERIODS = 5;
    static final long MIN_GAP_US = 50_000;

    private final Simulation sim;
    private final List<Line> story = new ArrayList<>();
    private long storySeq;
    /** Lines not yet handed out while the run goes on ({@link #takeBefore}); null when nobody takes them. */
    private java.util.PriorityQueue<Line> unread;
    private final List<SimResult.Message> messages = new ArrayList<>();
    private final List<SimResult.MembershipChange> memberships = new ArrayList<>();
    private final List<SimResult.QuerierChange> querierChanges = new ArrayList<>();
    private final List<SimResult.Violation> violations = new ArrayList<>();
    /** Every stream, in the order they started: the result sorts them. */
    private final List<Stream> deliveries = new ArrayList<>();
    private final List<Stream> carried = new ArrayList<>();
    private final List<SimResult.Bar> bars = new ArrayList<>();
    private final List<SimResult.Mark> marks = new ArrayList<>();
    private final Map<String, Long> openMember = new LinkedHashMap<>();
    private final Map<String, Long> openRouter = new LinkedHashMap<>();
    /** Sources' addresses and datagram periods, for {@link #gapUs}. */
    private int[] sourceAddresses;
    private long[] sourcePeriods;

    private record Line(long atUs, long seq, String text) {}

    private static final class Stream {
        final String owner;
        final int group, source;
        long first, last, count, openedAt, maxSeq = -1, outOfOrder;
        /** Told as stopped: no datagram for longer than the gap. */
        boolean closed;
        /** Outages: pairs of (last datagram before, first after), null while there are none. */
        long[] gaps;
        int gapCount;

        void gap(long from, long to) {
            if (gaps == null) gaps = new long[4];
            else if (gapCount * 2 == gaps.length) gaps = java.util.Arrays.copyOf(gaps, gaps.length * 2);
            gaps[gapCount * 2] = from;
            gaps[gapCount * 2 + 1] = to;
            gapCount++;
        }

        /** The timeline row: made only for a timeline (a million hosts' streams need none). */
        String row() {
            return owner + " " + Ipv4.format(group);
        }

        Stream(String owner, int group, int source, long at) {
            this.owner = owner;
            this.group = group;
            this.source = source;
            this.first = at;
            this.last = at;
            this.openedAt = at;
        }
    }

    Recorder(Simulation sim) {
        this.sim = sim;
    }

    static long key(int group, int source) {
        return ((long) group << 32) | (source & 0xFFFFFFFFL);
    }

    private static double ms(long us) {
        return us / 1000.0;
    }

    void story(String text) {
        story(sim.now, text);
    }

    private void story(long atUs, String text) {
        if (!sim.options.story()) return;
        Line l = new Line(atUs, storySeq++, text);
        story.add(l);
        if (unread != null) unread.add(l);
    }

    /** From now on keeps the lines for {@link #takeBefore}, so that the story can be told while the run goes on. */
    void streamStory() {
        if (unread != null) return;
        unread = new java.util.PriorityQueue<>(STORY_ORDER);
        unread.addAll(story); // what the network's start told already
    }

    /** The lines not yet taken that lie before {@code cutoffUs}, in story order. */
    List<SimResult.StoryLine> takeBefore(long cutoffUs) {
        List<SimResult.StoryLine> out = new ArrayList<>();
        if (unread == null) return out;
        while (!unread.isEmpty() && unread.peek().atUs() < cutoffUs) {
            Line l = unread.poll();
            out.add(new SimResult.StoryLine(ms(l.atUs()), l.text()));
        }
        return out;
    }

    /**
     * Closes the streams that stopped (no datagram for their gap), and returns the time before which the story is
     * final: a line may still come at the current time, or at the last datagram of a stream still open (when it stops).
     */
    long storyFinalBeforeUs() {
        for (Stream s : deliveries) if (!s.closed && sim.now - s.last > gapUs(s.source)) closeDelivery(s);
        return finalBeforeUs();
    }

    /** The same without closing anything: for a look from outside the region's own beat. */
    long finalBeforeUs() {
        long cutoff = sim.now;
        for (Stream s : deliveries) if (!s.closed) cutoff = Math.min(cutoff, s.last);
        return cutoff;
    }

    private static final Comparator<Line> STORY_ORDER = Comparator.comparingLong(Line::atUs).thenComparingLong(Line::seq);

    void violation(String invariant, String detail) {
        violations.add(new SimResult.Violation(sim.coordinator != null ? sim.coordinator.stepsAtWindowStart() : sim.steps, ms(sim.now), invariant, detail + "; " + sim.replayHint()));
        story("VIOLATION " + invariant + ": " + detail);
    }

    // ------------------------------------------------------------------ IGMP messages

    void igmpSent(Simulation.Seg s, Simulation.Frame f) {
        IgmpMessage m = f.igmp;
        if (sim.options.messages())
            messages.add(new SimResult.Message(ms(sim.now), s.name(), Ipv4.format(f.src), Ipv4.format(f.dst), m));
        if (sim.options.timeline() && marks.size() < MAX_MARKS)
            marks.add(new SimResult.Mark(s.name(), m instanceof MembershipQuery ? "query" : m instanceof LeaveGroup ? "leave" : "report", ms(sim.now)));
        if (sim.options.story())
            story(s.name() + "  " + f.from.node.name() + " " + Ipv4.format(f.src) + " > " + Ipv4.format(f.dst) + "  " + MessageDescription.text(m));
    }

    // ------------------------------------------------------------------ membership and queriers

    void membership(Simulation.HostNode h, int group, FilterMode mode, int[] sources, boolean leave) {
        membership(h, group, mode, sources, leave, true);
    }

    /** A channel switch is one step of the host, told as one line (its two membership changes still draw bars). */
    void channelSwitch(Simulation.HostNode h, int from, int to) {
        if (sim.options.story()) story(h.name() + " switches from " + Ipv4.format(from) + " to " + Ipv4.format(to));
    }

    void membership(Simulation.HostNode h, int group, FilterMode mode, int[] sources, boolean leave, boolean tell) {
        if (sim.options.events())
            memberships.add(new SimResult.MembershipChange(ms(sim.now), h.port.segment.name(), h.name(), null, Ipv4.format(group), !leave,
                    leave ? FilterMode.INCLUDE.name() : mode.name(), leave ? List.of() : formatted(sources)));
        if (!sim.options.story() && !sim.options.timeline()) return;
        String g = Ipv4.format(group);
        String row = h.name() + " " + g;
        if (!tell) {
            // told by the caller
        } else if (leave) {
            story(h.name() + " leaves " + g);
        } else if (mode == FilterMode.EXCLUDE && sources.length == 0) {
            story(h.name() + " joins " + g);
        } else {
            story(h.name() + " joins " + g + " " + mode + " " + addresses(sources));
        }
        if (!sim.options.timeline()) return;
        Long open = openMember.remove(row);
        if (open != null) bars.add(new SimResult.Bar(row, "member", ms(open), ms(sim.now)));
        if (!leave) openMember.put(row, sim.now);
    }

    void routerMembership(Simulation.RouterNode r, Simulation.Port p, RouterNote.Membership m) {
        if (sim.options.events())
            memberships.add(new SimResult.MembershipChange(ms(sim.now), p.segment.name(), null, r.name(), Ipv4.format(m.group()), !m.none(),
                    m.mode().name(), formatted(m.sources().toArray())));
        if (!sim.options.story() && !sim.options.timeline()) return;
        String row = r.name() + " " + p.segment.name() + " " + Ipv4.format(m.group());
        story(r.name() + " " + p.segment.name() + ": " + Ipv4.format(m.group()) + " " + m.state());
        if (!sim.options.timeline()) return;
        Long open = openRouter.remove(row);
        if (open != null) bars.add(new SimResult.Bar(row, "router", ms(open), ms(sim.now)));
        if (!m.none()) openRouter.put(row, sim.now);
    }

    void routerCrashed(Simulation.RouterNode r) {
        if (sim.options.events())
            for (Simulation.Port p : r.ports)
                querierChanges.add(new SimResult.QuerierChange(ms(sim.now), p.segment.name(), r.name(), null, false));
        String prefix = r.name() + " ";
        openRouter.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(prefix)) return false;
            bars.add(new SimResult.Bar(e.getKey(), "router", ms(e.getValue()), ms(sim.now)));
            return true;
        });
    }

    void querier(Simulation.RouterNode r, Simulation.Port p, RouterNote.Querier q) {
        if (sim.options.events())
            querierChanges.add(new SimResult.QuerierChange(ms(sim.now), p.segment.name(), r.name(),
                    q.address() == 0 ? null : Ipv4.format(q.address()), q.self()));
        if (q.self()) story(p.segment.name() + ": " + r.name() + " (" + Ipv4.format(p.address) + ") is the querier");
        else story(p.segment.name() + ": " + r.name() + " hears querier " + Ipv4.format(q.address()) + " and stays non-querier");
    }

    private static List<String> formatted(int[] a) {
        List<String> out = new ArrayList<>(a.length);
        for (int x : a) out.add(Ipv4.format(x));
        return List.copyOf(out);
    }

    private static String addresses(int[] a) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) {
            if (i > 0) b.append(", ");
            b.append(Ipv4.format(a[i]));
        }
        return b.append('}').toString();
    }

    // ------------------------------------------------------------------ traffic

    private long gapUs(int source) {
        if (sourceAddresses == null) {
            int n = sim.sources.size();
            sourceAddresses = new int[n];
            sourcePeriods = new long[n];
            for (int i = 0; i < n; i++) {
                sourceAddresses[i] = sim.sources.get(i).spec.address();
                sourcePeriods[i] = sim.sources.get(i).periodUs;
            }
        }
        long period = -1;
        for (int i = 0; i < sourceAddresses.length; i++) if (sourceAddresses[i] == source) period = Math.max(period, sourcePeriods[i]);
        return Math.max(MIN_GAP_US, GAP_PERIODS * (period < 0 ? 20_000L : period));
    }

    void delivered(Simulation.HostNode h, Simulation.Frame f) {
        // A host receives few streams: a short array scan beats a map.
        Stream s = null;
        Object[] mine = h.streams;
        if (mine != null) {
            for (Object o : mine) {
                Stream x = (Stream) o;
                if (x.group == f.dst && x.source == f.src) { s = x; break; }
            }
        }
        long now = sim.now;
        if (s == null) {
            s = new Stream(h.name(), f.dst, f.src, now);
            h.streams = mine == null ? new Object[]{s} : java.util.Arrays.copyOf(mine, mine.length + 1);
            h.streams[h.streams.length - 1] = s;
            deliveries.add(s);
            story(h.name() + " starts receiving " + Ipv4.format(f.dst) + " from " + Ipv4.format(f.src));
        } else if (s.closed || now - s.last > gapUs(f.src)) {
            if (!s.closed) closeDelivery(s);
            s.closed = false;
            s.gap(s.last, now);
            s.openedAt = now;
            story(h.name() + " starts receiving " + Ipv4.format(f.dst) + " from " + Ipv4.format(f.src) + " again");
        }
        s.last = now;
        s.count++;
        if (f.seq <= s.maxSeq) s.outOfOrder++;
        else s.maxSeq = f.seq;
    }

    private void closeDelivery(Stream s) {
        s.closed = true;
        story(s.last, s.owner + " stops receiving " + Ipv4.format(s.group) + " from " + Ipv4.format(s.source) + " (last datagram)");
        if (sim.options.timeline()) bars.add(new SimResult.Bar(s.row(), "receive", ms(s.openedAt), ms(s.last)));
    }

    void datagramOnSegment(Simulation.Seg seg, Simulation.Frame f) {
        Stream s = (Stream) seg.carried.get(f.dst);
        long now = sim.now;
        if (s == null) {
            s = new Stream(seg.name(), f.dst, 0, now);
            seg.carried.put(f.dst, s);
            carried.add(s);
        } else if (now - s.last > gapUs(f.src)) {
            if (sim.options.timeline()) bars.add(new SimResult.Bar(s.row(), "carry", ms(s.openedAt), ms(s.last)));
            s.openedAt = now;
        }
        s.last = now;
        s.count++;
    }

    // ------------------------------------------------------------------ the result

    SimResult result() {
        long end = sim.now;
        for (Stream s : sorted(deliveries)) {
            if (s.closed) continue;
            if (end - s.last > gapUs(s.source)) closeDelivery(s);
            else if (sim.options.timeline()) bars.add(new SimResult.Bar(s.row(), "receive", ms(s.openedAt), ms(end)));
        }
        if (sim.options.timeline()) {
            for (Stream s : sorted(carried))
                bars.add(new SimResult.Bar(s.row(), "carry", ms(s.openedAt), ms(end - s.last > gapUs(0) ? s.last : end)));
            openMember.forEach((row, at) -> bars.add(new SimResult.Bar(row, "member", ms(at), ms(end))));
            openRouter.forEach((row, at) -> bars.add(new SimResult.Bar(row, "router", ms(at), ms(end))));
        }
        List<SimResult.Delivery> ds = new ArrayList<>();
        for (Stream s : sorted(deliveries)) {
            List<SimResult.Gap> gaps = new ArrayList<>(s.gapCount);
            for (int k = 0; k < s.gapCount; k++) gaps.add(new SimResult.Gap(ms(s.gaps[2 * k]), ms(s.gaps[2 * k + 1])));
            ds.add(new SimResult.Delivery(s.owner, Ipv4.format(s.group), Ipv4.format(s.source), ms(s.first), ms(s.last), s.count, s.outOfOrder, gaps));
        }
        List<SimResult.SegmentTraffic> ts = new ArrayList<>();
        for (Stream s : sorted(carried))
            ts.add(new SimResult.SegmentTraffic(s.owner, Ipv4.format(s.group), s.count, ms(s.first), ms(s.last)));
        List<SimResult.QuerierInfo> qs = new ArrayList<>();
        for (Simulation.Seg seg : sim.segments) {
            if (seg.routerPorts.isEmpty()) continue;
            qs.add(new SimResult.QuerierInfo(seg.name(), querierOf(seg)));
        }
        story.sort(STORY_ORDER);
        List<SimResult.StoryLine> lines = new ArrayList<>(story.size());
        for (Line l : story) lines.add(new SimResult.StoryLine(ms(l.atUs()), l.text()));
        return new SimResult(sim.scenario.name(), sim.scenario.seed(), ms(sim.scenario.durationUs()), sim.steps, sim.framesSent,
                sim.framesReceived, ds, ts, qs, List.copyOf(violations), List.copyOf(messages), List.copyOf(memberships),
                List.copyOf(querierChanges), lines,
                new SimResult.Timeline(List.copyOf(bars), List.copyOf(marks)));
    }

    /** The router interface that acts as querier (the lowest address if several do), else what live routers heard. */
    private static String querierOf(Simulation.Seg seg) {
        return querierOf(List.of(seg));
    }

    /** The same over the replicas of one cut segment (each holds its own region's routers). */
    static String querierOf(List<Simulation.Seg> replicas) {
        Integer best = null;
        for (Simulation.Seg seg : replicas)
            for (Simulation.Port p : seg.queriers())
                if (best == null || Integer.compareUnsigned(p.address, best) < 0) best = p.address;
        for (Simulation.Seg seg : replicas) {
            if (best != null) break;
            for (var e : seg.querierSeen.entrySet())
                if (e.getKey().node.alive() && e.getValue() != 0) { best = e.getValue(); break; }
        }
        return best == null ? null : Ipv4.format(best);
    }

    /** Streams in a stable order: owner (naturally: h2 before h10), group, source. */
    private static List<Stream> sorted(java.util.Collection<Stream> c) {
        List<Stream> l = new ArrayList<>(c);
        l.sort(Comparator.comparing((Stream s) -> s.owner, NaturalOrder.INSTANCE)
                .thenComparing(s -> s.group, Integer::compareUnsigned).thenComparing(s -> s.source, Integer::compareUnsigned));
        return l;
    }
}
