package net.igmp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import net.igmp.core.host.HostConfig;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.InvalidSettingException;
import net.igmp.core.router.RouterSetting;
import net.igmp.core.time.Durations;
import net.igmp.linux.daemon.DaemonConfig;
import net.igmp.sim.ScenarioException;
import net.igmp.sim.ScenarioLoader;
import net.igmp.sim.ScenarioLoader.ListNode;
import net.igmp.sim.ScenarioLoader.MapNode;
import net.igmp.sim.ScenarioLoader.Node;
import net.igmp.sim.ScenarioLoader.Scalar;

/**
 * The router's config file ({@code /etc/igmp/router.yaml}): the mode, the interfaces with their settings (the names
 * of {@link RouterSetting}, as a scenario file's router interfaces write them), settings for every interface, and the
 * daemon's own. Reading it reports every error with its line, not just the first.
 *
 * @param mode      {@code router} or {@code proxy}
 * @param upstream  proxy mode: the upstream interface's name
 * @param settings  settings of every interface, unless the interface sets its own
 * @param control   the control socket path, {@code none} for none, or null for the default
 * @param metrics   ADDR:PORT of the Prometheus endpoint, or null for none
 * @param logLevel  error, warn, info or debug, or null for the default
 * @param dataPlane auto, kernel or user, or null for the default
 * @param routeIdle milliseconds after which an idle forwarding entry is removed, or null for the default
 */
