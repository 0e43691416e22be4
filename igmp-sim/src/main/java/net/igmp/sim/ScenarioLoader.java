package net.igmp.sim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import net.igmp.core.FilterMode;
import net.igmp.core.router.RouterSetting;
import net.igmp.wire.Ipv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads scenario files (YAML). The YAML is read as a stream of tokens so that every value keeps its line, and
 * every error names it: {@code scenario.yaml:12: unknown key 'segmnt' (did you mean 'segment'?)}.
 */
public final class ScenarioLoader {

    /** Router-engine settings a router or one of its interfaces may carry: the names of {@link RouterSetting}. */
    public static final Set<String> ROUTER_SETTINGS = Set.copyOf(RouterSetting.keys());
    /** Host-engine settings. */
    public static final Set<String> HOST_SETTINGS = Set.of("version", "robustness", "unsolicitedReportInterval");

    private static final Set<String> TOP = Set.of("name", "description", "seed", "duration", "start", "segments", "routers", "hosts", "sources", "events");
    private static final Set<String> SEGMENT = Set.of("name", "latency", "loss", "duplicate", "reorder", "reorderDelay");
    private static final Set<String> ROUTER = Set.of("name", "mode", "upstream", "interfaces", "settings");
    private static final Set<String> INTERFACE = Set.of("segment", "address");
    private static final Set<String> HOST = Set.of("name", "segment", "address", "version", "settings");
    /** A range of hosts: {@code count} hosts named {@code name} plus a number from {@code first}, addresses counting up. */
    private static final Set<String> HOST_RANGE = Set.of("count", "first");
    private static final Set<String> SOURCE = Set.of("name", "segment", "address", "group", "groups", "rate", "start", "stop");
    private static final Set<String> EVENT = Set.of("at", "host", "router", "source", "segment", "interface", "join", "sources",
            "exclude", "leave", "switch", "start", "stop", "crash", "restart", "down", "up", "set");
    /** What an event does: exactly one of these per event. */
    private static final List<String> EVENT_ACTIONS = List.of("join", "leave", "switch", "start", "stop", "crash", "restart", "down", "up", "set");

    private final String fileName;

    private ScenarioLoader(String fileName) {
        this.fileName = fileName;
    }

    public static Scenario load(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        String text;
        try {
            text = text(raw);
        } catch (ScenarioException e) {
            throw e.inFile(name);
        }
        return parse(text, name);
    }

    /** The octets as UTF-8 text; a binary file (a capture, an archive) is refused at the first octet text cannot hold. */
    public static String text(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F)
                throw new ScenarioException(0, String.format("not a text scenario file: control character 0x%02x at offset %d", c, i));
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(raw);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(raw.length);
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        if (decoder.decode(in, out, true).isError())
            throw new ScenarioException(0, String.format("not a text scenario file: octet 0x%02x at offset %d is not UTF-8", raw[in.position()] & 0xFF, in.position()));
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Parses scenario text; errors read "{@code fileName}:line: what is wrong". */
    public static Scenario parse(String yaml, String fileName) {
        ScenarioLoader l = new ScenarioLoader(fileName);
        try {
            return l.scenario(l.tree(yaml));
        } catch (ScenarioException e) {
            throw e.inFile(fileName);
        }
    }

    // ------------------------------------------------------------------ a YAML tree that keeps lines

    /** A YAML node with its line; other file formats of the project read their YAML through {@link #tree(String)}. */
    public sealed interface Node permits MapNode, ListNode, Scalar {
        int line();
    }

