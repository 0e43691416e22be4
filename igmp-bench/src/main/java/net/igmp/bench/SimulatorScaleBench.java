package net.igmp.bench;

import net.igmp.core.FilterMode;
import net.igmp.sim.EngineAdapters;
import net.igmp.sim.Scenario;
import net.igmp.sim.SimResult;
import net.igmp.sim.Simulation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulator at scale: by default 1,000,000 IGMPv3 hosts on 1,000 LAN segments, 10,000 groups, 10 routers
 * (each on a core segment and 100 LANs, RFC defaults: a general query every 125 s), 10 virtual minutes. Every host
 * joins one group in the first minute; a fifth of them switch channel later and a tenth leave. A few sources on
 * the core send 10 datagrams per second each. Runs the real engines and reports steps (queue events) per second,
 * engine inputs, and heap.
 *
 * <pre>java -Xms6g -Xmx6g -Xmn3g -XX:+UseParallelGC -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -XX:+UseCompactObjectHeaders \
 *      -cp igmp-bench/target/benchmarks.jar net.igmp.bench.SimulatorScaleBench [hosts groups segments minutes [threads]]</pre>
 * (docs/simulator.md explains the flags).
 */
public final class SimulatorScaleBench {

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int lans = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int minutes = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0; // 0: one per processor
        int routers = Math.max(1, lans / 100);
        int sources = 5;

