package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.core.host.HostConfig;
import net.igmp.core.host.HostEngine;
import net.igmp.core.router.DropReason;
import net.igmp.core.router.ForwardingEvent;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.RouterSetting;
import net.igmp.core.router.InterfaceState;
import net.igmp.core.router.ProxyEvent;
import net.igmp.core.router.RouterEngine;
import net.igmp.core.util.IntMap;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.MessageDescription;
import net.igmp.wire.SourceList;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The real engines behind the simulator's node interfaces: {@link HostEngine} for hosts, {@link RouterEngine} for
 * routers, and for an RFC 4605 proxy a {@link RouterEngine} on the downstream interfaces plus a {@link HostEngine}
 * on the upstream one, which reports the router engine's merged membership. These adapters translate names and
 * units only; every protocol decision is the engines'.
 */
public final class EngineAdapters implements Engines {
    private static final EngineAdapters REAL = new EngineAdapters();

    private EngineAdapters() {}

    /** The engines of igmp-core. */
    public static Engines real() {
        return REAL;
    }

    @Override
    public HostProtocol host(Scenario.Host host, RandomGenerator random, long nowMs) {
        return new Host(host, random);
    }

    @Override
    public RouterProtocol router(Scenario.Router router, RandomGenerator random, long nowMs) {
        return new Router(router, random, nowMs);
    }

    // ------------------------------------------------------------------ settings

    static HostConfig hostConfig(HostConfig base, Map<String, String> settings) {
        HostConfig c = base;
        for (var e : settings.entrySet()) c = hostSetting(c, e.getKey(), e.getValue());
        return c;
    }

    /** Host configurations in use, so that hosts configured alike share one record (a run may have a million hosts). */
    private static final java.util.concurrent.ConcurrentHashMap<HostConfig, HostConfig> SHARED_HOST_CONFIGS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SHARED_HOST_CONFIGS = 1024;

    /** An equal configuration already in use, else {@code c}. */
    static HostConfig shared(HostConfig c) {
        if (c == HostConfig.defaults()) return c; // the usual case, shared already
        HostConfig s = SHARED_HOST_CONFIGS.get(c);
        if (s != null) return s;
        if (SHARED_HOST_CONFIGS.size() >= MAX_SHARED_HOST_CONFIGS) return c; // odd runs with many distinct settings
        s = SHARED_HOST_CONFIGS.putIfAbsent(c, c);
        return s == null ? c : s;
    }

    static HostConfig hostSetting(HostConfig c, String key, String value) {
        return switch (key) {
            case "version" -> c.withMaxVersion(Integer.parseInt(value));
            case "robustness" -> c.withRobustness(Integer.parseInt(value));
            case "unsolicitedReportInterval" -> c.withUnsolicitedReportIntervalMs(Durations.parseMillis(value));
            default -> throw new IllegalArgumentException("no host setting '" + key + "' (known: " + ScenarioLoader.HOST_SETTINGS + ")");
        };
    }

    static InterfaceConfig routerConfig(Map<String, String> settings) {
        InterfaceConfig.Builder b = InterfaceConfig.DEFAULTS.toBuilder();
        for (var e : settings.entrySet()) routerSetting(b, e.getKey(), e.getValue());
        return b.build();
    }

    static void routerSetting(InterfaceConfig.Builder b, String key, String v) {
        RouterSetting s = RouterSetting.named(key);
        if (s == null) throw new IllegalArgumentException("no router setting '" + key + "' (known: " + ScenarioLoader.ROUTER_SETTINGS + ")");
        if (s.routerSide()) s.apply(b, s.parse(v)); // the rest is for a proxy's upstream host side; see Router
    }

    // ------------------------------------------------------------------ host

    static final class Host implements HostProtocol {
        private static final int IFACE = 0;
        private final Scenario.Host spec;
        private final RandomGenerator random;
        private HostEngine engine;
        /**
         * What the sockets asked for, in the order they first asked, to re-apply when a setting change rebuilds the
         * engine: groups, and for each its filter mode and sources. A host usually has one: that one in fields, the
         * others (from index 1) in flat arrays made when needed.
         */
        private int group0;
        private FilterMode mode0;
        private SourceList sources0;
        private int[] moreGroups;
        private Object[] moreFilters; // FilterMode, SourceList, FilterMode, SourceList, ...
        private int socketCount;
        private HostConfig config;