record RouterConfig(String mode, String upstream, List<Interface> interfaces, Map<RouterSetting, Object> settings,
                    String control, String metrics, String logLevel, String dataPlane, Long routeIdle) {

    /**
     * One interface.
     *
     * @param name     an interface name, or a pattern: {@code eth+} (every name starting with eth) or a glob {@code eth*}
     * @param disabled listed but not used (igmpproxy's {@code disabled})
     * @param settings its own settings
     */
    record Interface(String name, boolean disabled, Map<RouterSetting, Object> settings) {
        Interface {
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    static final Set<String> MODES = Set.of("router", "proxy");
    static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug");
    static final Set<String> DATA_PLANES = Set.of("auto", "kernel", "user");
    private static final List<String> GLOBAL = List.of("mode", "upstream", "interfaces", "settings", "control", "metrics",
            "logLevel", "dataPlane", "routeIdle");
    private static final List<String> INTERFACE = List.of("name", "disabled", "settings");

    RouterConfig {
        interfaces = List.copyOf(interfaces);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Every error of a config file, each "file:line: what is wrong". */
    static final class Invalid extends RuntimeException {
        final List<String> errors;

        Invalid(List<String> errors) {
            super(errors.getFirst() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; 'igmp config check' lists them)" : ""),
                    null, false, false);
            this.errors = List.copyOf(errors);
        }
    }

    static RouterConfig load(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /** Reads config text; {@link Invalid} lists every error. */
    static RouterConfig parse(String text, String fileName) {
        Reader r = new Reader();
        RouterConfig c = null;
        try {
            if (text.isBlank()) throw new ScenarioException(1, "empty config file: it needs at least 'interfaces'");
            ScenarioLoader.text(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            c = r.config(ScenarioLoader.tree(text));
        } catch (ScenarioException e) {
            r.errors.add(e);
        }
        if (!r.errors.isEmpty()) {
            r.errors.sort(java.util.Comparator.comparingInt(ScenarioException::line));
            throw new Invalid(r.errors.stream().map(e -> e.inFile(fileName).getMessage()).toList());
        }
        return c;
    }

    /** Reads the YAML tree, collecting errors instead of stopping at the first. */
    private static final class Reader {
        final List<ScenarioException> errors = new ArrayList<>();

        RouterConfig config(Node root) {
            if (!(root instanceof MapNode top)) throw new ScenarioException(root.line(), "a config file is a mapping of keys to values");
            Map<RouterSetting, Object> common = new LinkedHashMap<>();
            Map<RouterSetting, Integer> commonLines = new LinkedHashMap<>();
            for (var e : top.entries().entrySet()) {
                String k = e.getKey();
                int line = top.keyLines().get(k);
                if (GLOBAL.contains(k)) continue;
                setting(k, e.getValue(), line, common, commonLines, GLOBAL);
            }
            if (top.entries().get("settings") != null) settingsMap(top.entries().get("settings"), common, commonLines);
            String mode = oneOf(top, "mode", MODES, "router");
            String upstream = scalar(top, "upstream");
            String control = scalar(top, "control");
            String metrics = scalar(top, "metrics");
            if (metrics != null) attempt(top, "metrics", () -> RouterCommand.parseAddress(metrics));
            String logLevel = oneOf(top, "logLevel", LOG_LEVELS, null);
            String dataPlane = oneOf(top, "dataPlane", DATA_PLANES, null);
            Long routeIdle = null;
            String ri = scalar(top, "routeIdle");
            if (ri != null) {
                try {
                    routeIdle = Durations.parseMillis(ri);
                    if (routeIdle < 1000) throw new IllegalArgumentException("must be at least 1s, got " + ri);
                } catch (IllegalArgumentException ex) {
                    error(top, "routeIdle", ex);
                }
            }
            List<Interface> itfs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Node list = top.entries().get("interfaces");
            if (list == null) throw new ScenarioException(top.line(), "missing key 'interfaces': the interfaces to run on");
            if (!(list instanceof ListNode l)) throw new ScenarioException(list.line(), "'interfaces' must be a list");
            for (Node n : l.items()) {
                Interface i = iface(n, common, commonLines);
                if (i == null) continue;
                if (!names.add(i.name())) errors.add(new ScenarioException(n.line(), "interface '" + i.name() + "' is listed twice"));
                itfs.add(i);
            }
            if (mode.equals("proxy")) {
                if (upstream == null) errors.add(new ScenarioException(top.line(), "mode proxy needs 'upstream': the name of the upstream interface"));
                else if (!names.contains(upstream)) {
                    String near = ScenarioLoader.nearest(upstream, names);
                    errors.add(new ScenarioException(top.keyLines().get("upstream"), "'upstream': no interface named '" + upstream + "' under 'interfaces'"
                            + (near == null ? "" : " (did you mean '" + near + "'?)")));
                }
            } else if (upstream != null) {
                errors.add(new ScenarioException(top.keyLines().get("upstream"), "'upstream' is for mode: proxy"));
            }
            return new RouterConfig(mode, upstream, itfs, common, control, metrics, logLevel, dataPlane, routeIdle);
        }

        private Interface iface(Node n, Map<RouterSetting, Object> common, Map<RouterSetting, Integer> commonLines) {
            if (!(n instanceof MapNode m)) {
                errors.add(new ScenarioException(n.line(), "an interface is a mapping such as {name: eth0, version: 2}"));
                return null;
            }
            String name = scalar(m, "name");
            if (name == null) {
                errors.add(new ScenarioException(m.line(), "an interface needs 'name'"));
                return null;
            }
            if (name.isEmpty() || name.length() > 15 || name.contains("/") || name.contains(" "))
                errors.add(new ScenarioException(m.keyLines().get("name"), "not an interface name: '" + name + "' (1 to 15 characters, no '/' or spaces)"));
            Map<RouterSetting, Object> own = new LinkedHashMap<>();
            Map<RouterSetting, Integer> lines = new LinkedHashMap<>();
            for (var e : m.entries().entrySet()) {
                if (INTERFACE.contains(e.getKey())) continue;
                setting(e.getKey(), e.getValue(), m.keyLines().get(e.getKey()), own, lines, INTERFACE);
            }
            if (m.entries().get("settings") != null) settingsMap(m.entries().get("settings"), own, lines);
            boolean disabled = "true".equals(oneOf(m, "disabled", Set.of("true", "false"), "false"));
            // the settings together, as the daemon would build them: a rule between two settings names their lines
            Map<RouterSetting, Object> all = new LinkedHashMap<>(common);
            all.putAll(own);
            try {
                interfaceConfig(all);
            } catch (InvalidSettingException ex) {
                RouterSetting[] first = new RouterSetting[1];
                String msg = ex.message(k -> {
                    if (first[0] == null) first[0] = RouterSetting.named(k);
                    return "'" + k + "'";
                });
                Integer line = first[0] == null ? null : lines.getOrDefault(first[0], commonLines.get(first[0]));
                errors.add(new ScenarioException(line == null ? m.line() : line, "interface '" + name + "': " + msg));
            }
            return new Interface(name, disabled, own);
        }

        private void settingsMap(Node n, Map<RouterSetting, Object> into, Map<RouterSetting, Integer> lines) {
            if (!(n instanceof MapNode sm)) {
                errors.add(new ScenarioException(n.line(), "'settings' must be a mapping of settings to values"));
                return;
            }
            for (var e : sm.entries().entrySet()) setting(e.getKey(), e.getValue(), sm.keyLines().get(e.getKey()), into, lines, List.of());
        }

        private void setting(String key, Node v, int line, Map<RouterSetting, Object> into, Map<RouterSetting, Integer> lines, List<String> others) {
            RouterSetting s = RouterSetting.named(key);
            if (s == null) {
                Set<String> known = new LinkedHashSet<>(others);
                known.addAll(RouterSetting.keys());
                String near = ScenarioLoader.nearest(key, known);
                errors.add(new ScenarioException(line, "unknown key '" + key + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")));
                return;
            }
            try {
                Object value;
                if (v instanceof ListNode l && s.kind().list()) {
                    List<String> items = new ArrayList<>();
                    for (Node i : l.items()) {
                        if (!(i instanceof Scalar sc) || sc.text() == null)
                            throw new ScenarioException(i.line(), "'" + key + "' entries must be single values");
                        items.add(sc.text());
                    }
                    value = s.parseItems(items);
                } else if (v instanceof Scalar sc && sc.text() != null) {
                    value = s.parse(sc.text());
                } else {
                    throw new IllegalArgumentException("must be " + s.kind().what());
                }
                into.put(s, value);
                lines.put(s, line);
            } catch (IllegalArgumentException ex) {
                errors.add(new ScenarioException(line, "'" + key + "'" + (ex.getMessage().startsWith("must") ? " " : ": ") + ex.getMessage()));
            } catch (ScenarioException ex) {
                errors.add(ex);
            }
        }

        private String scalar(MapNode m, String key) {
            Node n = m.entries().get(key);
            if (n == null) return null;
            if (n instanceof Scalar s && s.text() != null) return s.text();
            errors.add(new ScenarioException(m.keyLines().get(key), "'" + key + "' must be a single value"));
            return null;
        }

        private String oneOf(MapNode m, String key, Set<String> allowed, String dflt) {
            String v = scalar(m, key);
            if (v == null) return dflt;
            if (allowed.contains(v)) return v;
            String near = ScenarioLoader.nearest(v, allowed);
            errors.add(new ScenarioException(m.keyLines().get(key), "'" + key + "' must be " + String.join(" or ", allowed.stream().sorted().toList())
                    + ", not " + v + (near == null ? "" : " (did you mean '" + near + "'?)")));
            return dflt;
        }

        private void attempt(MapNode m, String key, Runnable check) {
            try {
                check.run();
            } catch (IllegalArgumentException ex) {
                error(m, key, ex);
            }
        }

        private void error(MapNode m, String key, IllegalArgumentException ex) {
            errors.add(new ScenarioException(m.keyLines().get(key), "'" + key + "': " + ex.getMessage()));
        }
    }

    /** The defaults with {@code settings} on top; an out-of-range value throws {@link InvalidSettingException}. */
    static InterfaceConfig interfaceConfig(Map<RouterSetting, Object> settings) {
        InterfaceConfig.Builder b = InterfaceConfig.DEFAULTS.toBuilder();
        settings.forEach((s, v) -> {
            if (s.routerSide()) s.apply(b, v);
        });
        return b.build();
    }

    /** An interface's settings: its own over the common ones. */
    Map<RouterSetting, Object> settingsOf(Interface i) {
        Map<RouterSetting, Object> all = new LinkedHashMap<>(settings);
        all.putAll(i.settings());
        return all;
    }

    /** The interfaces in use (not disabled). */
    List<Interface> enabled() {
        return interfaces.stream().filter(i -> !i.disabled()).toList();
    }

    boolean proxy() {
        return mode.equals("proxy");
    }

    // ------------------------------------------------------------------ to the daemon

    /**
     * The daemon's configuration: each pattern expanded to the names in {@code present} that it matches (in their
     * order), each interface with its own settings. {@code control} and {@code verbose} come from the command line.
     */
    DaemonConfig daemonConfig(List<String> present, java.nio.file.Path defaultControl, boolean verbose) {
        Map<String, InterfaceConfig> configs = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        String up = null;
        HostConfig upstreamHost = HostConfig.defaults();
        Object uri = settings.get(RouterSetting.UNSOLICITED_REPORT_INTERVAL);
        Set<String> disabled = new HashSet<>();
        interfaces.stream().filter(Interface::disabled).forEach(i -> disabled.add(i.name()));
        // exact names first, so that a pattern never takes an interface that is named on its own
        List<Interface> ordered = new ArrayList<>(enabled().stream().filter(i -> !isPattern(i.name())).toList());
        ordered.addAll(enabled().stream().filter(i -> isPattern(i.name())).toList());
        for (Interface i : ordered) {
            List<String> matched = isPattern(i.name()) ? present.stream().filter(p -> matches(i.name(), p) && !disabled.contains(p)).toList() : List.of(i.name());
            InterfaceConfig c = interfaceConfig(settingsOf(i));
            for (String n : matched) {
                if (configs.containsKey(n)) continue; // an exact name, or the first pattern, decides
                configs.put(n, c);
                names.add(n);
            }
            if (proxy() && i.name().equals(upstream) && !matched.isEmpty()) {
                up = matched.getFirst();
                Object own = i.settings().get(RouterSetting.UNSOLICITED_REPORT_INTERVAL);
                if (own != null) uri = own;
            }
        }
        if (uri != null) upstreamHost = upstreamHost.withUnsolicitedReportIntervalMs((Long) uri);
        InterfaceConfig common = interfaceConfig(settings);
        Path controlPath = control == null ? defaultControl : control.equals("none") ? null : Path.of(control);
        long idle = routeIdle == null ? RouterCommand.DEFAULT_ROUTE_IDLE_MS : routeIdle;
        if (up != null) {
            String u = up;
            names.remove(u);
            return new DaemonConfig(List.of(), u, names, common, controlPath, idle, verbose, upstreamHost, configs);
        }
        return new DaemonConfig(names, null, List.of(), common, controlPath, idle, verbose, upstreamHost, configs);
    }

    static boolean isPattern(String name) {
        return name.endsWith("+") || name.contains("*");
    }

    /** {@code eth+}: every name that starts with {@code eth} (as iptables and smcroute write it); {@code *} any characters. */
    static boolean matches(String pattern, String name) {
        if (pattern.endsWith("+")) return name.startsWith(pattern.substring(0, pattern.length() - 1));
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(name).matches();
    }

    // ------------------------------------------------------------------ as a file

    /** As a config file that reads back to the same configuration; settings at their default are left out. */
    String write() {
        StringBuilder b = new StringBuilder();
        b.append("# igmp router configuration (docs/config.md); settings left out have their RFC 9776 defaults\n");
        b.append("mode: ").append(mode).append('\n');
        if (upstream != null) b.append("upstream: ").append(upstream).append('\n');
        if (control != null) b.append("control: ").append(control).append('\n');
        if (metrics != null) b.append("metrics: ").append(quoted(metrics)).append('\n');
        if (logLevel != null) b.append("logLevel: ").append(logLevel).append('\n');
        if (dataPlane != null) b.append("dataPlane: ").append(dataPlane).append('\n');
        if (routeIdle != null) b.append("routeIdle: ").append(Durations.formatMillis(routeIdle)).append('\n');
        if (!settings.isEmpty()) {
            b.append("settings:\n");
            writeSettings(b, settings, "  ");
        }
        b.append(interfaces.isEmpty() ? "interfaces: []\n" : "interfaces:\n");
        for (Interface i : interfaces) {
            b.append("  - name: ").append(quoted(i.name())).append('\n');
            if (i.disabled()) b.append("    disabled: true\n");
            writeSettings(b, i.settings(), "    ");
        }
        return b.toString();
    }

    private static void writeSettings(StringBuilder b, Map<RouterSetting, Object> settings, String indent) {
        for (RouterSetting s : RouterSetting.values()) {
            if (!settings.containsKey(s)) continue;
            List<String> v = s.format(settings.get(s));
            b.append(indent).append(s.key()).append(':');
            if (s.kind().list()) {
                if (v.isEmpty()) b.append(" []");
                for (String item : v) b.append('\n').append(indent).append("  - ").append(quoted(item));
                b.append('\n');
            } else {
                b.append(' ').append(quoted(v.getFirst())).append('\n');
            }
        }
    }

    /** Plain when YAML reads it back as the same text; else in double quotes. */
    private static String quoted(String s) {
        if (s.matches("[A-Za-z0-9_./+-][A-Za-z0-9_./+ -]*") && !s.endsWith(" ")) return s;
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A copy with {@code f} applied to the interface list. */
    RouterConfig withInterfaces(String mode, String upstream, Function<List<Interface>, List<Interface>> f) {
        return new RouterConfig(mode, upstream, f.apply(interfaces), settings, control, metrics, logLevel, dataPlane, routeIdle);
    }
}