    public record MapNode(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {}

    public record ListNode(List<Node> items, int line) implements Node {}

    /** A scalar; {@code text} null for YAML null. */
    public record Scalar(String text, int line) implements Node {}

    /** The YAML text as a tree whose every node keeps its line; malformed YAML is a {@link ScenarioException} naming the line. */
    public static Node tree(String yaml) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new ScenarioException(1, "empty scenario");
            Node n = read(p);
            return n;
        } catch (JsonProcessingException e) {
            // The YAML parser's own mark points at the problem; Jackson's location at the token before it.
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null)
                throw new ScenarioException(m.getProblemMark().getLine() + 1, "not valid YAML: " + m.getProblem());
            JsonLocation loc = e.getLocation();
            throw new ScenarioException(loc == null ? 0 : loc.getLineNr(), "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static Node read(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> m = new LinkedHashMap<>();
                Map<String, Integer> lines = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    int kl = line(p);
                    if (m.containsKey(k)) throw new ScenarioException(kl, "key '" + k + "' appears twice");
                    p.nextToken();
                    m.put(k, read(p));
                    lines.put(k, kl);
                }
                return new MapNode(m, lines, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(read(p));
                return new ListNode(items, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> {
                return new Scalar(p.getText(), line);
            }
        }
    }

    // ------------------------------------------------------------------ validation helpers

    private MapNode map(Node n, String what) {
        if (n instanceof MapNode m) return m;
        throw new ScenarioException(n.line(), what + " must be a mapping of keys to values");
    }

    private List<Node> list(Node n, String what) {
        if (n == null) return List.of();
        if (n instanceof ListNode l) return l.items();
        throw new ScenarioException(n.line(), what + " must be a list");
    }

