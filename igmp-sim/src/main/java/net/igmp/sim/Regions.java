package net.igmp.sim;

import net.igmp.wire.Ipv4;
import net.igmp.wire.pcap.LinkType;
import net.igmp.wire.pcap.PcapWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A partitioned run: the regions of a {@link Partition}, each a {@link Simulation} of its own, advanced together in
 * windows of virtual time. A window ends at the lookahead (the lowest latency of a cut segment) after the
 * earliest moment any region but a free-running one (below) may next speak on a cut segment
 * ({@link Simulation#quietUntilUs}: at the latest its
 * next event; often much later, since routers speak on a core only at their own query times). A frame sent on a
 * cut segment during a window so arrives no sooner than the window's end, and the regions run a window without
 * hearing from each other, on as many threads as are given; between windows the frames sent on cut segments are
 * handed to the other regions' replicas, in region order (conservative synchronous parallel discrete-event
 * simulation). Window boundaries depend only on the events, so the result is the same on any number of threads.
 *
 * <p>A region of sources alone ({@link Simulation#freeRunning}) needs nothing from the others: it runs each window
 * before them, and what it sends reaches them before they start. So it does not bound the windows, which then
 * last from one query of the routers on the core to the next rather than from one datagram to the next; only
 * when what it sent makes another region speak on a core sooner (a router forwarding onto a second core) does
 * the window end earlier, at that moment plus the lookahead. A free-running region may so be ahead of the others.
 */
final class Regions {
    /** A frame sent on the replica {@code from} of a cut segment, for the other regions' replicas. */
    record Mail(Simulation.Seg from, long at, Simulation.Frame frame) {}

    /** A frame captured on a replica of a cut segment. */
    record Captured(long atUs, byte[] packet) {}

    private final Simulation top;
    private final Simulation[] parts;
    private final long lookaheadUs;
    private final List<String> cutNames = new ArrayList<>();
    /** Per cut segment, its replicas in region order. */
    private final List<List<Simulation.Seg>> replicas = new ArrayList<>();
    private final long[] dualQuerierSinceUs, claimsCheckedUs;
    private final boolean[] dualQuerier, dualQuerierReported;
    private final List<SimResult.Violation> violations = new ArrayList<>();
    private final List<SimResult.StoryLine> story = new ArrayList<>();
    /** Told the story and the progress as the windows go; null when nobody watches. */
    private Simulation.Watcher watcher;
    /** The coordinator's own story lines already told. */
    private int storyTold;
    private long now;
    private long stepsAtWindowStart;
    private long windows;
    private final Workers workers;

    Regions(Simulation top, Partition p, Engines engines, Simulation.Options options) {
        this.top = top;
        this.lookaheadUs = p.lookaheadUs;
        Set<String> cut = Set.copyOf(p.cutSegments);
        parts = new Simulation[p.regions.size()];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = new Simulation(p.regions.get(k), engines, options, cut);
            parts[k].coordinator = this;
        }
        for (String name : p.cutSegments) {
            List<Simulation.Seg> rs = new ArrayList<>();
            for (Simulation part : parts) {
                Simulation.Seg s = part.segmentsByName.get(name);
                if (s != null) rs.add(s);
            }
            if (rs.size() >= 2)
                for (Simulation.Seg s : rs) {
                    List<Simulation.Seg> others = new ArrayList<>(rs);
                    others.remove(s);
                    s.mirrors = others.toArray(new Simulation.Seg[0]);
                }
            cutNames.add(name);
            replicas.add(rs);
        }
        dualQuerierSinceUs = new long[replicas.size()];
        claimsCheckedUs = new long[replicas.size()];
        java.util.Arrays.fill(claimsCheckedUs, -1);
        dualQuerier = new boolean[replicas.size()];
        dualQuerierReported = new boolean[replicas.size()];
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        workers = new Workers(Math.min(threads, parts.length));
        deliverMail(); // the routers' startup queries on the cores
    }

    long nowUs() {
        return now;
    }

    void watch(Simulation.Watcher w) {
        watcher = w;
        for (Simulation p : parts) p.recorder.streamStory();
    }

    /**
     * Tells the watcher the lines every region holds as final, merged as {@link #finish} merges the whole story (by
     * time, stable: region order, then the coordinator's own lines), and how far the run has come.
     */
    private void tell(boolean end) {
        if (watcher == null) return;
        long cutoff = Long.MAX_VALUE;
        List<List<SimResult.StoryLine>> taken = new ArrayList<>();
        if (!end) {
            for (Simulation p : parts) cutoff = Math.min(cutoff, p.recorder.finalBeforeUs());
            cutoff = Math.min(cutoff, now);
        }
        for (Simulation p : parts) taken.add(p.recorder.takeBefore(cutoff));
        List<SimResult.StoryLine> lines = new ArrayList<>();
        taken.forEach(lines::addAll);
        while (storyTold < story.size() && Math.round(story.get(storyTold).atMs() * 1000) < cutoff) lines.add(story.get(storyTold++));
        lines.sort(Comparator.comparingDouble(SimResult.StoryLine::atMs));
        if (!lines.isEmpty()) watcher.story(lines);
        if (!end) watcher.progress(now, top.scenario.durationUs(), steps());
    }

    long steps() {
        long n = 0;
        for (Simulation p : parts) n += p.steps;
        return n;
    }

    long windows() {
        return windows;
    }

    long stepsAtWindowStart() {
        return stepsAtWindowStart;
    }

    String replayHint() {
        return Simulation.replayHint(top.scenario.seed(), stepsAtWindowStart);
    }

    void runUntil(long endUs) {
        while (window(endUs)) {
            // next window
        }
        for (Simulation p : parts) p.runUntil(endUs);
        now = Math.max(now, endUs);
    }

    /** Runs windows until the run has taken more than {@code lastStep} steps (or reached its end). */
    void runToStep(long lastStep) {
        long end = top.scenario.durationUs();
        while (steps() <= lastStep && window(end)) {
            // next window
        }
    }

    /**
     * Runs one window: every region's events before min(the earliest moment any region may speak on a cut segment +
     * lookahead, end). False when no event is left before {@code endUs}.
     */
    boolean window(long endUs) {
        long t = Long.MAX_VALUE, quiet = Long.MAX_VALUE;
        for (Simulation p : parts) {
            t = Math.min(t, p.nextEventUs());
            if (!p.freeRunning) quiet = Math.min(quiet, p.quietUntilUs());
        }
        if (t >= endUs) return false;
        // Nothing reaches another region before quiet + lookahead: every region may run that far on its own.
        long w = quiet >= endUs - lookaheadUs ? endUs : quiet + lookaheadUs;
        stepsAtWindowStart = steps();
        // Regions of sources alone go first: what they send in the window reaches the others before those run.
        boolean ahead = false;
        for (Simulation p : parts) {
            if (!p.freeRunning) continue;
            p.runUntil(w);
            ahead = true;
        }
        if (ahead) {
            deliverMail();
            // What they sent may make a region speak on a core sooner (a router forwarding it onto another core).
            long sooner = Long.MAX_VALUE;
            for (Simulation p : parts) if (!p.freeRunning) sooner = Math.min(sooner, p.quietUntilUs());
            if (sooner < w - lookaheadUs) w = sooner + lookaheadUs;
        }
        workers.run(parts, w);
        for (Simulation p : parts) p.runUntil(w); // the regions without events in the window: time moves on there too
        windows++;
        now = w;
        deliverMail();
        checkOneQuerier();
        tell(false);
        return true;
    }

    /** Hands the frames sent on cut segments to the other replicas, in region order and, within one, sending order. */
    private void deliverMail() {
        for (Simulation p : parts) {
            List<Mail> out = p.outbox;
            for (int i = 0; i < out.size(); i++) {
                Mail m = out.get(i);
                Simulation.Seg[] to = m.from().mirrors;
                if (to != null) for (Simulation.Seg s : to) if (!s.sim().freeRunning) s.mirror(m.at(), m.frame());
            }
            out.clear();
        }
    }

    /**
     * The one-querier invariant on a cut segment, whose routers sit in several regions: the claims are counted
     * again when one changed (as the whole-network run does at each change), the grace period checked each window.
     */
    private void checkOneQuerier() {
        for (int c = 0; c < replicas.size(); c++) {
            List<Simulation.Seg> rs = replicas.get(c);
            if (rs.size() < 2) continue; // one region holds it all and checks it itself
            long changed = -1;
            for (Simulation.Seg s : rs) changed = Math.max(changed, s.claimChangedUs);
            if (changed != claimsCheckedUs[c]) {
                claimsCheckedUs[c] = changed;
                int claims = 0;
                for (Simulation.Seg s : rs) claims += s.queriers().size();
                if (claims < 2) {
                    dualQuerier[c] = false;
                } else if (!dualQuerier[c]) {
                    dualQuerier[c] = true;
                    dualQuerierSinceUs[c] = Math.max(0, changed);
                    dualQuerierReported[c] = false;
                }
            }
            if (!dualQuerier[c]) continue;
            if (!dualQuerierReported[c] && now - dualQuerierSinceUs[c] > Simulation.DUAL_QUERIER_GRACE_US) {
                dualQuerierReported[c] = true;
                List<String> names = new ArrayList<>();
                for (Simulation.Seg s : rs) names.addAll(s.querierNames());
                String detail = cutNames.get(c) + ": " + names.size() + " routers act as querier since "
                        + Durations.format(dualQuerierSinceUs[c]) + " (" + String.join(", ", names) + ")";
                violations.add(new SimResult.Violation(steps(), now / 1000.0, "one-querier", detail + "; " + replayHint()));
                if (top.options.story()) story.add(new SimResult.StoryLine(now / 1000.0, "VIOLATION one-querier: " + detail));
            }
        }
    }

    // ------------------------------------------------------------------ the result

    SimResult finish() {
        workers.stop();
        checkOneQuerier(); // the run's end counts as one more check, as the last window may lie far back
        SimResult[] rs = new SimResult[parts.length];
        for (int k = 0; k < parts.length; k++) rs[k] = parts[k].finish();
        tell(true);
        writeCaptures();

        List<SimResult.Delivery> deliveries = new ArrayList<>();
        for (SimResult r : rs) deliveries.addAll(r.deliveries());
        deliveries.sort(Comparator.comparing(SimResult.Delivery::host, NaturalOrder.INSTANCE)); // stable: each host's streams stay in order

        Map<String, SimResult.SegmentTraffic> traffic = new LinkedHashMap<>();
        for (SimResult r : rs)
            for (SimResult.SegmentTraffic t : r.segments())
                traffic.merge(t.segment() + "\u0000" + t.group(), t, (a, b) -> new SimResult.SegmentTraffic(a.segment(), a.group(),
                        a.datagrams() + b.datagrams(), Math.min(a.firstMs(), b.firstMs()), Math.max(a.lastMs(), b.lastMs())));
        List<SimResult.SegmentTraffic> segments = new ArrayList<>(traffic.values());
        segments.sort(Comparator.comparing(SimResult.SegmentTraffic::segment, NaturalOrder.INSTANCE)
                .thenComparing(t -> Ipv4.parse(t.group()), Integer::compareUnsigned));

        Map<String, SimResult.QuerierInfo> querierBySegment = new HashMap<>();
        for (SimResult r : rs) for (SimResult.QuerierInfo q : r.queriers()) querierBySegment.putIfAbsent(q.segment(), q);
        for (int c = 0; c < replicas.size(); c++)
            if (querierBySegment.containsKey(cutNames.get(c)))
                querierBySegment.put(cutNames.get(c), new SimResult.QuerierInfo(cutNames.get(c), Recorder.querierOf(replicas.get(c))));
        List<SimResult.QuerierInfo> queriers = new ArrayList<>();
        for (Scenario.Segment s : top.scenario.segments()) {
            SimResult.QuerierInfo q = querierBySegment.get(s.name());
            if (q != null) queriers.add(q);
        }

        List<SimResult.Violation> vs = new ArrayList<>();
        List<SimResult.Message> messages = new ArrayList<>();
        List<SimResult.MembershipChange> memberships = new ArrayList<>();
        List<SimResult.QuerierChange> querierChanges = new ArrayList<>();
        List<SimResult.StoryLine> lines = new ArrayList<>();
        List<SimResult.Bar> bars = new ArrayList<>();
        List<SimResult.Mark> marks = new ArrayList<>();
        long frames = 0, received = 0;
        for (SimResult r : rs) {
            vs.addAll(r.violations());
            messages.addAll(r.messages());
            memberships.addAll(r.memberships());
            querierChanges.addAll(r.querierChanges());
            lines.addAll(r.story());
            bars.addAll(r.timeline().bars());
            marks.addAll(r.timeline().marks());
            frames += r.framesSent();
            received += r.framesReceived();
        }
        vs.addAll(violations);
        lines.addAll(story);
        // Stable sorts: what happened at one instant keeps region order, and each region's own order.
        vs.sort(Comparator.comparingDouble(SimResult.Violation::atMs));
        messages.sort(Comparator.comparingDouble(SimResult.Message::atMs));
        memberships.sort(Comparator.comparingDouble(SimResult.MembershipChange::atMs));
        querierChanges.sort(Comparator.comparingDouble(SimResult.QuerierChange::atMs));
        lines.sort(Comparator.comparingDouble(SimResult.StoryLine::atMs));
        marks.sort(Comparator.comparingDouble(SimResult.Mark::atMs));
        if (marks.size() > Recorder.MAX_MARKS) marks = new ArrayList<>(marks.subList(0, Recorder.MAX_MARKS));
        Scenario sc = top.scenario;
        return new SimResult(sc.name(), sc.seed(), sc.durationUs() / 1000.0, steps(), frames, received, deliveries, segments,
                queriers, List.copyOf(vs), List.copyOf(messages), List.copyOf(memberships), List.copyOf(querierChanges), lines, new SimResult.Timeline(List.copyOf(bars), List.copyOf(marks)));
    }

    /** One capture file per cut segment, its replicas' frames merged in time order. */
    private void writeCaptures() {
        Path dir = top.options.pcapDir();
        if (dir == null) return;
        for (int c = 0; c < replicas.size(); c++) {
            List<Captured> all = new ArrayList<>();
            for (Simulation.Seg s : replicas.get(c)) if (s.mirrorCapture != null) all.addAll(s.mirrorCapture);
            all.sort(Comparator.comparingLong(Captured::atUs)); // stable: region order at one instant
            Path file = dir.resolve(cutNames.get(c) + ".pcap");
            try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
                long start = top.scenario.startEpochUs();
                for (Captured x : all) w.writeIpv4((start + x.atUs()) * 1000L, x.packet(), 0, x.packet().length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    // ------------------------------------------------------------------ threads

    /**
     * The threads that run a window's regions: the caller and {@code n - 1} workers. Windows follow each other
     * within microseconds to milliseconds of real time, so the workers wait for the next one spinning a little,
     * then parked (the caller wakes them).
     */
    private static final class Workers {
        private final Thread[] threads;
        /** The window's number (high half) and the next region to take (low half): one compare-and-set claims one. */
        private final AtomicLong ticket = new AtomicLong();
        private volatile long generation;
        private volatile boolean stopped;
        private volatile Throwable failure;
        private Simulation[] active = new Simulation[0];
        private int activeCount;
        private long windowEnd;
        private final AtomicInteger finished = new AtomicInteger();

        Workers(int n) {
            threads = new Thread[Math.max(0, n - 1)];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = Thread.ofPlatform().daemon().name("igmp-sim-region-" + (i + 1)).unstarted(this::work);
                threads[i].start();
            }
        }

        void run(Simulation[] parts, long w) {
            if (active.length < parts.length) active = new Simulation[parts.length];
            int n = 0;
            for (Simulation p : parts) {
                if (p.nextEventUs() >= w) continue;
                // Longest first (by the steps each took in its last window), so the window ends with short ones
                // and neither thread waits long for the other.
                int k = n++;
                while (k > 0 && active[k - 1].lastWindowSteps < p.lastWindowSteps) {
                    active[k] = active[k - 1];
                    k--;
                }
                active[k] = p;
            }
            if (n == 1 || threads.length == 0) { // nothing to share: no hand-over
                for (int i = 0; i < n; i++) active[i].runUntil(w);
                return;
            }
            activeCount = n;
            windowEnd = w;
            finished.set(0);
            long g = generation + 1;
            ticket.set(g << 32);
            generation = g; // publishes the window (and the fields above) to the workers
            for (Thread t : threads) LockSupport.unpark(t);
            drain(g);
            for (int spins = 0; finished.get() < n; spins++) {
                if (spins < 10_000) Thread.onSpinWait();
                else Thread.yield(); // a long wait: the other thread may have lost its processor
            }
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException re) throw re;
                if (f instanceof Error e) throw e;
                throw new IllegalStateException(f);
            }
        }

        /** Takes regions of window {@code g} until none is left. */
        private void drain(long g) {
            int n = activeCount;
            long w = windowEnd;
            while (true) {
                long t = ticket.get();
                if (t >>> 32 != g || (int) t >= n) return; // that window is taken, or over
                if (!ticket.compareAndSet(t, t + 1)) continue;
                try {
                    Simulation p = active[(int) t];
                    long before = p.steps;
                    p.runUntil(w);
                    p.lastWindowSteps = p.steps - before;
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        private void work() {
            long seen = 0;
            int idle = 0;
            while (!stopped) {
                long g = generation;
                if (g == seen) {
                    if (++idle < 10_000) Thread.onSpinWait();
                    else LockSupport.park(this); // the next window is far: give the processor away (run() unparks)
                    continue;
                }
                idle = 0;
                seen = g;
                drain(g);
            }
        }

        void stop() {
            stopped = true;
            for (Thread t : threads) LockSupport.unpark(t);
        }
    }
}