        Host(Scenario.Host spec, RandomGenerator random) {
            this.spec = spec;
            this.random = random;
            this.config = shared(hostConfig(HostConfig.defaults().withMaxVersion(spec.version()), spec.settings()));
            this.engine = new HostEngine(config, random);
            engine.addInterface(IFACE, spec.address());
        }

        private int groupAt(int k) {
            return k == 0 ? group0 : moreGroups[k - 1];
        }

        private FilterMode modeAt(int k) {
            return k == 0 ? mode0 : (FilterMode) moreFilters[2 * (k - 1)];
        }

        private SourceList sourcesAt(int k) {
            return k == 0 ? sources0 : (SourceList) moreFilters[2 * (k - 1) + 1];
        }

        private void set(int k, int group, FilterMode mode, SourceList s) {
            if (k == 0) {
                group0 = group;
                mode0 = mode;
                sources0 = s;
                return;
            }
            if (moreGroups == null || k > moreGroups.length) {
                int n = moreGroups == null ? 2 : 2 * moreGroups.length;
                moreGroups = moreGroups == null ? new int[n] : Arrays.copyOf(moreGroups, n);
                moreFilters = moreFilters == null ? new Object[2 * n] : Arrays.copyOf(moreFilters, 2 * n);
            }
            moreGroups[k - 1] = group;
            moreFilters[2 * (k - 1)] = mode;
            moreFilters[2 * (k - 1) + 1] = s;
        }

        private void remember(int group, FilterMode mode, SourceList s) {
            int k = 0;
            while (k < socketCount && groupAt(k) != group) k++;
            if (mode == FilterMode.INCLUDE && s.isEmpty()) { // forgotten; the others keep their order
                if (k == socketCount) return;
                for (int j = k; j < socketCount - 1; j++) set(j, groupAt(j + 1), modeAt(j + 1), sourcesAt(j + 1));
                socketCount--;
                set(socketCount, 0, null, null);
                return;
            }
            if (k == socketCount) socketCount++;
            set(k, group, mode, s);
        }

        @Override
        public void listen(long nowMs, int group, FilterMode mode, int[] sources) {
            SourceList s = SourceList.of(sources);
            remember(group, mode, s);
            engine.listen(nowMs, HostEngine.DEFAULT_SOCKET, IFACE, group, mode, s);
        }

        @Override
        public void switchGroup(long nowMs, int oldGroup, int newGroup, FilterMode mode, int[] sources) {
            SourceList s = SourceList.of(sources);
            remember(oldGroup, FilterMode.INCLUDE, SourceList.EMPTY);
            remember(newGroup, mode, s);
            engine.switchGroup(nowMs, IFACE, oldGroup, newGroup, mode, s);
        }

        @Override
        public void receive(long nowMs, int source, int destination, IgmpMessage message) {
            engine.handle(nowMs, IFACE, source, destination, message);
        }

        @Override
        public Transmit pollTransmit() {
            net.igmp.core.host.Transmit t = engine.pollTransmit();
            return t == null ? null : new Transmit(0, t.destination(), t.message());
        }

        @Override
        public long nextDeadlineMs() {
            return engine.nextDeadline();
        }

        @Override
        public void handleTimeout(long nowMs) {
            engine.handleTimeout(nowMs);
        }

        /**
         * The host engine takes its configuration at construction, so a change restarts the host's IGMP stack with
         * the new setting and the sockets' current wishes, as re-enabling an interface would.
         */
        @Override
        public void configure(long nowMs, String key, String value) {
            config = shared(hostSetting(config, key, value));
            engine = new HostEngine(config, random);
            engine.addInterface(IFACE, spec.address());
            for (int k = 0; k < socketCount; k++) engine.listen(nowMs, HostEngine.DEFAULT_SOCKET, IFACE, groupAt(k), modeAt(k), sourcesAt(k));
        }
    }

    // ------------------------------------------------------------------ router and proxy

