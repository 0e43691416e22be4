package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.core.util.IntMap;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.pcap.LinkType;
import net.igmp.wire.pcap.PcapWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The discrete-event simulator. Virtual time is in microseconds; the step loop jumps to the next event
 * (a frame arriving on a segment, an engine's deadline, a source's next datagram, a scenario event). Events at the
 * same time run in the order they were scheduled, and every random draw comes from one generator seeded by the
 * scenario: the same scenario and seed give the same run, step for step.
 *
 * <p>The simulator carries frames and counts them; every protocol decision is the engines' (see {@link Engines}).
 * Invariants are checked as the run goes; a failure names the step and the seed.
 */
public final class Simulation {

    /**
     * What to record besides the counts. {@code events}: the membership and querier changes of the JSON;
     * {@code threads}: how many threads run the regions of a partitioned network ({@link Partition}); 0 for one per
     * processor. The result does not depend on it.
     */
    public record Options(boolean story, boolean messages, boolean timeline, boolean events, Path pcapDir, int threads) {
        public static final Options FULL = new Options(true, true, true, true, null, 0);
        /** Counts and invariants only: for big runs. */
        public static final Options QUIET = new Options(false, false, false, null);

        public Options {
            if (threads < 0) throw new IllegalArgumentException("threads must be 0 (one per processor) or more, not " + threads);
        }

        public Options(boolean story, boolean messages, boolean timeline, Path pcapDir, int threads) {
            this(story, messages, timeline, false, pcapDir, threads);
        }

        public Options(boolean story, boolean messages, boolean timeline, Path pcapDir) {
            this(story, messages, timeline, pcapDir, 0);
        }

        public Options withPcap(Path dir) {
            return new Options(story, messages, timeline, events, dir, threads);
        }

        public Options withThreads(int n) {
            return new Options(story, messages, timeline, events, pcapDir, n);
        }

        public Options withEvents(boolean on) {
            return new Options(story, messages, timeline, on, pcapDir, threads);
        }
    }

    /** Guard against an engine that keeps asking to be woken at the same instant. */
    private static final int MAX_STEPS_AT_ONE_INSTANT = 1_000_000;
    /** Datagrams sent by sources start with this TTL; routers decrement it. */
    static final int SOURCE_TTL = 16;
    static final int UDP_PORT = 5004;
    /** Two routers may both claim the querier role this long (their first queries cross on the wire). */
    static final long DUAL_QUERIER_GRACE_US = 2_000_000;
    /** Slack on top of the Group Membership Interval before traffic nobody wants is a violation. */
    static final long UNWANTED_SLACK_US = 1_000_000;

    final Scenario scenario;
    private final Engines engines;
    final Options options;
    final RandomGenerator.SplittableGenerator random;
    private final EventQueue queue = new EventQueue();
    /** Hosts' engine deadlines on whole milliseconds within the wheel's reach: most of the run's timers. */
    private final HostWheel hostTimers = new HostWheel();
    /**
     * The scenario's events (and sources' starts and stops), all known before the run: in time order (scenario
     * order at one instant) beside the queue rather than on it, which then holds only what the run itself makes.
     */
    private long[] agendaAt = new long[0];
    private Object[] agenda;
    private int agendaNext;
    /** The times of the agenda's events that may make a node speak on a cut segment: see {@link #quietUntilUs}. */
    private long[] cutAgendaAt = new long[0];
    private int cutAgendaNext;
    /** Router and source ports on cut segments. */
    private final List<Port> cutPorts = new ArrayList<>();
    /** Arrival times of IGMP messages from other regions' replicas still on their way here (a min-heap). */
    private final java.util.PriorityQueue<Long> mirroredIgmp = new java.util.PriorityQueue<>();
    long now;
    long steps;
    private long stepsAtNow;
    private long lastStepTime = -1;
    long framesSent, framesReceived;

    final List<Seg> segments = new ArrayList<>();
    final Map<String, Seg> segmentsByName = new HashMap<>();
    final List<HostNode> hosts = new ArrayList<>();
    final Map<String, HostNode> hostsByName = new HashMap<>();
    final List<RouterNode> routers = new ArrayList<>();
    final Map<String, RouterNode> routersByName = new HashMap<>();
    final List<SourceNode> sources = new ArrayList<>();
    final Map<String, SourceNode> sourcesByName = new HashMap<>();
    final Recorder recorder;
    private final List<Seg> dualQuerierSegments = new ArrayList<>();

    /**
     * The network cut at its cores into regions that run side by side ({@link Partition}); null when it is one
     * region, which this object then runs itself.
     */
    private final Regions regions;
    /** Cut segments, when this is one region of a partitioned run: their frames also reach the other regions. */
    private final java.util.Set<String> replicated;
    /** Frames sent on replicated segments during the current window, for the other regions' replicas. */
    final List<Regions.Mail> outbox = new ArrayList<>();
    /** Steps this region took in its last window of a partitioned run: how {@link Regions} orders the work. */
    long lastWindowSteps;
    /**
     * A region of sources alone, on lossless cut segments: nothing that reaches it changes what it does (a source
     * takes no input, and no loss is drawn for it), so {@link Regions} runs it ahead of the others and hands it no
     * frames.
     */
    final boolean freeRunning;

    public Simulation(Scenario scenario, Engines engines, Options options) {
        this(scenario, engines, options, Partition.of(scenario));
    }

    /** The whole network as one region, even where it could be cut: to compare a partitioned run with. */
    static Simulation whole(Scenario scenario, Engines engines, Options options) {
        return new Simulation(scenario, engines, options, Partition.whole(scenario));
    }

    private Simulation(Scenario scenario, Engines engines, Options options, Partition p) {
        this.scenario = scenario;
        this.engines = engines;
        this.options = options;
        this.random = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom").create(scenario.seed());
        this.recorder = new Recorder(this);
        this.replicated = java.util.Set.of();
        this.freeRunning = false;
        if (p.single()) {
            this.regions = null;
            build();
        } else {
            this.regions = new Regions(this, p, engines, options);
        }
    }

    /** One region of a partitioned run. */
    Simulation(Scenario region, Engines engines, Options options, java.util.Set<String> replicated) {
        this.scenario = region;
        this.engines = engines;
        this.options = options;
        this.random = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom").create(region.seed());
        this.recorder = new Recorder(this);
        this.replicated = replicated;
        this.regions = null;
        build();
        boolean lossless = true;
        for (Seg seg : segments) lossless &= !seg.cut || seg.spec.loss() == 0;
        this.freeRunning = hosts.isEmpty() && routers.isEmpty() && lossless;
    }

    /** Told as the run goes: the story's lines once final (in story order), and how far the run has come. */
    public interface Watcher {
        /** Lines of the story, each told once, in the order {@link SimResult#story()} will list them. */
        void story(List<SimResult.StoryLine> lines);

        /** The run stands at {@code nowUs} of {@code endUs} virtual microseconds, after {@code steps} steps. */
        void progress(long nowUs, long endUs, long steps);
    }

