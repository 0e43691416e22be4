package net.igmp.linux.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.igmp.core.router.GroupState;
import net.igmp.core.router.InterfaceState;
import net.igmp.core.router.ProxyEvent;
import net.igmp.core.router.RouterState;
import net.igmp.core.router.SourceState;
import net.igmp.linux.mroute.MfcTable;
import net.igmp.wire.Ipv4;

/**
 * Answers control-socket requests with JSON documents built from the engines' operator views, the VIFs and the
 * MFC. Runs on the daemon thread. {@code igmp show} turns these into tables; {@code --json} prints them as they are.
 */
final class StatusViews {
    /** The topics {@code igmp show} knows. */
    static final List<String> TOPICS = List.of("interfaces", "groups", "sources", "routes", "stats");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterDaemon d;

    StatusViews(RouterDaemon d) {
        this.d = d;
    }

    String answer(String line, long now) {
        String topic = line.strip();
        if (topic.startsWith("show ")) topic = topic.substring(5).strip();
        Object doc = switch (topic) {
            case "interfaces" -> interfaces(now);
            case "groups" -> groups(now);
            case "sources" -> sources(now);
            case "routes" -> routes(now);
            case "stats" -> stats(now);
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
        for (String name : d.interfacesInOrder()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            boolean upstream = name.equals(d.config().upstream());
            m.put("role", upstream ? "upstream" : d.config().proxy() ? "downstream" : "router");
            RouterDaemon.Vif v = d.vifs().get(name);
            m.put("state", v != null ? "up" : "waiting");
            if (v == null) m.put("reason", d.waiting().getOrDefault(name, "not seen yet"));
            else {
                m.put("ifindex", v.ifindex());
                m.put("vif", v.vif());
                m.put("address", Ipv4.format(v.address()));
                m.put("uptimeMs", now - v.since());
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
                m.put("groups", d.host().groups(RouterDaemon.UPSTREAM).size());
            }
            list.add(m);
        }
        return Map.of("interfaces", list);
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

    private static List<String> addresses(int[] a) {
        List<String> out = new ArrayList<>(a.length);
        for (int x : a) out.add(Ipv4.format(x));
        return out;
    }
}