    static final class Router implements RouterProtocol {
        private final Scenario.Router spec;
        private final RouterEngine engine;
        private final String[] names;
        private final Map<String, Integer> indexByName = new HashMap<>();
        private final InterfaceConfig[] configs;
        private final Map<String, String>[] settings;
        /** Forwarding decisions by group, then interface, as the engine's events gave them. */
        private final IntMap<ForwardingEvent[]> forwarding = new IntMap<>(64);
        /** The last group {@link #forwards} looked up: a datagram asks once per interface. */
        private int lastGroup;
        private ForwardingEvent[] lastForwarding;
        private final ArrayDeque<RouterNote> notes = new ArrayDeque<>();
        /** SSM-range input already told in the story: "ifIndex group source reason". */
        private final java.util.Set<String> ssmTold = new java.util.HashSet<>();
        private final boolean[] querier, up;
        private final int[] querierAddress;
        private final int upstream;
        /** The proxy's host side on its upstream interface (RFC 4605 section 4.1), null in router mode. */
        private HostEngine upstreamHost;
        private HostConfig upstreamConfig;
        private final RandomGenerator random;
        private long lastNow;
        /** Interfaces whose querier state may have changed: one that heard or sent a query, or was (re)configured. */
        private final boolean[] querierDirty;
        private boolean anyQuerierDirty = true;

        @SuppressWarnings("unchecked")
        Router(Scenario.Router spec, RandomGenerator random, long nowMs) {
            this.spec = spec;
            this.random = random;
            int n = spec.interfaces().size();
            names = new String[n];
            configs = new InterfaceConfig[n];
            settings = new Map[n];
            querier = new boolean[n];
            up = new boolean[n];
            querierAddress = new int[n];
            querierDirty = new boolean[n];
            upstream = spec.proxy() ? spec.upstreamIndex() : -1;
            engine = new RouterEngine(spec.proxy());
            lastNow = nowMs;
            for (int i = 0; i < n; i++) {
                Scenario.Interface itf = spec.interfaces().get(i);
                names[i] = itf.segment();
                indexByName.put(names[i], i);
                Map<String, String> s = new LinkedHashMap<>(spec.settings());
                s.putAll(itf.settings());
                settings[i] = s;
                configs[i] = routerConfig(s);
            }
            if (upstream >= 0) {
                upstreamConfig = hostConfig(HostConfig.defaults(), hostKeys(settings[upstream]));
                upstreamHost = new HostEngine(upstreamConfig, random);
            }
            for (int i = 0; i < n; i++) interfaceUp(nowMs, i);
        }

        private static Map<String, String> hostKeys(Map<String, String> s) {
            Map<String, String> h = new LinkedHashMap<>();
            for (String k : new String[]{"version", "robustness", "unsolicitedReportInterval"}) if (s.containsKey(k)) h.put(k, s.get(k));
            return h;
        }

        @Override
        public void receive(long nowMs, int ifIndex, int source, int destination, IgmpMessage message) {
            lastNow = nowMs;
            if (!up[ifIndex]) return;
            if (ifIndex == upstream) {
                upstreamHost.handle(nowMs, ifIndex, source, destination, message);
                return;
            }
            long[] ssmDrops = touchesSsm(ifIndex, message) ? ssmDrops(nowMs, ifIndex) : null;
            engine.handle(nowMs, names[ifIndex], source, destination, message);
            if (ssmDrops != null) tellSsmDrops(nowMs, ifIndex, source, message, ssmDrops);
            if (message instanceof MembershipQuery) markQuerierDirty(ifIndex); // 6.6.2: a lower address takes over
            collect();
        }

        /** Whether a report or leave names a group in the interface's SSM range (RFC 4604), which may ignore it. */
        private boolean touchesSsm(int ifIndex, IgmpMessage m) {
            var range = configs[ifIndex].ssmRange();
            return switch (m) {
                case V1MembershipReport r -> range.contains(r.group());
                case V2MembershipReport r -> range.contains(r.group());
                case LeaveGroup l -> range.contains(l.group());
                case V3MembershipReport r -> {
                    for (GroupRecord g : r.records()) if (range.contains(g.group())) yield true;
                    yield false;
                }
                default -> false;
            };
        }

        private long[] ssmDrops(long nowMs, int ifIndex) {
            Map<String, Long> d = engine.interfaceState(nowMs, names[ifIndex], false).drops();
            return new long[]{d.getOrDefault(DropReason.SSM_OLD_VERSION.name(), 0L), d.getOrDefault(DropReason.SSM_EXCLUDE_MODE.name(), 0L)};
        }