    /** How often (virtual time) the story's final lines go to the watcher and stopped streams are closed. */
    static final long BEAT_US = 100_000;
    private long nextBeatUs;
    private Watcher watcher;

    /** Tells {@code w} the story as it happens and the run's progress (call before running). */
    public void watch(Watcher w) {
        this.watcher = w;
        if (regions != null) regions.watch(w);
        else recorder.streamStory();
    }

    /**
     * Every {@link #BEAT_US} of virtual time (a deterministic point of the run, so the story does not depend on
     * whether anybody watches): streams that stopped are told as stopped, and the watcher hears what is final.
     */
    private void beat() {
        nextBeatUs = (now / BEAT_US + 1) * BEAT_US;
        long finalBefore = options.story() ? recorder.storyFinalBeforeUs() : now;
        if (watcher == null) return;
        List<SimResult.StoryLine> lines = recorder.takeBefore(finalBefore);
        if (!lines.isEmpty()) watcher.story(lines);
        watcher.progress(now, scenario.durationUs(), steps);
    }

    /** Runs the whole scenario. */
    public SimResult run() {
        runUntil(scenario.durationUs());
        return finish();
    }

    /**
     * Runs the scenario but stops after step {@code lastStep}: to replay a run up to a violation and look at it. A
     * partitioned run stops at the end of the window that reaches the step (a window may span a router's whole
     * query interval on a core).
     */
    public SimResult runToStep(long lastStep) {
        if (regions != null) {
            regions.runToStep(lastStep);
            return finish();
        }
        while (nextEventUs() < scenario.durationUs() && steps < lastStep) step();
        return finish();
    }

    /** Runs every event before {@code endUs}; time then stands at {@code endUs}. */
    public void runUntil(long endUs) {
        if (regions != null) {
            regions.runUntil(endUs);
            return;
        }
        while (nextEventUs() < endUs) step();
        now = Math.max(now, endUs);
    }

    /** The time of the next event; Long.MAX_VALUE when there is none. */
    long nextEventUs() {
        long q = queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime();
        q = Math.min(q, hostTimers.nextUs());
        return agendaNext < agendaAt.length ? Math.min(q, agendaAt[agendaNext]) : q;
    }

    /** Runs one event (in a partitioned run: one window of every region). */
    public void step() {
        if (regions != null) {
            regions.window(scenario.durationUs());
            return;
        }
        long t;
        Object e;
        // The scenario's events were scheduled before anything else: at one instant they come first.
        // At one instant: the scenario's events, then the queue's, then the hosts' timers (each in its own order).
        long q = queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime();
        long w = hostTimers.nextUs();
        if (agendaNext < agendaAt.length && agendaAt[agendaNext] <= Math.min(q, w)) {
            t = agendaAt[agendaNext];
            e = agenda[agendaNext];
            agenda[agendaNext++] = null;
        } else if (q <= w) {
            t = q;
            e = queue.poll();
        } else {
            t = w;
            e = hostTimers.poll();
        }
        now = t;
        // A frame's arrival is one step of the run, counted where it was sent, not again in each replica.
        if (!(e instanceof Frame f && f.mirror)) steps++;
        else if (f.igmp != null) mirroredIgmp.poll();
        if (t == lastStepTime) {
            if (++stepsAtNow > MAX_STEPS_AT_ONE_INSTANT)
                throw new IllegalStateException("no progress: over " + MAX_STEPS_AT_ONE_INSTANT + " steps at " + Durations.format(t)
                        + "; " + replayHint());
        } else {
            lastStepTime = t;
            stepsAtNow = 0;
        }
        switch (e) {
            case Frame f -> f.from.segment.arrive(f);   // a frame arrives on the segment it was sent on
            case Node n -> n.timerFired(t);             // a node's engine deadline
            case Tick tk -> tk.source.tick(tk);
            case Scenario.Event ev -> apply(ev, null);
            case HostEvent he -> apply(he.event, he.host);
            default -> throw new IllegalStateException("unknown event " + e);
        }
        checkStepInvariants();
        if (now >= nextBeatUs) beat();
    }

    public long nowUs() {
        return regions != null ? regions.nowUs() : now;
    }

    /** The windows a partitioned run has taken so far; 0 for a whole-network run. */
    long windows() {
        return regions != null ? regions.windows() : 0;
    }

    public long steps() {
        return regions != null ? regions.steps() : steps;
    }

    /** Closes the captures and collects the result. */
    public SimResult finish() {
        if (regions != null) return regions.finish();
        checkStepInvariants(); // two queriers since before the end's grace period, with no step since to notice it
        for (Seg s : segments) {
            if (s.pcap == null) continue;
            try {
                s.pcap.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the capture of " + s.spec.name() + ": " + e.getMessage(), e);
            }
        }
        SimResult r = recorder.result();
        if (watcher != null) {
            List<SimResult.StoryLine> rest = recorder.takeBefore(Long.MAX_VALUE);
            if (!rest.isEmpty()) watcher.story(rest);
        }
        return r;
    }

    String replayHint() {
        if (coordinator != null) return coordinator.replayHint();
        return replayHint(scenario.seed(), steps);
    }

    /** Where a run went wrong and the options of {@code igmp simulate} that replay it to that step. */
    static String replayHint(long seed, long step) {
        return "seed " + seed + ", step " + step + " (replay with --seed " + seed + " --to-step " + step + ")";
    }

    /** The partitioned run this is a region of; null otherwise. */
    Regions coordinator;

    long nowMs() {
        return now / 1000;
    }

    void schedule(long at, Object event) {
        queue.add(Math.max(at, now), event);
    }

    // ------------------------------------------------------------------ building the network

