package net.igmp.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a network may be cut so that its parts run side by side. A segment that only routers (router mode, not
 * proxies) and sources are attached to, with at least two routers, is a <em>cut segment</em>: a core between
 * routers. Hosts never sit on it, and no router reports membership on it, so whatever happens on one side of
 * it reaches the other side only as frames on it, each at least the segment's latency after it was sent.
 *
 * <p>The nodes joined by the other segments form <em>regions</em>; every region that has a port on a cut segment
 * gets its own replica of it. Regions are a function of the scenario alone (not of the number of threads), in
 * the order their first node appears in the scenario, so a run is still a function of its seed.
 */
final class Partition {
    /** The scenario of each region; a cut segment appears in every region attached to it. */
    final List<Scenario> regions;
    /** The cut segments' names. */
    final List<String> cutSegments;
    /**
     * No frame sent in a region reaches another region sooner than this (the lowest latency of a cut segment):
     * regions may run this far in virtual time without hearing from each other.
     */
    final long lookaheadUs;

    private Partition(List<Scenario> regions, List<String> cutSegments, long lookaheadUs) {
        this.regions = regions;
        this.cutSegments = cutSegments;
        this.lookaheadUs = lookaheadUs;
    }

    /** The whole network as one region: nothing to cut. */
    boolean single() {
        return regions.size() == 1;
    }

    static Partition whole(Scenario sc) {
        return new Partition(List.of(sc), List.of(), Long.MAX_VALUE);
    }