    private void keys(MapNode m, Set<String> allowed, Set<String> extra) {
        for (var e : m.keyLines().entrySet()) {
            String k = e.getKey();
            if (allowed.contains(k) || extra.contains(k)) continue;
            Set<String> all = new HashSet<>(allowed);
            all.addAll(extra);
            String near = nearest(k, all);
            throw new ScenarioException(e.getValue(), "unknown key '" + k + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
    }

    /** The option nearest to {@code k} within two edits, for "did you mean", or null. */
    public static String nearest(String k, Set<String> options) {
        String best = null;
        int bestD = 3;
        for (String o : options.stream().sorted().toList()) {
            int d = distance(k.toLowerCase(), o.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = o;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private int lineOf(MapNode m, String key) {
        return m.keyLines().getOrDefault(key, m.line());
    }

    private String text(MapNode m, String key, boolean required) {
        Node n = m.entries().get(key);
        if (n == null) {
            if (required) throw new ScenarioException(m.line(), "missing key '" + key + "'");
            return null;
        }
        if (!(n instanceof Scalar s) || s.text() == null) throw new ScenarioException(lineOf(m, key), "'" + key + "' must be a single value");
        return s.text();
    }

    private long micros(MapNode m, String key, long dflt) {
        String t = text(m, key, false);
        if (t == null) return dflt;
        try {
            return Durations.parseMicros(t);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(lineOf(m, key), "'" + key + "': " + e.getMessage());
        }
    }

    private double number(MapNode m, String key, double dflt, double min, double max) {
        String t = text(m, key, false);
        if (t == null) return dflt;
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new ScenarioException(lineOf(m, key), "'" + key + "' must be a number, not '" + t + "'");
        }
        if (!(v >= min && v <= max)) throw new ScenarioException(lineOf(m, key), "'" + key + "' must be between " + fmt(min) + " and " + fmt(max) + ", not " + t);
        return v;
    }

    private long whole(MapNode m, String key, long dflt, long min, long max) {
        double v = number(m, key, dflt, min, max);
        if (v != Math.rint(v)) throw new ScenarioException(lineOf(m, key), "'" + key + "' must be a whole number, not " + text(m, key, true));
        return (long) v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private int ipv4(String t, int line, String key) {
        try {
            return Ipv4.parse(t);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(line, "'" + key + "': " + e.getMessage());
        }
    }

    private int group(MapNode m, String key) {
        return group(text(m, key, true), lineOf(m, key), key);
    }

    private int group(String t, int line, String key) {
        int g = ipv4(t, line, key);
        if (!Ipv4.isMulticast(g)) throw new ScenarioException(line, "'" + key + "': " + t + " is not a multicast group (224.0.0.0/4)");
        if (Ipv4.isLinkLocalMulticast(g)) throw new ScenarioException(line, "'" + key + "': " + t + " is link-local (224.0.0.0/24): never reported or forwarded");
        return g;
    }

    /** "10.1.1.1/24" or "10.1.1.1": address and prefix length (24 when left out). */
    private int[] prefixed(MapNode m, String key) {
        String t = text(m, key, true);
        int line = lineOf(m, key);
        int slash = t.indexOf('/');
        int prefix = 24;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32) throw new ScenarioException(line, "'" + key + "': bad prefix length in '" + t + "'");
            t = t.substring(0, slash);
        }
        int a = ipv4(t, line, key);
        if (Ipv4.isMulticast(a)) throw new ScenarioException(line, "'" + key + "': " + t + " is a multicast address; a node needs a unicast one");
        return new int[]{a, prefix};
    }

    private boolean flag(MapNode m, String key) {
        String t = text(m, key, true);
        return switch (t) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ScenarioException(lineOf(m, key), "'" + key + "' must be true or false");
        };
    }

    private Map<String, String> settings(MapNode m, Set<String> fixed, Set<String> allowed, String what) {
        Map<String, String> s = new LinkedHashMap<>();
        for (var e : m.entries().entrySet()) {
            if (fixed.contains(e.getKey())) continue;
            if (!allowed.contains(e.getKey())) continue;
            s.put(e.getKey(), settingValue(m, e.getKey(), e.getValue(), what));
        }
        Node nested = m.entries().get("settings");
        if (nested != null) {
            MapNode sm = map(nested, "'settings'");
            keys(sm, allowed, Set.of());
            for (var e : sm.entries().entrySet()) s.put(e.getKey(), settingValue(sm, e.getKey(), e.getValue(), what));
        }
        return s;
    }

    /** A setting's value as text (a list joined by commas), checked against its kind in {@link RouterSetting}. */
    private String settingValue(MapNode m, String key, Node v, String what) {
        RouterSetting rs = RouterSetting.named(key);
        String t;
        if (v instanceof ListNode l && rs != null && rs.kind().list()) {
            List<String> items = new ArrayList<>();
            for (Node i : l.items()) {
                if (!(i instanceof Scalar sc) || sc.text() == null) throw new ScenarioException(i.line(), "'" + key + "' entries must be single values");
                items.add(sc.text());
            }
            t = String.join(", ", items);
        } else if (v instanceof Scalar sc && sc.text() != null) {
            t = sc.text();
        } else {
            throw new ScenarioException(lineOf(m, key), what + " setting '" + key + "' must be " + (rs == null ? "a single value" : rs.kind().what()));
        }
        try {
            if (rs != null) rs.parse(t);
            else if (key.equals("version")) RouterSetting.VERSION.parse(t);
            else if (key.endsWith("Interval")) Durations.parseMicros(t);
            else if (!t.matches("[0-9]+")) throw new IllegalArgumentException("must be a whole number, not '" + t + "'");
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(lineOf(m, key), "'" + key + "' " + (e.getMessage().startsWith("must") ? "" : ": ") + e.getMessage());
        }
        return t;
    }

    // ------------------------------------------------------------------ the scenario

    private Scenario scenario(Node root) {
        MapNode top = map(root, "a scenario");
        keys(top, TOP, Set.of());
        String name = text(top, "name", false);
        if (name == null) name = fileName.replaceAll("\\.ya?ml$", "");
        long seed = 1;
        String seedText = text(top, "seed", false);
        if (seedText != null) {
            try {
                seed = Long.parseLong(seedText);
            } catch (NumberFormatException e) {
                throw new ScenarioException(lineOf(top, "seed"), "'seed' must be a whole number");
            }
        }
        long duration = micros(top, "duration", 60_000_000L);
        if (duration <= 0) throw new ScenarioException(lineOf(top, "duration"), "'duration' must be positive");
        long startEpochUs = startTime(top);

        List<Scenario.Segment> segments = new ArrayList<>();
        Set<String> segNames = new HashSet<>();
        for (Node n : list(top.entries().get("segments"), "'segments'")) {
            MapNode m = map(n, "a segment");
            keys(m, SEGMENT, Set.of());
            String sn = text(m, "name", true);
            if (!segNames.add(sn)) throw new ScenarioException(m.line(), "a second segment named '" + sn + "'");
            long latency = micros(m, "latency", Scenario.Segment.DEFAULT_LATENCY_US);
            if (latency < 1) throw new ScenarioException(lineOf(m, "latency"), "'latency' must be at least 1us");
            segments.add(new Scenario.Segment(sn, latency, number(m, "loss", 0, 0, 1), number(m, "duplicate", 0, 0, 1),
                    number(m, "reorder", 0, 0, 1), micros(m, "reorderDelay", 1000), m.line()));
        }
        if (segments.isEmpty()) throw new ScenarioException(top.line(), "a scenario needs at least one segment under 'segments'");

        Set<String> nodeNames = new HashSet<>();
        List<Scenario.Router> routers = new ArrayList<>();
        for (Node n : list(top.entries().get("routers"), "'routers'")) {
            MapNode m = map(n, "a router");
            keys(m, ROUTER, ROUTER_SETTINGS);
            String rn = nodeName(m, nodeNames);
            String mode = text(m, "mode", false);
            if (mode == null) mode = "router";
            if (!mode.equals("router") && !mode.equals("proxy")) throw new ScenarioException(lineOf(m, "mode"), "'mode' must be router or proxy");
            List<Scenario.Interface> itfs = new ArrayList<>();
            Set<String> onSegs = new HashSet<>();
            for (Node in : list(m.entries().get("interfaces"), "'interfaces'")) {
                MapNode im = map(in, "an interface");
                keys(im, INTERFACE, ROUTER_SETTINGS);
                String seg = segmentRef(im, "segment", segNames);
                if (!onSegs.add(seg)) throw new ScenarioException(im.line(), "router '" + rn + "' has two interfaces on segment '" + seg + "'");
                int[] a = prefixed(im, "address");
                itfs.add(new Scenario.Interface(seg, a[0], a[1], settings(im, INTERFACE, ROUTER_SETTINGS, "router"), im.line()));
            }
            if (itfs.isEmpty()) throw new ScenarioException(m.line(), "router '" + rn + "' needs at least one interface");
            String upstream = text(m, "upstream", false);
            if (mode.equals("proxy")) {
                if (upstream == null) throw new ScenarioException(m.line(), "proxy '" + rn + "' needs 'upstream': the segment of its upstream interface");
                if (!onSegs.contains(upstream)) throw new ScenarioException(lineOf(m, "upstream"), "proxy '" + rn + "' has no interface on upstream segment '" + upstream + "'");
            } else if (upstream != null) {
                throw new ScenarioException(lineOf(m, "upstream"), "'upstream' is for mode: proxy");
            }
            routers.add(new Scenario.Router(rn, mode, upstream, itfs, settings(m, ROUTER, ROUTER_SETTINGS, "router"), m.line()));
        }

        List<Scenario.Host> hosts = new ArrayList<>();
        Node hostsNode = top.entries().get("hosts");
        // A single range may stand for the whole list: hosts: {count: 60, name: h, segment: lan1, address: 10.1.1.10/24}
        List<Node> hostNodes = hostsNode instanceof MapNode ? List.of(hostsNode) : list(hostsNode, "'hosts'");
        for (Node n : hostNodes) {
            MapNode m = map(n, "a host");
            if (m.entries().containsKey("count")) {
                hostRange(m, nodeNames, segNames, hosts);
                continue;
            }
            keys(m, HOST, HOST_SETTINGS);
            String hn = nodeName(m, nodeNames);
            String seg = segmentRef(m, "segment", segNames);
            int[] a = prefixed(m, "address");
            Map<String, String> st = settings(m, Set.of("name", "segment", "address"), HOST_SETTINGS, "host");
            int version = Integer.parseInt(st.getOrDefault("version", "3"));
            hosts.add(new Scenario.Host(hn, seg, a[0], a[1], version, st, m.line()));
        }

        List<Scenario.Source> sources = new ArrayList<>();
        for (Node n : list(top.entries().get("sources"), "'sources'")) {
            MapNode m = map(n, "a source");
            keys(m, SOURCE, Set.of());
            String sn = nodeName(m, nodeNames);
            String seg = segmentRef(m, "segment", segNames);
            int[] a = prefixed(m, "address");
            List<Integer> groups = new ArrayList<>();
            if (m.entries().containsKey("group")) groups.add(group(m, "group"));
            for (Node g : list(m.entries().get("groups"), "'groups'")) groups.add(groupScalar(g, "groups"));
            if (groups.isEmpty()) throw new ScenarioException(m.line(), "source '" + sn + "' needs 'group' or 'groups'");
            double rate = number(m, "rate", 10, 0.001, 1_000_000);
            long start = micros(m, "start", 0);
            long stop = micros(m, "stop", -1);
            sources.add(new Scenario.Source(sn, seg, a[0], a[1], groups, rate, start, stop, m.line()));
        }

        Map<String, String> kinds = new LinkedHashMap<>();
        routers.forEach(r -> kinds.put(r.name(), "router"));
        hosts.forEach(h -> kinds.put(h.name(), "host"));
        sources.forEach(s -> kinds.put(s.name(), "source"));
        AddressPlan.check(routers, hosts, sources);
        for (Scenario.Source src : sources)
            for (long t : new long[]{src.startUs(), src.stopUs()})
                if (t >= duration) throw afterEnd(src.line(), t, duration, lineOf(top, "duration"));
        List<Scenario.Event> events = new ArrayList<>();
        for (Node n : list(top.entries().get("events"), "'events'")) {
            Scenario.Event ev = event(map(n, "an event"), kinds, segNames, routers);
            if (ev.atUs() >= duration) throw afterEnd(lineOf((MapNode) n, "at"), ev.atUs(), duration, lineOf(top, "duration"));
            events.add(ev);
        }
        return new Scenario(name, seed, duration, segments, routers, hosts, sources, events, startEpochUs);
    }

    private static ScenarioException afterEnd(int line, long atUs, long durationUs, int durationLine) {
        return new ScenarioException(line, Durations.format(atUs) + " is not before the end of the run ('duration: " + Durations.format(durationUs)
                + "'" + (durationLine > 0 ? ", line " + durationLine : "") + "): it would never happen");
    }

    /** {@code start: 2026-01-01T00:00:00Z} (or a date alone): the wall-clock moment of virtual time 0. */
    private long startTime(MapNode top) {
        String t = text(top, "start", false);
        if (t == null) return Scenario.DEFAULT_START_EPOCH_US;
        try {
            java.time.Instant i = t.length() == 10 ? java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(t).toInstant();
            return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1000;
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new ScenarioException(lineOf(top, "start"), "'start' must be a date and time such as 2026-01-01T00:00:00Z, not '" + t + "'");
        }
    }

    /**
     * {@code {count: 60, name: h, segment: lan1, address: 10.1.1.10/24}}: hosts h1 to h60 (numbered from
     * {@code first}, default 1) at 10.1.1.10 to 10.1.1.69, with the range's other settings each.
     */
    private void hostRange(MapNode m, Set<String> nodeNames, Set<String> segNames, List<Scenario.Host> hosts) {
        keys(m, HOST, union(HOST_SETTINGS, HOST_RANGE));
        long count = whole(m, "count", 0, 1, 1_000_000);
        long first = whole(m, "first", 1, 0, 1_000_000_000);
        String prefixName = text(m, "name", true);
        String seg = segmentRef(m, "segment", segNames);
        int[] a = prefixed(m, "address");
        Map<String, String> st = settings(m, Set.of("name", "segment", "address", "count", "first"), HOST_SETTINGS, "host");
        int version = Integer.parseInt(st.getOrDefault("version", "3"));
        long mask = a[1] == 0 ? 0 : 0xFFFFFFFFL << (32 - a[1]) & 0xFFFFFFFFL;
        long base = a[0] & 0xFFFFFFFFL;
        long last = base + count - 1;
        long broadcast = (base & mask) | (~mask & 0xFFFFFFFFL);
        if (last > broadcast || (a[1] <= 30 && last == broadcast))
            throw new ScenarioException(lineOf(m, "count"), count + " hosts from " + Ipv4.format(a[0]) + " run past " + Ipv4.format((int) (base & mask))
                    + "/" + a[1] + " (the last would be " + Ipv4.format((int) last) + ")");
        for (long k = 0; k < count; k++) {
            String hn = prefixName + (first + k);
            if (!nodeNames.add(hn)) throw new ScenarioException(m.line(), "this range names a host '" + hn + "', a name already taken");
            hosts.add(new Scenario.Host(hn, seg, (int) (base + k), a[1], version, st, m.line()));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private int groupScalar(Node g, String key) {
        if (!(g instanceof Scalar s) || s.text() == null) throw new ScenarioException(g.line(), "'" + key + "' entries must be addresses");
        return group(s.text(), s.line(), key);
    }

    private int[] addressList(MapNode m, String key) {
        List<Node> ns = list(m.entries().get(key), "'" + key + "'");
        int[] a = new int[ns.size()];
        for (int i = 0; i < a.length; i++) {
            Node x = ns.get(i);
            if (!(x instanceof Scalar s) || s.text() == null) throw new ScenarioException(x.line(), "'" + key + "' entries must be addresses");
            a[i] = ipv4(s.text(), s.line(), key);
        }
        return a;
    }

    private String nodeName(MapNode m, Set<String> names) {
        String n = text(m, "name", true);
        if (!names.add(n)) throw new ScenarioException(lineOf(m, "name"), "a second node named '" + n + "'");
        return n;
    }

    private String segmentRef(MapNode m, String key, Set<String> segNames) {
        String s = text(m, key, true);
        if (!segNames.contains(s)) {
            String near = nearest(s, segNames);
            throw new ScenarioException(lineOf(m, key), "no segment named '" + s + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
        return s;
    }

    private String ref(MapNode m, String key, String kind, Map<String, String> kinds) {
        String n = text(m, key, true);
        String k = kinds.get(n);
        if (k == null) {
            Set<String> same = new HashSet<>();
            kinds.forEach((name, kk) -> { if (kk.equals(kind)) same.add(name); });
            String near = nearest(n, same);
            throw new ScenarioException(lineOf(m, key), "no " + kind + " named '" + n + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
        if (!k.equals(kind)) throw new ScenarioException(lineOf(m, key), "'" + n + "' is a " + k + ", not a " + kind);
        return n;
    }

    private Scenario.Event event(MapNode m, Map<String, String> kinds, Set<String> segNames, List<Scenario.Router> routers) {
        keys(m, EVENT, Set.of());
        long at = micros(m, "at", -1);
        if (at < 0) throw new ScenarioException(m.line(), "an event needs 'at' (a time such as 1s)");
        Map<String, Node> e = m.entries();
        String does = null;
        for (String k : EVENT_ACTIONS) {
            if (!e.containsKey(k)) continue;
            if (does != null)
                throw new ScenarioException(lineOf(m, k), "one event does one thing: '" + does + "' and '" + k + "' together; write two events");
            does = k;
        }
        for (String k : List.of("sources", "exclude"))
            if (e.containsKey(k) && !"join".equals(does)) throw new ScenarioException(lineOf(m, k), "'" + k + "' goes with 'join'");
        Scenario.Action action;
        if (e.containsKey("host") && !e.containsKey("down") && !e.containsKey("up") && !e.containsKey("set")) {
            String h = ref(m, "host", "host", kinds);
            if (e.containsKey("join")) {
                int g = group(m, "join");
                if (e.containsKey("sources") && e.containsKey("exclude"))
                    throw new ScenarioException(lineOf(m, "exclude"), "'sources' (INCLUDE) and 'exclude' (EXCLUDE) do not go together");
                if (e.containsKey("sources")) {
                    int[] s = addressList(m, "sources");
                    if (s.length == 0) throw new ScenarioException(lineOf(m, "sources"), "'sources' is empty: an INCLUDE join needs at least one source");
                    action = new Scenario.Action.Join(h, g, FilterMode.INCLUDE, s);
                } else {
                    action = new Scenario.Action.Join(h, g, FilterMode.EXCLUDE, e.containsKey("exclude") ? addressList(m, "exclude") : new int[0]);
                }
            } else if (e.containsKey("leave")) {
                action = new Scenario.Action.Leave(h, group(m, "leave"));
            } else if (e.containsKey("switch")) {
                MapNode sw = map(e.get("switch"), "'switch'");
                keys(sw, Set.of("from", "to"), Set.of());
                int from = group(sw, "from"), to = group(sw, "to");
                if (from == to) throw new ScenarioException(lineOf(sw, "to"), "'switch' goes from and to the same group " + Ipv4.format(from));
                action = new Scenario.Action.Switch(h, from, to);
            } else {
                throw new ScenarioException(m.line(), "a host event needs 'join', 'leave', 'switch', 'down', 'up' or 'set'");
            }
        } else if (e.containsKey("source")) {
            String s = ref(m, "source", "source", kinds);
            if (e.containsKey("start") && flag(m, "start")) action = new Scenario.Action.SourceStart(s);
            else if (e.containsKey("stop") && flag(m, "stop")) action = new Scenario.Action.SourceStop(s);
            else throw new ScenarioException(m.line(), "a source event needs 'start: true' or 'stop: true'");
        } else if (e.containsKey("down") || e.containsKey("up")) {
            boolean up = e.containsKey("up") && flag(m, "up");
            if (!up && !(e.containsKey("down") && flag(m, "down"))) throw new ScenarioException(m.line(), "write 'down: true' or 'up: true'");
            String seg = e.containsKey("interface") ? segmentRef(m, "interface", segNames) : e.containsKey("segment") ? segmentRef(m, "segment", segNames) : null;
            String node = e.containsKey("router") ? ref(m, "router", "router", kinds) : e.containsKey("host") ? ref(m, "host", "host", kinds) : null;
            if (node == null && seg == null) throw new ScenarioException(m.line(), "a link event names a router (and 'interface'), a host, or a segment");
            if (node != null && e.containsKey("router") && seg != null) requireInterface(routers, node, seg, lineOf(m, e.containsKey("interface") ? "interface" : "segment"));
            action = new Scenario.Action.Link(node, seg, up);
        } else if (e.containsKey("set")) {
            MapNode sm = map(e.get("set"), "'set'");
            String node;
            Set<String> allowed;
            if (e.containsKey("router")) {
                node = ref(m, "router", "router", kinds);
                allowed = ROUTER_SETTINGS;
            } else if (e.containsKey("host")) {
                node = ref(m, "host", "host", kinds);
                allowed = HOST_SETTINGS;
            } else {
                throw new ScenarioException(m.line(), "'set' needs a 'router' or a 'host'");
            }
            keys(sm, allowed, Set.of());
            Map<String, String> st = new LinkedHashMap<>();
            for (var x : sm.entries().entrySet()) st.put(x.getKey(), settingValue(sm, x.getKey(), x.getValue(), "a"));
            String seg = e.containsKey("interface") ? segmentRef(m, "interface", segNames) : null;
            if (seg != null) requireInterface(routers, node, seg, lineOf(m, "interface"));
            action = new Scenario.Action.Configure(node, seg, st);
        } else if (e.containsKey("router")) {
            String r = ref(m, "router", "router", kinds);
            if (e.containsKey("crash") && flag(m, "crash")) action = new Scenario.Action.Crash(r);
            else if (e.containsKey("restart") && flag(m, "restart")) action = new Scenario.Action.Restart(r);
            else throw new ScenarioException(m.line(), "a router event needs 'crash: true', 'restart: true', 'down'/'up' or 'set'");
        } else {
            throw new ScenarioException(m.line(), "an event needs a 'host', 'router', 'source' or 'segment'");
        }
        return new Scenario.Event(at, action, m.line());
    }

    private static void requireInterface(List<Scenario.Router> routers, String router, String seg, int line) {
        for (Scenario.Router r : routers)
            if (r.name().equals(router) && r.interfaces().stream().noneMatch(i -> i.segment().equals(seg)))
                throw new ScenarioException(line, "router '" + router + "' has no interface on segment '" + seg + "'");
    }
}