    private void build() {
        for (Scenario.Segment spec : scenario.segments()) {
            Seg s = new Seg(spec, segments.size());
            segments.add(s);
            segmentsByName.put(spec.name(), s);
            if (options.pcapDir() != null && replicated.contains(spec.name())) {
                s.mirrorCapture = new ArrayList<>(); // the coordinator merges the replicas' captures into one file
            } else if (options.pcapDir() != null) {
                try {
                    Files.createDirectories(options.pcapDir());
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException("cannot create " + options.pcapDir() + ": " + ex.getMessage(), ex);
                }
                Path file = options.pcapDir().resolve(spec.name() + ".pcap");
                try {
                    s.pcap = PcapWriter.create(file, LinkType.ETHERNET);
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
                }
            }
        }
        for (Scenario.Router spec : scenario.routers()) {
            RouterNode r = new RouterNode(spec);
            routers.add(r);
            routersByName.put(spec.name(), r);
        }
        // Hosts are built LAN by LAN (each LAN's in scenario order, so every segment lists its ports as before): a
        // query reaches all hosts of a LAN at once, and their nodes and engines then sit together in memory. Each
        // host's engine is made with its node, so that node, port and engine state are neighbours too; the engine
        // draws on the node's generator, which gets its state below, before anything runs.
        List<Scenario.Host> hostSpecs = scenario.hosts();
        Map<String, List<Integer>> bySegment = new LinkedHashMap<>();
        for (Scenario.Segment spec : scenario.segments()) bySegment.put(spec.name(), new ArrayList<>());
        for (int i = 0; i < hostSpecs.size(); i++)
            bySegment.computeIfAbsent(hostSpecs.get(i).segment(), k -> new ArrayList<>()).add(i); // unknown: reported below
        HostNode[] built = new HostNode[hostSpecs.size()];
        for (List<Integer> lan : bySegment.values()) {
            for (int i : lan) {
                HostNode h = new HostNode(hostSpecs.get(i), i);
                h.start();
                built[i] = h;
            }
        }
        for (HostNode h : built) {
            hosts.add(h);
            hostsByName.put(h.name(), h);
        }
        List<Planned> planned = new ArrayList<>(scenario.events().size() + 2 * scenario.sources().size());
        for (Scenario.Source spec : scenario.sources()) {
            SourceNode src = new SourceNode(spec);
            sources.add(src);
            sourcesByName.put(spec.name(), src);
            if (spec.startUs() >= 0) planned.add(new Planned(spec.startUs(), new Scenario.Event(spec.startUs(), new Scenario.Action.SourceStart(spec.name()), spec.line())));
            if (spec.stopUs() >= 0) planned.add(new Planned(spec.stopUs(), new Scenario.Event(spec.stopUs(), new Scenario.Action.SourceStop(spec.name()), spec.line())));
        }
        for (Scenario.Event ev : scenario.events()) {
            // Host events are by far the most numerous: find the host once, not at every event.
            HostNode h = switch (ev.action()) {
                case Scenario.Action.Join j -> hostsByName.get(j.host());
                case Scenario.Action.Leave l -> hostsByName.get(l.host());
                case Scenario.Action.Switch sw -> hostsByName.get(sw.host());
                default -> null;
            };
            planned.add(new Planned(Math.max(0, ev.atUs()), h == null ? ev : new HostEvent(h, ev)));
        }
        planned.sort(java.util.Comparator.comparingLong(Planned::at)); // stable: scenario order at one instant
        agendaAt = new long[planned.size()];
        agenda = new Object[planned.size()];
        for (int i = 0; i < agendaAt.length; i++) {
            agendaAt[i] = planned.get(i).at();
            agenda[i] = planned.get(i).event();
        }
        if (!replicated.isEmpty()) planCutPorts(planned);
        // Engines start at time 0, routers first so that their startup queries lead the story.
        for (RouterNode r : routers) r.start();
        // Each host's generator is split off in scenario order, after the routers' (the engines exist already).
        for (HostNode h : hosts) h.splitRandom(random);
        for (HostNode h : hosts) h.drain();
    }

    /** The cut ports, and the scenario events that may make their nodes speak there. */
    private void planCutPorts(List<Planned> planned) {
        java.util.Set<String> speakers = new java.util.HashSet<>();
        for (RouterNode r : routers)
            for (Port p : r.ports)
                if (p.segment.cut) {
                    cutPorts.add(p);
                    speakers.add(r.name());
                }
        for (SourceNode s : sources)
            if (s.port.segment.cut) {
                cutPorts.add(s.port);
                speakers.add(s.name());
            }
        long[] at = new long[planned.size()];
        int n = 0;
        for (Planned p : planned) {
            Scenario.Event ev = p.event() instanceof Scenario.Event e ? e : null;
            if (ev == null) continue; // a host's join, leave or switch: hosts never sit on a cut segment
            boolean speaks = switch (ev.action()) {
                case Scenario.Action.SourceStart a -> speakers.contains(a.source());
                case Scenario.Action.Restart a -> speakers.contains(a.router());
                case Scenario.Action.Link a -> a.node() == null ? replicated.contains(a.segment()) : speakers.contains(a.node());
                case Scenario.Action.Configure a -> speakers.contains(a.node());
                default -> false; // a stop or a crash silences; the rest concern hosts
            };
            if (speaks) at[n++] = p.at();
        }
        cutAgendaAt = java.util.Arrays.copyOf(at, n);
    }

    /**
     * No frame leaves this region on a cut segment before the returned time (virtual us), whatever the region
     * runs meanwhile: nothing happens here before its next event; after it, a router speaks on a cut segment only
     * when its own timers there say so ({@link RouterProtocol#quietUntilMs}), when an IGMP message arrives there
     * from another region, or when the scenario restarts, reconfigures or relinks it; a source at its next
     * datagram or when the scenario starts it. {@link Regions} runs every region up to the lowest of these plus
     * the cut segments' latency.
     */
    long quietUntilUs() {
        long next = nextEventUs();
        if (next == Long.MAX_VALUE) return Long.MAX_VALUE;
        long q = Long.MAX_VALUE;
        while (cutAgendaNext < cutAgendaAt.length && cutAgendaAt[cutAgendaNext] < now) cutAgendaNext++;
        if (cutAgendaNext < cutAgendaAt.length) q = cutAgendaAt[cutAgendaNext];
        Long m = mirroredIgmp.peek();
        if (m != null) q = Math.min(q, m);
        for (int i = 0; i < cutPorts.size() && q > next; i++) {
            Port p = cutPorts.get(i);
            if (p.node instanceof RouterNode r) {
                if (r.proto == null || !p.up) continue; // a crashed router, a port down: silent until the scenario acts
                long ms = r.proto.quietUntilMs(p.ifIndex);
                q = Math.min(q, ms == Long.MIN_VALUE ? Long.MIN_VALUE : ms >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : ms * 1000);
            } else if (p.node instanceof SourceNode src && src.active) {
                q = Math.min(q, src.nextTickUs);
            }
        }
        return Math.max(next, q);
    }

    private Seg segment(String name, int line) {
        Seg s = segmentsByName.get(name);
        if (s == null) throw new ScenarioException(line, "no segment named '" + name + "'");
        return s;
    }

    // ------------------------------------------------------------------ scenario events

    private void apply(Scenario.Event ev, HostNode target) {
        try {
            switch (ev.action()) {
                case Scenario.Action.Join j -> (target != null ? target : host(j.host(), ev)).socketChange(j.group(), j.mode(), j.sources());
                case Scenario.Action.Leave l -> (target != null ? target : host(l.host(), ev)).socketChange(l.group(), FilterMode.INCLUDE, new int[0]);
                case Scenario.Action.Switch sw -> {
                    HostNode h = target != null ? target : host(sw.host(), ev);
                    h.switchGroup(sw.from(), sw.to());
                }
                case Scenario.Action.SourceStart s -> source(s.source(), ev).start();
                case Scenario.Action.SourceStop s -> source(s.source(), ev).stop();
                case Scenario.Action.Link l -> link(l, ev);
                case Scenario.Action.Crash c -> router(c.router(), ev).crash();
                case Scenario.Action.Restart r -> router(r.router(), ev).restart();
                case Scenario.Action.Configure c -> configure(c, ev);
            }
        } catch (IllegalArgumentException ex) {
            throw new ScenarioException(ev.line(), ex.getMessage());
        }
    }