        /** What the engine ignored for being in the SSM range becomes a story line, once per host, group and reason. */
        private void tellSsmDrops(long nowMs, int ifIndex, int source, IgmpMessage m, long[] before) {
            long[] after = ssmDrops(nowMs, ifIndex);
            for (int reason = 0; reason < 2; reason++) {
                if (after[reason] == before[reason]) continue;
                boolean old = reason == 0;
                var range = configs[ifIndex].ssmRange();
                for (int group : groupsOf(m)) {
                    if (!range.contains(group) || !ssmTold.add(ifIndex + " " + group + " " + source + " " + reason)) continue;
                    notes.add(new RouterNote.Info(ifIndex, old
                            ? "ignores IGMPv" + (m instanceof V1MembershipReport ? 1 : 2) + " from " + Ipv4.format(source) + " for " + Ipv4.format(group)
                              + ": in the SSM range only IGMPv3 with sources counts (RFC 4604 section 2.2.1)"
                            : "ignores " + Ipv4.format(source) + "'s EXCLUDE record for " + Ipv4.format(group)
                              + ": in the SSM range only INCLUDE records count (RFC 4604 section 2.2.2)"));
                }
            }
        }

        private static int[] groupsOf(IgmpMessage m) {
            return switch (m) {
                case V1MembershipReport r -> new int[]{r.group()};
                case V2MembershipReport r -> new int[]{r.group()};
                case LeaveGroup l -> new int[]{l.group()};
                case V3MembershipReport r -> r.records().stream().mapToInt(GroupRecord::group).toArray();
                default -> new int[0];
            };
        }

        @Override
        public Transmit pollTransmit() {
            net.igmp.core.router.Transmit t = engine.pollTransmit();
            if (t != null) {
                int i = indexByName.get(t.interfaceName());
                // A router that becomes querier sends a General Query (6.6.2): look at its state then.
                if (t.message() instanceof MembershipQuery q && q.isGeneral() && !querier[i]) markQuerierDirty(i);
                return new Transmit(i, t.destination(), t.message());
            }
            if (upstreamHost != null) {
                net.igmp.core.host.Transmit h = upstreamHost.pollTransmit();
                if (h != null) return new Transmit(upstream, h.destination(), h.message());
            }
            return null;
        }

        @Override
        public RouterNote pollNote() {
            collect();
            return notes.poll();
        }

        /** Turns the engine's events into forwarding state and story notes; feeds the proxy's upstream host side. */
        private void collect() {
            for (ForwardingEvent e; (e = engine.pollEvent()) != null; ) {
                int i = indexByName.get(e.interfaceName());
                ForwardingEvent[] byIf = forwarding.get(e.group());
                if (e.isNoListeners()) {
                    if (byIf != null) {
                        byIf[i] = null;
                        boolean any = false;
                        for (ForwardingEvent x : byIf) any |= x != null;
                        if (!any) forwarding.remove(e.group());
                    }
                } else {
                    if (byIf == null) forwarding.put(e.group(), byIf = new ForwardingEvent[names.length]);
                    byIf[i] = e;
                }
                lastForwarding = null;
                notes.add(new RouterNote.Membership(i, e.group(), e.isNoListeners() ? FilterMode.INCLUDE : e.mode(),
                        e.isNoListeners() ? SourceList.EMPTY : e.sources()));
            }
            for (ProxyEvent p; (p = engine.pollProxyEvent()) != null; ) {
                if (upstreamHost != null && up[upstream] && upstreamHost.hasInterface(upstream))
                    upstreamHost.listen(lastNow, HostEngine.DEFAULT_SOCKET, upstream, p.group(), p.mode(), p.sources());
                notes.add(new RouterNote.Info(upstream, "upstream membership " + Ipv4.format(p.group()) + " "
                        + (p.mode() == FilterMode.INCLUDE && p.sources().isEmpty() ? "none" : p.mode() + " " + MessageDescription.set(p.sources()))));
            }
            if (anyQuerierDirty) {
                anyQuerierDirty = false;
                for (int i = 0; i < names.length; i++) {
                    if (!querierDirty[i]) continue;
                    querierDirty[i] = false;
                    if (!up[i] || i == upstream) continue;
                    InterfaceState s = engine.interfaceState(lastNow, names[i], false);
                    int addr = s.querierAddress() == null ? 0 : Ipv4.parse(s.querierAddress());
                    if (s.querier() != querier[i] || addr != querierAddress[i]) {
                        querier[i] = s.querier();
                        querierAddress[i] = addr;
                        notes.add(new RouterNote.Querier(i, addr, s.querier()));
                    }
                }
            }
        }