    static Partition of(Scenario sc) {
        java.util.Set<String> segs = new java.util.HashSet<>();
        for (Scenario.Segment s : sc.segments()) segs.add(s.name());
        // A scenario that names segments it lacks is not cut: the whole-network run reports the mistake.
        boolean known = segs.size() == sc.segments().size();
        for (Scenario.Host h : sc.hosts()) known &= segs.contains(h.segment());
        for (Scenario.Source s : sc.sources()) known &= segs.contains(s.segment());
        for (Scenario.Router r : sc.routers()) for (Scenario.Interface i : r.interfaces()) known &= segs.contains(i.segment());
        if (!known) return whole(sc);
        Map<String, Integer> routersOn = new HashMap<>();
        Map<String, Boolean> cuttable = new HashMap<>();
        for (Scenario.Segment s : sc.segments()) cuttable.put(s.name(), s.latencyUs() > 0);
        for (Scenario.Host h : sc.hosts()) cuttable.put(h.segment(), false);
        for (Scenario.Router r : sc.routers())
            for (Scenario.Interface i : r.interfaces()) {
                routersOn.merge(i.segment(), 1, Integer::sum);
                if (r.proxy()) cuttable.put(i.segment(), false); // a proxy reports membership on its upstream (RFC 4605)
            }
        List<String> cut = new ArrayList<>();
        long lookahead = Long.MAX_VALUE;
        for (Scenario.Segment s : sc.segments())
            if (cuttable.getOrDefault(s.name(), false) && routersOn.getOrDefault(s.name(), 0) >= 2) {
                cut.add(s.name());
                lookahead = Math.min(lookahead, s.latencyUs());
            }
        if (cut.isEmpty()) return whole(sc);

        // Union-find over node keys ("segment:NAME", "router:NAME", ...); cut segments join nothing.
        UnionFind uf = new UnionFind();
        for (Scenario.Segment s : sc.segments()) uf.add("segment:" + s.name());
        for (Scenario.Router r : sc.routers()) {
            uf.add("router:" + r.name());
            for (Scenario.Interface i : r.interfaces())
                if (!cut.contains(i.segment())) uf.union("router:" + r.name(), "segment:" + i.segment());
        }
        // Sources on a cut segment keep each other company: one region per cut segment for them.
        for (Scenario.Source s : sc.sources()) {
            String key = "source:" + s.name();
            uf.add(key);
            uf.union(key, cut.contains(s.segment()) ? "sources-on:" + s.segment() : "segment:" + s.segment());
        }
        // Region numbers in order of first appearance: segments, then routers, then sources.
        Map<String, Integer> regionOfRoot = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (Scenario.Segment s : sc.segments()) if (!cut.contains(s.name())) order.add("segment:" + s.name());
        for (Scenario.Router r : sc.routers()) order.add("router:" + r.name());
        for (Scenario.Source s : sc.sources()) order.add("source:" + s.name());
        for (String k : order) regionOfRoot.putIfAbsent(uf.find(k), regionOfRoot.size());
        int n = regionOfRoot.size();
        if (n < 2) return whole(sc);

        List<List<Scenario.Segment>> rSegs = lists(n);
        List<List<Scenario.Router>> rRouters = lists(n);
        List<List<Scenario.Host>> rHosts = lists(n);
        List<List<Scenario.Source>> rSources = lists(n);
        List<List<Scenario.Event>> rEvents = lists(n);
        Map<String, Integer> regionOfNode = new HashMap<>();
        Map<String, List<Integer>> holders = new HashMap<>();
        for (Scenario.Segment s : sc.segments()) holders.put(s.name(), new ArrayList<>());
        for (Scenario.Segment s : sc.segments())
            if (!cut.contains(s.name())) holders.get(s.name()).add(regionOfRoot.get(uf.find("segment:" + s.name())));
        for (Scenario.Router r : sc.routers()) {
            int k = regionOfRoot.get(uf.find("router:" + r.name()));
            regionOfNode.put(r.name(), k);
            rRouters.get(k).add(r);
            for (Scenario.Interface i : r.interfaces()) addOnce(holders.get(i.segment()), k);
        }
        for (Scenario.Source s : sc.sources()) {
            int k = regionOfRoot.get(uf.find("source:" + s.name()));
            regionOfNode.put(s.name(), k);
            rSources.get(k).add(s);
            addOnce(holders.get(s.segment()), k);
        }
        for (Scenario.Host h : sc.hosts()) {
            Integer k = regionOfRoot.get(uf.find("segment:" + h.segment()));
            regionOfNode.put(h.name(), k);
            rHosts.get(k).add(h);
        }
        for (Scenario.Segment s : sc.segments()) {
            List<Integer> hs = holders.get(s.name());
            if (hs.isEmpty()) hs.add(0); // a segment nothing is attached to still exists somewhere
            for (int k : hs) rSegs.get(k).add(s);
        }
        for (Scenario.Event ev : sc.events()) {
            String node = switch (ev.action()) {
                case Scenario.Action.Join j -> j.host();
                case Scenario.Action.Leave l -> l.host();
                case Scenario.Action.Switch sw -> sw.host();
                case Scenario.Action.SourceStart s -> s.source();
                case Scenario.Action.SourceStop s -> s.source();
                case Scenario.Action.Link l -> l.node();
                case Scenario.Action.Crash c -> c.router();
                case Scenario.Action.Restart r -> r.router();
                case Scenario.Action.Configure c -> c.node();
            };
            if (node == null && ev.action() instanceof Scenario.Action.Link l && holders.containsKey(l.segment())) {
                for (int k : holders.get(l.segment())) rEvents.get(k).add(ev); // a whole segment: every replica
            } else {
                // an unknown name goes to the first region, which reports it as the unpartitioned run would
                rEvents.get(node == null ? 0 : regionOfNode.getOrDefault(node, 0)).add(ev);
            }
        }
        List<Scenario> regions = new ArrayList<>(n);
        for (int k = 0; k < n; k++)
            regions.add(new Scenario(sc.name(), regionSeed(sc.seed(), k), sc.durationUs(), rSegs.get(k), rRouters.get(k),
                    rHosts.get(k), rSources.get(k), rEvents.get(k), sc.startEpochUs()));
        return new Partition(List.copyOf(regions), List.copyOf(cut), lookahead);
    }

    /** Each region draws from its own generator, derived from the scenario's seed and the region's number. */
    static long regionSeed(long seed, int region) {
        long z = seed + 0x9E3779B97F4A7C15L * (region + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void addOnce(List<Integer> l, int k) {
        if (!l.contains(k)) l.add(k);
    }

    private static <T> List<List<T>> lists(int n) {
        List<List<T>> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(new ArrayList<>());
        return l;
    }

    private static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        void add(String k) {
            parent.putIfAbsent(k, k);
        }

        String find(String k) {
            add(k);
            String root = k;
            while (!parent.get(root).equals(root)) root = parent.get(root);
            while (!k.equals(root)) { // path compression
                String next = parent.get(k);
                parent.put(k, root);
                k = next;
            }
            return root;
        }

        void union(String a, String b) {
            String ra = find(a), rb = find(b);
            if (!ra.equals(rb)) parent.put(rb, ra);
        }
    }
}