    private HostNode host(String name, Scenario.Event ev) {
        HostNode h = hostsByName.get(name);
        if (h == null) throw new ScenarioException(ev.line(), "no host named '" + name + "'");
        return h;
    }

    private RouterNode router(String name, Scenario.Event ev) {
        RouterNode r = routersByName.get(name);
        if (r == null) throw new ScenarioException(ev.line(), "no router named '" + name + "'");
        return r;
    }

    private SourceNode source(String name, Scenario.Event ev) {
        SourceNode s = sourcesByName.get(name);
        if (s == null) throw new ScenarioException(ev.line(), "no source named '" + name + "'");
        return s;
    }

    private void link(Scenario.Action.Link l, Scenario.Event ev) {
        String state = l.up() ? "up" : "down";
        if (l.node() == null) {
            Seg s = segment(l.segment(), ev.line());
            s.up = l.up();
            s.disruptedUs = now;
            recorder.story(s.name() + ": segment " + state);
            return;
        }
        if (hostsByName.containsKey(l.node())) {
            HostNode h = hostsByName.get(l.node());
            h.port.up = l.up();
            h.linkChangedUs = now;
            if (!l.up()) h.noteUnwanting();
            recorder.story(h.name() + ": link " + state);
            return;
        }
        RouterNode r = router(l.node(), ev);
        boolean any = false;
        for (Port p : r.ports) {
            if (l.segment() != null && !p.segment.name().equals(l.segment())) continue;
            any = true;
            p.up = l.up();
            recorder.story(r.name() + " " + p.segment.name() + ": link " + state);
            if (r.proto != null) {
                if (l.up()) r.proto.interfaceUp(nowMs(), p.ifIndex);
                else r.proto.interfaceDown(nowMs(), p.ifIndex);
                r.drain();
            }
        }
        if (!any) throw new ScenarioException(ev.line(), "router '" + r.name() + "' has no interface on segment '" + l.segment() + "'");
    }

    private void configure(Scenario.Action.Configure c, Scenario.Event ev) {
        if (hostsByName.containsKey(c.node())) {
            HostNode h = hostsByName.get(c.node());
            c.settings().forEach((k, v) -> {
                h.proto.configure(nowMs(), k, v);
                recorder.story(h.name() + ": " + k + " = " + v);
            });
            h.drain();
            return;
        }
        RouterNode r = router(c.node(), ev);
        int ifIndex = -1;
        if (c.segment() != null) {
            for (Port p : r.ports) if (p.segment.name().equals(c.segment())) ifIndex = p.ifIndex;
            if (ifIndex < 0) throw new ScenarioException(ev.line(), "router '" + r.name() + "' has no interface on segment '" + c.segment() + "'");
        }
        int i = ifIndex;
        c.settings().forEach((k, v) -> {
            r.configured.add(new String[]{i < 0 ? null : r.ports[i].segment.name(), k, v});
            if (r.proto != null) r.proto.configure(nowMs(), i, k, v);
            recorder.story(r.name() + (i < 0 ? "" : " " + r.ports[i].segment.name()) + ": " + k + " = " + v);
        });
        r.drain();
    }

    // ------------------------------------------------------------------ invariants

    private void checkStepInvariants() {
        if (dualQuerierSegments.isEmpty()) return;
        for (Seg s : dualQuerierSegments) {
            if (s.dualQuerierSinceUs >= 0 && now - s.dualQuerierSinceUs > DUAL_QUERIER_GRACE_US && !s.dualQuerierReported) {
                s.dualQuerierReported = true;
                recorder.violation("one-querier", s.name() + ": " + s.queriers().size() + " routers act as querier since "
                        + Durations.format(s.dualQuerierSinceUs) + " (" + String.join(", ", s.querierNames()) + ")");
            }
        }
    }

    void querierChanged(Seg s) {
        if (s.cut) { // a cut segment's routers sit in several regions: the coordinator counts claims
            s.claimChangedUs = now;
            return;
        }
        int claims = s.queriers().size();
        if (claims >= 2) {
            if (s.dualQuerierSinceUs < 0) {
                s.dualQuerierSinceUs = now;
                s.dualQuerierReported = false;
                dualQuerierSegments.add(s);
            }
        } else if (s.dualQuerierSinceUs >= 0) {
            s.dualQuerierSinceUs = -1;
            dualQuerierSegments.remove(s);
        }
    }

    /**
     * The no-unwanted-traffic invariant, checked for each datagram a router puts on a segment: somebody on that
     * segment wants it (a host's socket, or a router that will forward it further), or somebody wanted it no
     * longer ago than the Group Membership Interval (the group timer may still run; RFC 9776 section 6.2.2).
     */
    void checkForwarded(RouterNode from, Port out, Frame f) {
        // RFC 4605 section 4.2: a proxy sends what it hears downstream to its upstream interface, wanted or not.
        if (from.spec.proxy() && out.ifIndex == from.spec.upstreamIndex()) return;
        Seg s = out.segment;
        long[] cell = s.lastWantedUs.computeIfAbsent(f.dst, g -> new long[]{Long.MIN_VALUE});
        if (wanted(s, out, f)) {
            cell[0] = now;
            return;
        }
        Long last = cell[0] == Long.MIN_VALUE ? null : cell[0];
        long bound = from.proto.groupMembershipIntervalMs(out.ifIndex) * 1000 + UNWANTED_SLACK_US;
        if (last == null || now - last > bound) {
            if (s.unwantedReported.add(f.dst))
                recorder.violation("no-unwanted-traffic", s.name() + " carries " + Ipv4.format(f.dst) + " from " + Ipv4.format(f.src)
                        + " (forwarded by " + from.name() + ") but no host there wants it"
                        + (last == null ? " and none ever did" : " since " + Durations.format(last)));
        }
    }

    /** A host must have answered queries for this long before its router may not lose its group. */
    static final long SETTLE_US = 2_000_000;

    /**
     * The membership-kept invariant, checked when a router's state for a group on an interface ends: on a segment
     * that lost nothing and stayed up, no host may still want the group (and have wanted it, undisturbed, for a
     * while): its reports, sent again for every query (RFC 9776 section 5.2), keep the group alive.
     */
    void checkMembershipKept(RouterNode r, Port p, int group) {
        Seg s = p.segment;
        if (!p.up || !s.up || s.spec.loss() > 0 || now - Math.max(0, s.disruptedUs) < SETTLE_US) return;
        Object ls = s.listeners.of(group);
        for (int k = 0, n = Listeners.count(ls); k < n; k++) {
            Port q = Listeners.port(ls, k);
            HostNode h = (HostNode) q.node;
            int[] st = h.socketState(group);
            if (st == null || !q.up || now - Math.max(0, h.linkChangedUs) < SETTLE_US || now - st[1] * 1000L < SETTLE_US) continue;
            recorder.violation("membership-kept", r.name() + " " + s.name() + " dropped " + Ipv4.format(group) + " while "
                    + h.name() + " wants it (since " + Durations.format(st[1] * 1000L) + ")");
            return;
        }
    }