        private void markQuerierDirty(int i) {
            querierDirty[i] = true;
            anyQuerierDirty = true;
        }

        @Override
        public long nextDeadlineMs() {
            long d = engine.nextDeadline();
            return upstreamHost == null ? d : Math.min(d, upstreamHost.nextDeadline());
        }

        @Override
        public long quietUntilMs(int ifIndex) {
            if (upstreamHost != null) return Long.MIN_VALUE; // a proxy reports upstream whenever its LANs change
            return up[ifIndex] ? engine.quietUntil(names[ifIndex]) : Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long nowMs) {
            lastNow = nowMs;
            engine.handleTimeout(nowMs);
            if (upstreamHost != null) upstreamHost.handleTimeout(nowMs);
            collect();
        }

        @Override
        public boolean forwards(int arrivalIf, int ifIndex, int group, int source) {
            if (upstream >= 0) {
                // RFC 4605 section 4.2: datagrams from downstream go upstream; any datagram goes to downstream
                // interfaces with members, never back upstream from upstream.
                if (ifIndex == upstream) return arrivalIf != upstream;
            }
            ForwardingEvent[] byIf = lastForwarding;
            if (byIf == null || lastGroup != group) {
                byIf = forwarding.get(group);
                if (byIf == null) return false;
                lastGroup = group;
                lastForwarding = byIf;
            }
            ForwardingEvent e = byIf[ifIndex];
            return e != null && e.forwards(source);
        }

        @Override
        public long groupMembershipIntervalMs(int ifIndex) {
            InterfaceConfig c = configs[ifIndex];
            int rv = c.robustness();
            long qi = c.queryIntervalMs();
            if (up[ifIndex] && ifIndex != upstream) {
                InterfaceState s = engine.interfaceState(lastNow, names[ifIndex], false);
                rv = Math.max(rv, s.robustness());
                qi = Math.max(qi, s.queryIntervalMs());
            }
            return c.groupMembershipInterval(rv, qi);
        }

        @Override
        public void interfaceDown(long nowMs, int ifIndex) {
            lastNow = nowMs;
            if (!up[ifIndex]) return;
            up[ifIndex] = false;
            if (ifIndex == upstream) upstreamHost.removeInterface(ifIndex);
            else engine.removeInterface(nowMs, names[ifIndex]);
            querier[ifIndex] = false;
            querierAddress[ifIndex] = 0;
            collect();
        }

        @Override
        public void interfaceUp(long nowMs, int ifIndex) {
            lastNow = nowMs;
            if (up[ifIndex]) return;
            up[ifIndex] = true;
            Scenario.Interface itf = spec.interfaces().get(ifIndex);
            if (ifIndex == upstream) {
                upstreamHost.addInterface(ifIndex, itf.address());
                for (ProxyEvent p : engine.proxyMembership())
                    upstreamHost.listen(nowMs, HostEngine.DEFAULT_SOCKET, ifIndex, p.group(), p.mode(), p.sources());
            } else {
                engine.addInterface(nowMs, names[ifIndex], itf.address(), configs[ifIndex]);
                markQuerierDirty(ifIndex);
            }
            collect();
        }

        @Override
        public void configure(long nowMs, int ifIndex, String key, String value) {
            lastNow = nowMs;
            for (int i = 0; i < names.length; i++) {
                if (ifIndex >= 0 && i != ifIndex) continue;
                settings[i].put(key, value);
                if (i == upstream) {
                    if (hostKeys(Map.of(key, value)).isEmpty()) continue;
                    upstreamConfig = hostSetting(upstreamConfig, key, value);
                    HostEngine h = new HostEngine(upstreamConfig, random);
                    if (up[i]) {
                        h.addInterface(i, spec.interfaces().get(i).address());
                        for (ProxyEvent p : engine.proxyMembership()) h.listen(nowMs, HostEngine.DEFAULT_SOCKET, i, p.group(), p.mode(), p.sources());
                    }
                    upstreamHost = h;
                    continue;
                }
                configs[i] = routerConfig(settings[i]);
                if (up[i]) engine.updateConfig(nowMs, names[i], configs[i]);
                markQuerierDirty(i);
            }
            collect();
        }
    }
}
