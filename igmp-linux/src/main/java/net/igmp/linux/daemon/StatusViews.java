package net.igmp.linux.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.igmp.core.host.HostStats;
import net.igmp.core.router.GroupState;
import net.igmp.core.router.InterfaceState;
import net.igmp.core.router.MessageCounter;
import net.igmp.core.router.ProxyEvent;
import net.igmp.core.router.RouterState;
import net.igmp.core.router.SourceState;
import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.metrics.MetricsText;
import net.igmp.linux.metrics.MetricsText.Type;
import net.igmp.linux.mroute.MfcTable;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MessageType;

/**
 * Answers control-socket requests with JSON documents built from the engines' operator views, the VIFs and the
 * MFC. Runs on the daemon thread. {@code igmp show} turns these into tables; {@code --json} prints them as they are.
 */
final class StatusViews {
    /** The topics {@code igmp show} knows. */
    static final List<String> TOPICS = List.of("interfaces", "groups", "sources", "routes", "stats", "metrics", "querier");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterDaemon d;

    StatusViews(RouterDaemon d) {
        this.d = d;
    }

    String answer(String line, long now) {
        String topic = line.strip();
        if (topic.startsWith("show ")) topic = topic.substring(5).strip();
        if (topic.equals("metrics")) return metrics(now); // Prometheus text, not JSON
        Object doc = switch (topic) {
            case "interfaces" -> interfaces(now);
            case "groups" -> groups(now);
            case "sources" -> sources(now);
            case "routes" -> routes(now);
            case "stats" -> stats(now);
            case "querier" -> querier(now);
            default -> throw new IllegalArgumentException("unknown request '" + line.strip() + "'; ask for one of " + String.join(", ", TOPICS));
        };
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> interfaces(long now) {
        List<Object> list = new ArrayList<>();
        RouterState rs = d.engine().state(now, false);
        Map<String, InterfaceState> byName = new LinkedHashMap<>();
        for (InterfaceState i : rs.interfaces()) byName.put(i.name(), i);
        Map<String, DataPlane.Traffic> traffic = d.dataPlane().interfaceCounters();
        for (String name : d.interfacesInOrder()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            boolean upstream = name.equals(d.config().upstream());
            m.put("role", upstream ? "upstream" : d.config().proxy() ? "downstream" : "router");
            RouterDaemon.Vif v = d.vifs().get(name);
            m.put("state", v != null ? "up" : "pending");
            if (v == null) m.put("reason", d.waiting().getOrDefault(name, "not seen yet"));
            else {
                m.put("ifindex", v.ifindex());
                m.put("vif", v.vif());
                m.put("address", Ipv4.format(v.address()));
                m.put("uptimeMs", now - v.since());
                DataPlane.Traffic t = traffic.get(name);
                if (t != null) {
                    m.put("packetsIn", t.packetsIn());
                    m.put("bytesIn", t.bytesIn());
                    m.put("packetsOut", t.packetsOut());
                    m.put("bytesOut", t.bytesOut());
                }
            }
            InterfaceState i = byName.get(name);
            if (i != null) {
                m.put("querier", i.querier());
                m.put("querierAddress", i.querierAddress());
                m.put("version", i.version());
                m.put("configuredVersion", i.configuredVersion());
                m.put("robustness", i.robustness());
                m.put("queryIntervalMs", i.queryIntervalMs());
                m.put("generalQueryInMs", i.generalQueryInMs());
                m.put("otherQuerierPresentInMs", i.otherQuerierPresentInMs());
                m.put("groups", i.groupCount());
                m.put("trackedHosts", i.trackedHosts());
            } else if (upstream && d.host() != null && d.host().hasInterface(RouterDaemon.UPSTREAM)) {
                m.put("version", d.host().compatibilityMode(RouterDaemon.UPSTREAM));
                m.put("groups", d.host().reportableGroupCount(RouterDaemon.UPSTREAM));
            }
            list.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataPlane", d.dataPlane().name());
        doc.put("interfaces", list);
        return doc;
    }

    /** Per router interface: who the querier is, since when, its timers, whether it is us, and the queries ignored. */
    private Map<String, Object> querier(long now) {
        List<Object> list = new ArrayList<>();
        for (InterfaceState i : d.engine().state(now, false).interfaces()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", i.name());
            m.put("querierAddress", i.querierAddress());
            m.put("us", i.querier());
            m.put("sinceMs", i.querierSinceMs());
            m.put("neverQuerier", i.neverQuerier());
            m.put("version", i.version());
            m.put("robustness", i.robustness());
            m.put("queryIntervalMs", i.queryIntervalMs());
            m.put("generalQueryInMs", i.generalQueryInMs());
            m.put("otherQuerierPresentInMs", i.otherQuerierPresentInMs());
            m.put("untrustedQueries", i.drops().getOrDefault("UNTRUSTED_QUERIER", 0L));
            list.add(m);
        }
        return Map.of("querier", list);
    }

    private Map<String, Object> groups(long now) {
        List<Object> list = new ArrayList<>();
        for (InterfaceState i : d.engine().state(now, true).interfaces()) {
            for (GroupState g : i.groups()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("interface", i.name());
                m.put("group", g.group());
                m.put("mode", g.filterMode().name());
                m.put("version", g.compatibilityMode());
                List<String> sources = new ArrayList<>();
                for (SourceState s : g.sources()) sources.add(s.source());
                m.put("sources", sources);
                m.put("timerMs", g.groupTimerMs());
                m.put("uptimeMs", g.uptimeMs());
                m.put("reporters", g.reporters());
                if (g.staticMembership() != null) m.put("static", g.staticMembership());
                list.add(m);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("groups", list);
        if (d.config().proxy()) {
            List<Object> up = new ArrayList<>();
            for (ProxyEvent pe : d.engine().proxyMembership()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("interface", d.config().upstream());
                m.put("group", Ipv4.format(pe.group()));
                m.put("mode", pe.mode().name());
                m.put("sources", addresses(pe.sources().toArray()));
                up.add(m);
            }
            doc.put("upstream", up);
        }
        return doc;
    }

    private Map<String, Object> sources(long now) {
        List<Object> list = new ArrayList<>();
        for (InterfaceState i : d.engine().state(now, true).interfaces())
            for (GroupState g : i.groups())
                for (SourceState s : g.sources()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("interface", i.name());
                    m.put("group", g.group());
                    m.put("source", s.source());
                    m.put("timerMs", s.timerMs());
                    m.put("forwarded", s.forwarded());
                    list.add(m);
                }
        return Map.of("sources", list);
    }

    private Map<String, Object> routes(long now) {
        List<Object> list = new ArrayList<>();
        for (MfcTable.Entry e : d.mfc().entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", Ipv4.format(e.source()));
            m.put("group", Ipv4.format(e.group()));
            m.put("inbound", e.inbound());
            m.put("outbound", e.outbound());
            m.put("uptimeMs", now - e.installedAtMs());
            m.put("packets", e.packets());
            list.add(m);
        }
        list.sort((a, b) -> key(a).compareTo(key(b)));
        return Map.of("routes", list);
    }

    @SuppressWarnings("unchecked")
    private static String key(Object route) {
        Map<String, Object> m = (Map<String, Object>) route;
        return m.get("group") + " " + m.get("source");
    }

    private Map<String, Object> stats(long now) {
        RouterState rs = d.engine().state(now, false);
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Long> daemon = new LinkedHashMap<>();
        for (var e : d.counters().entrySet()) daemon.put(e.getKey().name().toLowerCase(), e.getValue());
        daemon.put("mfc_entries", (long) d.mfc().size());
        doc.put("daemon", daemon);
        doc.put("dataPlane", d.dataPlane().name());
        if (!d.dataPlane().counters().isEmpty()) doc.put("dataPlaneCounters", d.dataPlane().counters());
        List<Object> ifs = new ArrayList<>();
        for (InterfaceState i : rs.interfaces()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", i.name());
            m.put("counters", i.counters());
            m.put("drops", i.drops());
            ifs.add(m);
        }
        doc.put("interfaces", ifs);
        doc.put("drops", rs.drops());
        Map<String, Long> parse = new LinkedHashMap<>(rs.parseErrors());
        d.parseErrors().forEach((k, v) -> parse.merge(k, v, Long::sum));
        doc.put("parseErrors", parse);
        if (d.host() != null) doc.put("upstreamHost", d.host().stats());
        doc.put("uptimeMs", now);
        return doc;
    }

    /**
     * The counters and gauges in the Prometheus text exposition format. Message and record types are labelled in
     * the message vocabulary of the wire ({@code type="v3-report"}, {@code type="query",version="3"},
     * {@code type="TO_EX"}, {@code kind="group-specific"}); drops the daemon counts before an interface is known
     * have interface="".
     */
    String metrics(long now) {
        MetricsText m = new MetricsText();
        m.family("igmp_messages_received_total", Type.COUNTER, "IGMP messages received, by interface, type and version.");
        m.family("igmp_records_received_total", Type.COUNTER, "Group records of v3 reports received, by interface and record type.");
        m.family("igmp_messages_sent_total", Type.COUNTER, "IGMP messages sent, by interface and type (queries also by kind).");
        m.family("igmp_older_version_queries_total", Type.COUNTER, "Queries of an older version than the router's, by interface.");
        m.family("igmp_drops_total", Type.COUNTER, "Input dropped, by interface and reason.");
        m.family("igmp_groups", Type.GAUGE, "Groups with listeners on the interface (upstream in proxy mode: groups reported).");
        m.family("igmp_sources", Type.GAUGE, "Source records kept for the groups of the interface.");
        m.family("igmp_querier", Type.GAUGE, "1 if this router is the querier on the interface, else 0.");
        m.family("igmp_querier_elections_total", Type.COUNTER, "Times this router became the querier on the interface.");
        m.family("igmp_fast_leaves_total", Type.COUNTER, "Times the last tracked host left and forwarding stopped at once.");
        m.family("igmp_interface_up", Type.GAUGE, "1 if the interface is in multicast routing (has a VIF), 0 while it is pending.");
        m.family("igmp_mfc_entries", Type.GAUGE, "(S,G) forwarding entries installed in the data plane (the kernel MFC, or the user plane's table).");
        m.family("igmp_mfc_changes_total", Type.COUNTER, "(S,G) forwarding entries added, moved to another inbound interface, or expired.");
        m.family("igmp_upcalls_total", Type.COUNTER, "Upcalls for data without a matching (S,G) entry (NOCACHE) or from another interface (WRONGVIF), by type.");
        m.family("igmp_errors_total", Type.COUNTER, "Send failures, kernel refusals and internal errors (each is logged).");
        m.family("igmp_data_plane", Type.GAUGE, "1 for the data plane in use (kernel: the kernel's multicast routing; user: the daemon's own).");
        m.family("igmp_multicast_packets_total", Type.COUNTER, "Multicast datagrams forwarded, by interface and direction (in: arrived to be forwarded, out: copies sent).");
        m.family("igmp_data_plane_packets_total", Type.COUNTER, "The user data plane's frames, by event (rx_frames, forwarded, tx_frames, nocache).");
        m.family("igmp_uptime_seconds", Type.GAUGE, "Seconds since the router started.");
        m.family("process_start_time_seconds", Type.GAUGE, "Start time of the process since the Unix epoch in seconds.");

        for (String name : d.interfacesInOrder()) m.sample("igmp_interface_up", d.vifs().containsKey(name) ? 1 : 0, "interface", name);
        RouterState rs = d.engine().state(now, false);
        for (InterfaceState i : rs.interfaces()) {
            counterSamples(m, i);
            for (var e : i.drops().entrySet())
                m.sample("igmp_drops_total", e.getValue(), "interface", i.name(), "reason", e.getKey().toLowerCase());
            m.sample("igmp_groups", i.groupCount(), "interface", i.name());
            m.sample("igmp_sources", d.engine().sourceCount(i.name()), "interface", i.name());
            m.sample("igmp_querier", i.querier() ? 1 : 0, "interface", i.name());
        }
        String up = d.config().upstream();
        if (d.host() != null && d.host().hasInterface(RouterDaemon.UPSTREAM)) {
            // Upstream the proxy is a host: its messages are queries in and reports out, never a querier.
            HostStats h = d.host().stats();
            for (MessageType t : MessageType.values()) {
                m.sample("igmp_messages_received_total", d.host().received(t), "interface", up, "type", t.label());
                if (t != MessageType.QUERY) m.sample("igmp_messages_sent_total", d.host().sent(t), "interface", up, "type", t.label());
            }
            m.sample("igmp_drops_total", h.ignored(), "interface", up, "reason", "ignored");
            m.sample("igmp_groups", d.host().reportableGroupCount(RouterDaemon.UPSTREAM), "interface", up);
            m.sample("igmp_querier", 0, "interface", up);
        }
        for (var e : rs.drops().entrySet()) m.sample("igmp_drops_total", e.getValue(), "interface", "", "reason", e.getKey().toLowerCase());
        Map<RouterDaemon.Counter, Long> c = d.counters();
        for (RouterDaemon.Counter k : RouterDaemon.Counter.values()) {
            String n = k.name().toLowerCase();
            if (n.startsWith("drop_")) m.sample("igmp_drops_total", c.get(k), "interface", "", "reason", n.substring(5));
        }
        m.sample("igmp_data_plane", 1, "plane", d.dataPlane().name());
        for (var e : d.dataPlane().interfaceCounters().entrySet()) {
            m.sample("igmp_multicast_packets_total", e.getValue().packetsIn(), "interface", e.getKey(), "direction", "in");
            m.sample("igmp_multicast_packets_total", e.getValue().packetsOut(), "interface", e.getKey(), "direction", "out");
        }
        for (var e : d.dataPlane().counters().entrySet()) {
            if (e.getKey().startsWith("drop_")) m.sample("igmp_drops_total", e.getValue(), "interface", "", "reason", e.getKey().substring(5));
            else if (!e.getKey().equals("tx_errors")) m.sample("igmp_data_plane_packets_total", e.getValue(), "event", e.getKey());
        }
        m.sample("igmp_mfc_entries", d.mfc().size());
        m.sample("igmp_mfc_changes_total", c.get(RouterDaemon.Counter.MFC_ADDED), "change", "added");
        m.sample("igmp_mfc_changes_total", c.get(RouterDaemon.Counter.MFC_MOVED), "change", "moved");
        m.sample("igmp_mfc_changes_total", c.get(RouterDaemon.Counter.MFC_EXPIRED), "change", "expired");
        m.sample("igmp_upcalls_total", c.get(RouterDaemon.Counter.UPCALL_NOCACHE), "type", "nocache");
        m.sample("igmp_upcalls_total", c.get(RouterDaemon.Counter.UPCALL_WRONGVIF), "type", "wrongvif");
        m.sample("igmp_upcalls_total", c.get(RouterDaemon.Counter.UPCALL_OTHER), "type", "other");
        m.sample("igmp_errors_total", c.get(RouterDaemon.Counter.TX_ERRORS) + d.dataPlane().counters().getOrDefault("tx_errors", 0L), "kind", "send");
        m.sample("igmp_errors_total", c.get(RouterDaemon.Counter.KERNEL_ERRORS), "kind", "kernel");
        m.sample("igmp_errors_total", c.get(RouterDaemon.Counter.INTERNAL_ERRORS), "kind", "internal");
        m.sample("igmp_uptime_seconds", now / 1000.0);
        ProcessHandle.current().info().startInstant()
                .ifPresent(t -> m.sample("process_start_time_seconds", t.toEpochMilli() / 1000.0));
        return m.render();
    }

    /** The engine's counters of one interface as samples, labelled by {@link MessageCounter}'s vocabulary. */
    static void counterSamples(MetricsText m, InterfaceState i) {
        for (MessageCounter c : MessageCounter.values()) {
            long n = i.counters().get(c.label());
            if (c.recordType() != null) m.sample("igmp_records_received_total", n, "interface", i.name(), "type", c.recordType().shortName());
            else if (c.sent()) m.sample("igmp_messages_sent_total", n, "interface", i.name(), "type", c.messageType().label(), "kind", c.queryKind().label());
            else if (c.messageType() != null)
                m.sample("igmp_messages_received_total", n, "interface", i.name(), "type", c.messageType().label(), "version", String.valueOf(c.version()));
            else switch (c) {
                case RX_OLDER_VERSION_QUERY -> m.sample("igmp_older_version_queries_total", n, "interface", i.name());
                case QUERIER_ELECTED -> m.sample("igmp_querier_elections_total", n, "interface", i.name());
                case FAST_LEAVE -> m.sample("igmp_fast_leaves_total", n, "interface", i.name());
                default -> throw new IllegalStateException("a counter without a metric: " + c);
            }
        }
    }

    private static List<String> addresses(int[] a) {
        List<String> out = new ArrayList<>(a.length);
        for (int x : a) out.add(Ipv4.format(x));
        return out;
    }
}