        long t0 = System.nanoTime();
        Scenario sc = build(hosts, groups, lans, routers, sources, minutes);
        long t1 = System.nanoTime();
        Simulation sim = new Simulation(sc, EngineAdapters.real(), Simulation.Options.QUIET.withThreads(threads));
        // The network is built: its state moves to the old generation now, so the run's young collections copy only
        // what the run itself makes (and, with a young generation as big as the run's garbage, there are none).
        System.gc();
        long t2 = System.nanoTime();
        long cpu0 = processCpuNanos();
        SimResult r = sim.run();
        long t3 = System.nanoTime();
        double cpuS = (processCpuNanos() - cpu0) / 1e9;
        long peak = peakHeap();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long live = rt.totalMemory() - rt.freeMemory();
        double runS = (t3 - t2) / 1e9;
        long deliveries = r.deliveries().stream().mapToLong(SimResult.Delivery::received).sum();
        System.out.printf("scenario: %,d hosts, %,d groups, %,d LAN segments + core, %d routers, %d sources, %d virtual minutes%n",
                hosts, groups, lans, routers, sources, minutes);
        System.out.printf("build: scenario %.1f s, network and engines %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        System.out.printf("run: %.1f s wall for %d s virtual; %,d steps (queue events) = %,.0f steps/s%n", runS, minutes * 60, r.steps(), r.steps() / runS);
        System.out.printf("run: %.1f s CPU of the process (all threads, GC included) = %,.0f steps per CPU second; %d threads%n",
                cpuS, r.steps() / cpuS, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        System.out.printf("frames: %,d sent, %,d received by nodes (engine inputs); %,.0f engine inputs + steps per second%n",
                r.framesSent(), r.framesReceived(), (r.framesReceived() + r.steps()) / runS);
        System.out.printf("datagrams delivered to sockets: %,d; violations: %d%n", deliveries, r.violations().size());
        System.out.printf("heap: peak %,d MB, live after run %,d MB (max %,d MB)%n", peak >> 20, live >> 20, rt.maxMemory() >> 20);
        System.out.printf("total: %.1f s%n", (t3 - t0) / 1e9);
        System.out.printf("result digest: %016x (equal digests: the same run)%n", digest(r));
        if (!r.violations().isEmpty()) System.out.println("first violation: " + r.violations().getFirst());
        // Keep the simulation reachable until the live-heap figure is taken.
        if (sim.steps() < 0) System.out.println(sim);
    }

    /** A hash of everything the run produced: deliveries, segment traffic, queriers, counts. */
    static long digest(SimResult r) {
        long h = 1125899906842597L;
        for (SimResult.Delivery d : r.deliveries())
            h = mix(h, d.host().hashCode(), d.group().hashCode(), d.source().hashCode(), Double.hashCode(d.firstMs()),
                    Double.hashCode(d.lastMs()), d.received(), d.outOfOrder());
        for (SimResult.SegmentTraffic t : r.segments())
            h = mix(h, t.segment().hashCode(), t.group().hashCode(), t.datagrams(), Double.hashCode(t.firstMs()), Double.hashCode(t.lastMs()));
        for (SimResult.QuerierInfo q : r.queriers()) h = mix(h, q.segment().hashCode(), java.util.Objects.hashCode(q.address()));
        return mix(h, r.steps(), r.framesSent(), r.framesReceived(), r.violations().size());
    }

    private static long mix(long h, long... values) {
        for (long v : values) h = (h ^ v) * 0x100000001B3L + 31;
        return h;
    }

    static Scenario build(int hosts, int groups, int lans, int routers, int sources, int minutes) {
        SplittableRandom rnd = new SplittableRandom(2024);
        long duration = minutes * 60_000_000L;
        List<Scenario.Segment> segs = new ArrayList<>();
        segs.add(new Scenario.Segment("core"));
        String[] lanNames = new String[lans];
        for (int i = 0; i < lans; i++) segs.add(new Scenario.Segment(lanNames[i] = "lan" + i));
        List<Scenario.Router> rs = new ArrayList<>();
        int perRouter = (lans + routers - 1) / routers;
        for (int r = 0; r < routers; r++) {
            List<Scenario.Interface> itfs = new ArrayList<>();
            itfs.add(new Scenario.Interface("core", 0x0A000001 + r, 16, Map.of(), 0));
            for (int l = r * perRouter; l < Math.min(lans, (r + 1) * perRouter); l++)
                itfs.add(new Scenario.Interface("lan" + l, lanAddress(l, 1), 20, Map.of(), 0));
            rs.add(new Scenario.Router("r" + r, "router", null, itfs, Map.of(), 0));
        }
        List<Scenario.Host> hs = new ArrayList<>(hosts);
        List<Scenario.Event> evs = new ArrayList<>(hosts + hosts / 3);
        for (int h = 0; h < hosts; h++) {
            int lan = h % lans;
            String name = "h" + h;
            hs.add(new Scenario.Host(name, lanNames[lan], lanAddress(lan, 10 + h / lans), 20, 3, Map.of(), 0));
            int g = group(rnd.nextInt(groups));
            evs.add(new Scenario.Event(rnd.nextLong(60_000_000L), new Scenario.Action.Join(name, g, FilterMode.EXCLUDE, new int[0]), 0));
            double p = rnd.nextDouble();
            long later = 60_000_000L + rnd.nextLong(duration - 60_000_000L);
            if (p < 0.2) evs.add(new Scenario.Event(later, new Scenario.Action.Switch(name, g, group(rnd.nextInt(groups))), 0));
            else if (p < 0.3) evs.add(new Scenario.Event(later, new Scenario.Action.Leave(name, g), 0));
        }
        List<Scenario.Source> ss = new ArrayList<>();
        for (int s = 0; s < sources; s++)
            ss.add(new Scenario.Source("s" + s, "core", 0x0A00FF00 + s, 16, List.of(group(s * (groups / sources))), 10, 0, -1, 0));
        return new Scenario("scale", 1, duration, segs, rs, hs, ss, evs);
    }

    /** 10.(16 + lan / 16).((lan % 16) * 16 + host / 256).(host % 256): a /20 per LAN, room for 4096 hosts. */
    static int lanAddress(int lan, int host) {
        return (10 << 24) | ((16 + lan / 16) << 16) | (((lan % 16) * 16 + host / 256) << 8) | (host % 256);
    }

    static int group(int i) {
        return 0xEF010000 + i; // 239.1.x.y
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
        return sum;
    }
}