    private boolean wanted(Seg s, Port out, Frame f) {
        Object ls = s.listeners.of(f.dst);
        for (int k = 0, n = Listeners.count(ls); k < n; k++) {
            Port p = Listeners.port(ls, k);
            if (p.up && ((HostNode) p.node).accepts(f.dst, f.src)) return true;
        }
        for (Port p : s.routerPorts) {
            if (p == out || !p.up) continue;
            RouterNode r = (RouterNode) p.node;
            if (r.proto == null) continue;
            for (Port q : r.ports) if (q != p && q.up && r.proto.forwards(p.ifIndex, q.ifIndex, f.dst, f.src)) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ events on the queue

    record Tick(SourceNode source) {}

    record HostEvent(HostNode host, Scenario.Event event) {}

    private record Planned(long at, Object event) {}

    /** A frame on a segment: an IGMP message or a multicast datagram. On the queue it is its own arrival event. */
    static final class Frame {
        final Port from;
        final int src, dst;
        final IgmpMessage igmp; // null for a datagram
        final int ttl;
        final long seq;
        /** A copy that reaches a replica of a cut segment from the region where it was sent. */
        boolean mirror;

        Frame(Port from, int src, int dst, IgmpMessage igmp, int ttl, long seq) {
            this.from = from;
            this.src = src;
            this.dst = dst;
            this.igmp = igmp;
            this.ttl = ttl;
            this.seq = seq;
        }
    }

    /** A node's attachment to a segment. */
    static final class Port {
        final Node node;
        final int ifIndex;
        final Seg segment;
        final int address;
        boolean up = true;

        Port(Node node, int ifIndex, Seg segment, int address) {
            this.node = node;
            this.ifIndex = ifIndex;
            this.segment = segment;
            this.address = address;
        }
    }

    // ------------------------------------------------------------------ segments

    /** A LAN segment: a shared medium where every attached node hears every frame sent to an address it listens to. */
    final class Seg {
        final Scenario.Segment spec;
        final int index;
        final List<Port> ports = new ArrayList<>();
        final List<Port> routerPorts = new ArrayList<>();
        /** Host ports by the groups their sockets listen to: the NIC's multicast filter. */
        final Listeners listeners = new Listeners();
        /** Datagrams carried, by group: see {@link Recorder#datagramOnSegment}. */
        final IntMap<Object> carried = new IntMap<>(16);
        /** By group: the last time somebody on the segment wanted it (a one-element array, updated in place). */
        final IntMap<long[]> lastWantedUs = new IntMap<>(16);
        final java.util.Set<Integer> unwantedReported = new java.util.HashSet<>();
        /** Router ports whose engine says they are the querier here. */
        final Map<Port, Boolean> querierClaims = new LinkedHashMap<>();
        /** Last querier address each router interface saw here. */
        final Map<Port, Integer> querierSeen = new LinkedHashMap<>();
        long dualQuerierSinceUs = -1;
        /** When the segment last went down or up. */
        long disruptedUs = -1;
        boolean dualQuerierReported;
        boolean up = true;
        PcapWriter pcap;
        private byte[] pcapBuf;

        /** A cut segment of a partitioned run: frames sent here also go to the other regions' replicas. */
        final boolean cut;
        /** The other regions' replicas of this cut segment (set by {@link Regions}); null when not replicated. */
        Seg[] mirrors;
        /** When a router here last changed its querier claim: the coordinator checks one querier across replicas. */
        long claimChangedUs = -1;
        /** Captures of a replicated segment, (virtual time, packet), merged into one file at the end. */
        List<Regions.Captured> mirrorCapture;
        /** The sender of frames that reach this replica from another region's. */
        private Port elsewhere;

        Seg(Scenario.Segment spec, int index) {
            this.spec = spec;
            this.index = index;
            this.cut = replicated.contains(spec.name());
        }

        Simulation sim() {
            return Simulation.this;
        }

        /** A frame sent on another region's replica of this segment arrives here at {@code at}. */
        void mirror(long at, Frame f) {
            if (elsewhere == null) elsewhere = new Port(null, -1, this, 0);
            Frame m = new Frame(elsewhere, f.src, f.dst, f.igmp, f.ttl, f.seq);
            m.mirror = true;
            if (at < now)
                throw new IllegalStateException("a frame on " + spec.name() + " would reach a region " + (now - at) + " us in its past");
            schedule(at, m);
            if (f.igmp != null) mirroredIgmp.add(at);
        }

        /** Puts a frame on the queue for its arrival here and, on a cut segment, in the other regions. */
        private void emit(long at, Frame f) {
            schedule(at, f);
            if (cut) outbox.add(new Regions.Mail(this, Math.max(at, now), f));
        }

        String name() {
            return spec.name();
        }

        List<Port> queriers() {
            List<Port> q = new ArrayList<>();
            querierClaims.forEach((p, self) -> { if (self && p.node.alive() && p.up) q.add(p); });
            return q;
        }

        List<String> querierNames() {
            List<String> n = new ArrayList<>();
            for (Port p : queriers()) n.add(p.node.name() + " " + Ipv4.format(p.address));
            return n;
        }

        void attach(Port p, boolean router) {
            ports.add(p);
            if (router) routerPorts.add(p);
        }

        void listen(Port p, int group, boolean on) {
            if (on) listeners.add(group, p);
            else listeners.remove(group, p);
        }

        /** A node puts a frame on the wire. */
        void send(Frame f) {
            if (!up || !f.from.up || !f.from.node.alive()) return;
            framesSent++;
            if (f.igmp != null) recorder.igmpSent(this, f);
            else recorder.datagramOnSegment(this, f);
            if (pcap != null || mirrorCapture != null) capture(f, now);
            long delay = spec.latencyUs();
            if (spec.reorder() > 0 && random.nextDouble() < spec.reorder())
                delay += 1 + random.nextLong(Math.max(1, spec.reorderDelayUs()));
            emit(now + delay, f);
            if (spec.duplicate() > 0 && random.nextDouble() < spec.duplicate()) {
                // captured where it was sent, with the original: a later stamp would put the next frame sent now before it
                if (pcap != null || mirrorCapture != null) capture(f, now);
                emit(now + delay + 1, f);
            }
        }

        /** The frame reaches every listening port on the segment, each with its own chance of loss. */
        void arrive(Frame f) {
            if (!up) return;
            if (f.dst == Ipv4.ALL_SYSTEMS) {
                for (int i = 0; i < ports.size(); i++) deliver(ports.get(i), f);
            } else {
                for (int i = 0; i < routerPorts.size(); i++) deliver(routerPorts.get(i), f);
                if (f.dst != Ipv4.ALL_ROUTERS && f.dst != Ipv4.ALL_IGMPV3_ROUTERS) {
                    Object ls = listeners.of(f.dst);
                    for (int i = 0, n = Listeners.count(ls); i < n; i++) deliver(Listeners.port(ls, i), f);
                }
            }
        }

        private void deliver(Port p, Frame f) {
            if (p == f.from || !p.up || !p.node.alive()) return;
            if (spec.loss() > 0 && random.nextDouble() < spec.loss()) return;
            if (p.node instanceof SourceNode) return; // a source takes no input: nothing to count
            framesReceived++;
            p.node.receive(p, f);
        }

        private void capture(Frame f, long at) {
            if (pcapBuf == null) pcapBuf = new byte[65535];
            byte[] b = pcapBuf;
            int len;
            if (f.igmp != null) {
                int igmpLen = f.igmp.encodedLength();
                // RFC 2236 section 2 / RFC 9776 section 4: v2 and v3 messages carry Router Alert; v1 ones did not.
                boolean ra = !(f.igmp instanceof net.igmp.wire.V1MembershipReport)
                        && !(f.igmp instanceof net.igmp.wire.MembershipQuery q && q.version() == 1);
                Ipv4Header h = Ipv4Header.forIgmp(f.src, f.dst, igmpLen, ra);
                int hl = h.write(b, 0);
                IgmpEncoder.encode(f.igmp, b, hl);
                len = hl + igmpLen;
            } else {
                int payload = 12;
                Ipv4Header h = new Ipv4Header(0, 20 + 8 + payload, (int) (f.seq & 0xFFFF), 0x4000, f.ttl, 17, 0, f.src, f.dst, new byte[0]);
                int hl = h.write(b, 0);
                putShort(b, hl, UDP_PORT);
                putShort(b, hl + 2, UDP_PORT);
                putShort(b, hl + 4, 8 + payload);
                putShort(b, hl + 6, 0); // no UDP checksum (allowed over IPv4)
                for (int i = 0; i < 8; i++) b[hl + 8 + i] = (byte) (f.seq >>> (56 - 8 * i));
                b[hl + 16] = 'i'; b[hl + 17] = 'g'; b[hl + 18] = 'm'; b[hl + 19] = 'p';
                len = hl + 8 + payload;
            }
            if (mirrorCapture != null) {
                mirrorCapture.add(new Regions.Captured(at, java.util.Arrays.copyOf(b, len)));
                return;
            }
            try {
                pcap.writeIpv4((scenario.startEpochUs() + at) * 1000L, b, 0, len); // virtual time 0 is the scenario's start
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    // ------------------------------------------------------------------ nodes

    /** Anything attached to segments. */
    /**
     * Hosts' timers on whole milliseconds, up to {@link #SLOTS} ms ahead: a wheel of one-millisecond slots, each a
     * list of nodes in the order they were scheduled, and a bitmap of the slots in use. Scheduling and firing a
     * host's timer cost O(1) and touch the node itself and one slot; the queue would hash the instant and grow a
     * bucket (a million hosts' answers to a query fall on ten thousand instants). Deadlines off the millisecond or
     * further out go to the queue.
     */
    static final class HostWheel {
        static final int SLOTS = 1 << 14, MASK = SLOTS - 1;
        private final Timed[] heads = new Timed[SLOTS], tails = new Timed[SLOTS];
        private final long[] used = new long[SLOTS / 64];
        private int size;
        /** The earliest slot's time in us, Long.MAX_VALUE when empty; -1 when not known. */
        private long next = Long.MAX_VALUE;
        /** No timer lies before this millisecond: the run's time when a timer was last added or taken. */
        private long cursorMs;

        /** Puts {@code n} at {@code atUs}; false (and nothing done) when the wheel does not reach that far. */
        boolean add(Timed n, long atUs, long nowUs) {
            cursorMs = Math.max(cursorMs, nowUs / 1000); // every timer lies at or after now
            if (atUs % 1000 != 0 || atUs / 1000 - cursorMs >= SLOTS) return false;
            int slot = (int) (atUs / 1000) & MASK;
            n.wheelSlot = slot;
            n.wheelNext = null;
            n.wheelPrev = tails[slot];
            if (tails[slot] == null) {
                heads[slot] = n;
                used[slot >>> 6] |= 1L << slot;
            } else {
                tails[slot].wheelNext = n;
            }
            tails[slot] = n;
            size++;
            if (next != -1 && atUs < next) next = atUs;
            return true;
        }

        void remove(Timed n) {
            int slot = n.wheelSlot;
            if (n.wheelPrev == null) heads[slot] = n.wheelNext;
            else n.wheelPrev.wheelNext = n.wheelNext;
            if (n.wheelNext == null) tails[slot] = n.wheelPrev;
            else n.wheelNext.wheelPrev = n.wheelPrev;
            n.wheelPrev = n.wheelNext = null;
            n.wheelSlot = -1;
            size--;
            if (heads[slot] == null) {
                used[slot >>> 6] &= ~(1L << slot);
                next = -1;
            }
        }

        int size() {
            return size;
        }

        /** The time of the earliest timer, Long.MAX_VALUE when there is none. */
        long nextUs() {
            if (next == -1) next = find();
            return next;
        }

        /** Takes the first node of the earliest slot (its time was {@link #nextUs}). */
        Timed poll() {
            long at = nextUs();
            cursorMs = at / 1000;
            Timed n = heads[(int) cursorMs & MASK];
            remove(n);
            return n;
        }

        /**
         * The earliest used slot's time: every timer lies in [cursor, cursor + SLOTS) ms, so going round the slots
         * once from the cursor's, a word of the bitmap at a time, the first used one is it.
         */
        private long find() {
            if (size == 0) return Long.MAX_VALUE;
            int start = (int) cursorMs & MASK;
            int w = start >>> 6;
            long bits = used[w] & (-1L << start); // the cursor's word: slots from the cursor on
            for (int k = 0; k <= used.length; k++) {
                if (bits != 0) {
                    int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                    int ahead = (slot - start) & MASK;
                    return (cursorMs + ahead) * 1000;
                }
                w = (w + 1) % used.length;
                bits = used[w];
            }
            throw new IllegalStateException("host timer wheel: " + size + " timers but no slot in use");
        }
    }

    /** Something with a timer that can wait in a {@link HostWheel}. */
    static class Timed {
        /** The deadline a timer event is pending for; MAX_VALUE when none. */
        long timerAt = Long.MAX_VALUE;
        /** The place in a {@link HostWheel}: the neighbours in its slot's list, and the slot (-1: not there). */
        Timed wheelPrev, wheelNext;
        int wheelSlot = -1;
    }

    abstract class Node extends Timed {

        abstract String name();

        abstract boolean alive();

        abstract void receive(Port at, Frame f);

        void timerFired(long at) {}

        /** Asks for a timer event at the engine's next deadline, unless an earlier one is already pending. */
        void scheduleDeadline(long deadlineMs) {
            if (deadlineMs == Long.MAX_VALUE) return;
            long at = Math.max(now, deadlineMs * 1000);
            if (at < timerAt) {
                timerAt = at;
                if (wheelSlot >= 0) hostTimers.remove(this);
                // on the queue the node is its own timer event; timerFired drops stale ones
                if (!(this instanceof HostNode) || !hostTimers.add(this, at, now)) schedule(at, this);
            }
        }
    }

    /**
     * A host: one interface, the host engine, and a socket layer holding what the scenario asked for. The node is
     * also the host's random generator (report delays): the L64X128MixRandom algorithm, its state split off the
     * simulation's generator exactly as {@code split()} would, but held in the node instead of one more object
     * per host that every query would have to reach.
     */
    final class HostNode extends Node implements RandomGenerator {
        final Scenario.Host spec;
        final int index;
        final Port port;
        HostProtocol proto;
        /** Datagrams received, by (group, source): see {@link Recorder#delivered}. */
        Object[] streams;
        /**
         * Socket state per group: [mode ordinal, virtual ms of the last change, sources...]. A host usually listens
         * to one group: that one is held in fields, any others in a map made when needed.
         */
        private int soleGroup;
        private int[] soleSocket;
        private IntMap<int[]> moreSockets;
        /** When the host's link last went down or up. */
        long linkChangedUs = -1;
        /** L64X128MixRandom state: the LCG's odd addend and state, the xoroshiro128 pair (never both zero). */
        private long lcgAdd, lcgState, xbg0, xbg1;

        HostNode(Scenario.Host spec, int index) {
            this.spec = spec;
            this.index = index;
            Seg s = segment(spec.segment(), spec.line());
            this.port = new Port(this, 0, s, spec.address());
            s.attach(port, false);
        }

        /**
         * Takes this host's generator from {@code parent} (an L64X128MixRandom) with the draws its {@code split()}
         * makes: the brine (the LCG addend), then the LCG state and the two xoroshiro128 words.
         */
        void splitRandom(RandomGenerator parent) {
            lcgAdd = parent.nextLong() << 1 | 1;
            lcgState = parent.nextLong();
            xbg0 = parent.nextLong();
            xbg1 = parent.nextLong();
            if ((xbg0 | xbg1) == 0) { // as the JDK does: an all-zero xoroshiro state would stay zero
                long v = lcgState + 0x9e3779b97f4a7c15L;
                xbg0 = mixStafford13(v);
                xbg1 = mixStafford13(v + 0x9e3779b97f4a7c15L);
            }
        }

        /** L64X128MixRandom's step: LCG plus xoroshiro128 v1.0, mixed with Doug Lea's 64-bit mixer. */
        @Override
        public long nextLong() {
            long z = lcgState + xbg0;
            z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
            z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
            long result = z ^ (z >>> 32);
            lcgState = 0xd1342543de82ef95L * lcgState + lcgAdd;
            long q0 = xbg0, q1 = xbg1;
            q1 ^= q0;
            q0 = Long.rotateLeft(q0, 24) ^ q1 ^ (q1 << 16);
            q1 = Long.rotateLeft(q1, 37);
            xbg0 = q0;
            xbg1 = q1;
            return result;
        }

        private static long mixStafford13(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** Makes the engine, drawing on this node as its generator; the caller drains it. */
        void start() {
            try {
                proto = engines.host(spec, this, nowMs());
            } catch (IllegalArgumentException ex) {
                throw new ScenarioException(spec.line(), "host '" + spec.name() + "': " + ex.getMessage());
            }
        }

        @Override String name() { return spec.name(); }

        @Override boolean alive() { return true; }

        /** The socket layer: RFC 9776 section 2's IPMulticastListen for the one socket this host has per group. */
        void socketChange(int group, FilterMode mode, int[] srcs) {
            boolean leave = mode == FilterMode.INCLUDE && srcs.length == 0;
            int[] before = socketState(group);
            if (leave) {
                if (before == null) { // no socket to close: the host sends nothing
                    recorder.story(name() + " leaves " + Ipv4.format(group) + ", which it never joined: nothing to send");
                    return;
                }
                removeSocket(group);
                noteUnwanting(group);
            } else {
                int[] st = new int[srcs.length + 2];
                st[0] = mode.ordinal();
                st[1] = (int) (now / 1000);
                System.arraycopy(srcs, 0, st, 2, srcs.length);
                putSocket(group, st);
            }
            port.segment.listen(port, group, !leave);
            recorder.membership(this, group, mode, srcs, leave);
            proto.listen(nowMs(), group, mode, srcs);
            drain();
        }

        /**
         * A channel switch: the socket leaves {@code from} and joins {@code to} (EXCLUDE {}) in one step, which the
         * engine turns into one report (RFC 9776 section 5.1: in v3 both State-Change records travel together).
         */
        void switchGroup(int from, int to) {
            if (from == to) { // nothing to leave: staying on the channel
                socketChange(to, FilterMode.EXCLUDE, new int[0]);
                return;
            }
            recorder.channelSwitch(this, from, to);
            if (socketState(from) == null) recorder.story(name() + " never joined " + Ipv4.format(from) + ": only the join is sent");
            if (removeSocket(from) != null) {
                noteUnwanting(from);
                port.segment.listen(port, from, false);
                recorder.membership(this, from, FilterMode.INCLUDE, new int[0], true, false);
            }
            putSocket(to, new int[]{FilterMode.EXCLUDE.ordinal(), (int) (now / 1000)});
            port.segment.listen(port, to, true);
            recorder.membership(this, to, FilterMode.EXCLUDE, new int[0], false, false);
            proto.switchGroup(nowMs(), from, to, FilterMode.EXCLUDE, new int[0]);
            drain();
        }

        void noteUnwanting() {
            if (soleSocket != null) noteUnwanting(soleGroup);
            if (moreSockets != null) for (int g : moreSockets.keys()) noteUnwanting(g);
        }

        /** The socket state for {@code group}, or null when no socket listens to it. */
        int[] socketState(int group) {
            if (soleSocket != null && soleGroup == group) return soleSocket;
            return moreSockets == null ? null : moreSockets.get(group);
        }

        private void putSocket(int group, int[] st) {
            if (soleSocket != null && soleGroup == group) {
                soleSocket = st;
            } else if (moreSockets != null && moreSockets.get(group) != null) {
                moreSockets.put(group, st);
            } else if (soleSocket == null) {
                soleGroup = group;
                soleSocket = st;
            } else {
                if (moreSockets == null) moreSockets = new IntMap<>();
                moreSockets.put(group, st);
            }
        }

        /** Removes and returns the socket state for {@code group}, or null when there was none. */
        private int[] removeSocket(int group) {
            if (soleSocket != null && soleGroup == group) {
                int[] st = soleSocket;
                soleSocket = null;
                return st;
            }
            return moreSockets == null ? null : moreSockets.remove(group);
        }

        private void noteUnwanting(int group) {
            long[] cell = port.segment.lastWantedUs.computeIfAbsent(group, g -> new long[]{Long.MIN_VALUE});
            cell[0] = Math.max(cell[0], now);
        }

        /** Whether the socket takes datagrams from {@code source} to {@code group} (its source filter). */
        boolean accepts(int group, int source) {
            int[] st = socketState(group);
            if (st == null) return false;
            boolean listed = false;
            for (int i = 2; i < st.length; i++) if (st[i] == source) { listed = true; break; }
            return st[0] == FilterMode.INCLUDE.ordinal() ? listed : !listed;
        }

        @Override
        void receive(Port at, Frame f) {
            if (f.igmp != null) {
                proto.receive(nowMs(), f.src, f.dst, f.igmp);
                drain();
            } else if (accepts(f.dst, f.src)) {
                recorder.delivered(this, f);
            }
        }

        @Override
        void timerFired(long at) {
            if (at != timerAt) return; // superseded
            timerAt = Long.MAX_VALUE;
            proto.handleTimeout(nowMs());
            drain();
        }

        void drain() {
            for (Transmit t; (t = proto.pollTransmit()) != null; )
                port.segment.send(new Frame(port, port.address, t.destination(), t.message(), 1, 0));
            scheduleDeadline(proto.nextDeadlineMs());
        }
    }

    /** A router: several interfaces, the router engine, and multicast forwarding as the engine directs. */
    final class RouterNode extends Node {
        final Scenario.Router spec;
        final Port[] ports;
        RouterProtocol proto;
        long forwarded;
        /** Configuration changes so far, replayed into the engine after a restart: [segment or null, key, value]. */
        final List<String[]> configured = new ArrayList<>();

        RouterNode(Scenario.Router spec) {
            this.spec = spec;
            ports = new Port[spec.interfaces().size()];
            for (int i = 0; i < ports.length; i++) {
                Scenario.Interface itf = spec.interfaces().get(i);
                Seg s = segment(itf.segment(), itf.line());
                ports[i] = new Port(this, i, s, itf.address());
                s.attach(ports[i], true);
            }
        }

        @Override String name() { return spec.name(); }

        @Override boolean alive() { return proto != null; }

        void start() {
            try {
                proto = engines.router(spec, random.split(), nowMs());
            } catch (IllegalArgumentException ex) {
                throw new ScenarioException(spec.line(), "router '" + spec.name() + "': " + ex.getMessage());
            }
            for (String[] c : configured) {
                int ifIndex = -1;
                for (Port p : ports) if (p.segment.name().equals(c[0])) ifIndex = p.ifIndex;
                proto.configure(nowMs(), ifIndex, c[1], c[2]);
            }
            for (Port p : ports) if (!p.up) proto.interfaceDown(nowMs(), p.ifIndex);
            drain();
        }

        void crash() {
            if (proto == null) return;
            proto = null;
            timerAt = Long.MAX_VALUE;
            recorder.story(spec.name() + " crashes: its state is gone");
            for (Port p : ports) {
                p.segment.querierClaims.remove(p);
                p.segment.querierSeen.remove(p);
                querierChanged(p.segment);
            }
            recorder.routerCrashed(this);
        }

        void restart() {
            if (proto != null) return;
            recorder.story(spec.name() + " restarts");
            start();
        }

        @Override
        void receive(Port at, Frame f) {
            if (f.igmp != null) {
                proto.receive(nowMs(), at.ifIndex, f.src, f.dst, f.igmp);
                drain();
                return;
            }
            if (f.ttl <= 1) return;
            for (Port out : ports) {
                if (out == at || !out.up || !proto.forwards(at.ifIndex, out.ifIndex, f.dst, f.src)) continue;
                forwarded++;
                Frame copy = new Frame(out, f.src, f.dst, null, f.ttl - 1, f.seq);
                checkForwarded(this, out, copy);
                out.segment.send(copy);
            }
        }

        @Override
        void timerFired(long at) {
            if (at != timerAt || proto == null) return;
            timerAt = Long.MAX_VALUE;
            proto.handleTimeout(nowMs());
            drain();
        }

        void drain() {
            if (proto == null) return;
            for (Transmit t; (t = proto.pollTransmit()) != null; ) {
                Port p = ports[t.ifIndex()];
                p.segment.send(new Frame(p, p.address, t.destination(), t.message(), 1, 0));
            }
            for (RouterNote n; (n = proto.pollNote()) != null; ) {
                switch (n) {
                    case RouterNote.Querier q -> {
                        Port p = ports[q.ifIndex()];
                        Integer before = p.segment.querierSeen.put(p, q.address());
                        p.segment.querierClaims.put(p, q.self());
                        querierChanged(p.segment);
                        if (before == null || before != q.address()) recorder.querier(this, p, q);
                    }
                    case RouterNote.Membership m -> {
                        recorder.routerMembership(this, ports[m.ifIndex()], m);
                        if (m.none()) checkMembershipKept(this, ports[m.ifIndex()], m.group());
                    }
                    case RouterNote.Info i -> recorder.story(spec.name() + (i.ifIndex() >= 0 ? " " + ports[i.ifIndex()].segment.name() : "") + ": " + i.text());
                }
            }
            scheduleDeadline(proto.nextDeadlineMs());
        }
    }

    /** A multicast source: {@code rate} datagrams per second to each of its groups while active. */
    final class SourceNode extends Node {
        final Scenario.Source spec;
        final Port port;
        final long periodUs;
        boolean active;
        long seq;
        Tick pending;
        /** When the pending tick sends the next datagram. */
        long nextTickUs = Long.MAX_VALUE;

        SourceNode(Scenario.Source spec) {
            this.spec = spec;
            Seg s = segment(spec.segment(), spec.line());
            port = new Port(this, 0, s, spec.address());
            s.attach(port, false);
            periodUs = Math.max(1, Math.round(1_000_000 / spec.rate()));
        }

        @Override String name() { return spec.name(); }

        @Override boolean alive() { return true; }

        @Override void receive(Port at, Frame f) {}

        void start() {
            if (active) return;
            active = true;
            recorder.story(spec.name() + " starts sending to " + groupsText() + " at " + fmtRate() + " datagrams/s");
            pending = new Tick(this);
            nextTickUs = now;
            schedule(now, pending);
        }

        void stop() {
            if (!active) return;
            active = false;
            pending = null;
            recorder.story(spec.name() + " stops sending");
        }

        void tick(Tick t) {
            if (!active || t != pending) return; // stopped, or restarted with a new chain of ticks
            for (int g : spec.groups()) port.segment.send(new Frame(port, spec.address(), g, null, SOURCE_TTL, seq++));
            nextTickUs = now + periodUs;
            schedule(nextTickUs, pending);
        }

        private String groupsText() {
            List<String> g = new ArrayList<>();
            for (int x : spec.groups()) g.add(Ipv4.format(x));
            return String.join(" and ", g);
        }

        private String fmtRate() {
            return spec.rate() == Math.rint(spec.rate()) ? String.valueOf((long) spec.rate()) : String.valueOf(spec.rate());
        }
    }
}
