package net.igmp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.igmp.core.router.AccessList;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.core.router.RouterSetting;
import net.igmp.core.router.StaticGroup;
import net.igmp.wire.Ipv4;

/**
 * The configs of igmpproxy and smcroute as an {@code igmp router} config. Every keyword is carried over or named
 * in a warning (with its line) that says why not; known traps are warnings too.
 */
final class ConfigImport {
    private ConfigImport() {}

    /** The config, and the warnings, each "file:line: text". */
    record Result(RouterConfig config, List<String> warnings) {
        /** The config file, the warnings first as comments. */
        String text() {
            StringBuilder b = new StringBuilder();
            for (String w : warnings) b.append("# warning: ").append(w).append('\n');
            return b.append(config.write()).toString();
        }
    }

    /** A line that cannot be read: exit 65. */
    static final class Malformed extends RuntimeException {
        Malformed(String where, String message) {
            super(where + ": " + message, null, false, false);
        }
    }

    /** An interface as an importer gathers it: its role and settings in the order met. */
    private static final class Itf {
        final String name;
        String role = "downstream";
        final Map<RouterSetting, Object> settings = new LinkedHashMap<>();
        final List<AccessList.Rule> deny = new ArrayList<>(), allow = new ArrayList<>();
        final List<Ipv4Prefix> altnet = new ArrayList<>();
        final List<StaticGroup> groups = new ArrayList<>();

        Itf(String name) {
            this.name = name;
        }

        RouterConfig.Interface build() {
            Map<RouterSetting, Object> s = new LinkedHashMap<>(settings);
            if (!altnet.isEmpty()) s.put(RouterSetting.ALTNET, List.copyOf(altnet));
            if (!deny.isEmpty() || !allow.isEmpty()) {
                List<AccessList.Rule> rules = new ArrayList<>(deny);
                rules.addAll(allow);
                s.put(RouterSetting.GROUP_ACCESS, new AccessList(rules, allow.isEmpty()));
            }
            if (!groups.isEmpty()) s.put(RouterSetting.STATIC_GROUPS, List.copyOf(groups));
            return new RouterConfig.Interface(name, role.equals("disabled"), s);
        }
    }

    /** Words of a file, each with its line; {@code #} starts a comment. */
    private record Word(String text, int line) {}

    private static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int hash = l.indexOf('#');
            if (hash >= 0) l = l.substring(0, hash);
            for (String w : l.trim().split("\\s+")) if (!w.isEmpty()) out.add(new Word(w, i + 1));
        }
        return out;
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ igmpproxy.conf

    /** igmpproxy.conf: keywords and their parameters may spread over lines, as igmpproxy reads them. */
    static Result igmpproxy(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<Word> ws = words(read(file));
        List<String> warnings = new ArrayList<>();
        Map<String, Itf> itfs = new LinkedHashMap<>();
        boolean quickleave = false, defaultdown = false;
        Itf cur = null;
        for (int i = 0; i < ws.size(); i++) {
            Word w = ws.get(i);
            String at = name + ":" + w.line();
            switch (w.text()) {
                case "quickleave" -> {
                    quickleave = true;
                    warnings.add(at + ": quickleave: explicit tracking (on by default) stops a group as soon as its last v3 host leaves "
                            + "without cutting other viewers; v2 hosts still get the last member queries. immediateLeave would cut "
                            + "other viewers of the group on the same LAN, so it is not set");
                }
                case "defaultdown" -> {
                    defaultdown = true;
                    cur = null;
                }
                case "rescanvif" -> {
                    if (i + 1 < ws.size() && ws.get(i + 1).text().matches("[0-9]+")) i++;
                    warnings.add(at + ": rescanvif: not needed, the router follows interfaces that appear, go and change by itself");
                    cur = null;
                }
                case "chroot", "user" -> {
                    i = need(ws, i, at);
                    warnings.add(at + ": " + w.text() + ": no equivalent here; the igmp-router.service unit runs the router as an "
                            + "unprivileged user with only CAP_NET_ADMIN and CAP_NET_RAW");
                    cur = null;
                }
                case "hashtablesize" -> {
                    i = need(ws, i, at);
                    warnings.add(at + ": hashtablesize: no equivalent; explicit tracking has no fixed table (maxTrackedHosts limits it)");
                    cur = null;
                }
                case "phyint" -> {
                    i = need(ws, i, at);
                    String ifname = ws.get(i).text();
                    i = need(ws, i, at);
                    String role = ws.get(i).text();
                    if (!role.equals("upstream") && !role.equals("downstream") && !role.equals("disabled"))
                        throw new Malformed(at, "phyint " + ifname + ": role must be upstream, downstream or disabled, not '" + role + "'");
                    cur = itfs.computeIfAbsent(ifname, Itf::new);
                    cur.role = role;
                }
                case "ratelimit" -> {
                    requireInterface(cur, at, w.text());
                    i = need(ws, i, at);
                    if (!ws.get(i).text().equals("0"))
                        warnings.add(at + ": ratelimit " + ws.get(i).text() + " on " + cur.name + ": no equivalent; the Linux kernel ignores a VIF's rate limit");
                }
                case "threshold" -> {
                    requireInterface(cur, at, w.text());
                    i = need(ws, i, at);
                    cur.settings.put(RouterSetting.TTL_THRESHOLD, parse(RouterSetting.TTL_THRESHOLD, ws.get(i).text(), at));
                }
                case "altnet" -> {
                    requireInterface(cur, at, w.text());
                    i = need(ws, i, at);
                    cur.altnet.add(prefix(ws.get(i).text(), at));
                }
                case "whitelist", "blacklist" -> {
                    requireInterface(cur, at, w.text());
                    i = need(ws, i, at);
                    Ipv4Prefix p = prefix(ws.get(i).text(), at);
                    boolean allow = w.text().equals("whitelist");
                    (allow ? cur.allow : cur.deny).add(new AccessList.Rule(p, allow));
                    groupTraps(p, at, warnings);
                    if (cur.role.equals("upstream"))
                        warnings.add(at + ": " + w.text() + " on the upstream interface " + cur.name + ": carried as its groupAccess, "
                                + "but groups are reported upstream for every downstream membership; set groupAccess on the downstream "
                                + "interfaces to refuse them there");
                }
                default -> throw new Malformed(at, "unknown keyword '" + w.text() + "'");
            }
        }
        Itf upstream = itfs.values().stream().filter(x -> x.role.equals("upstream")).findFirst().orElse(null);
        if (upstream == null) throw new Malformed(name, "no 'phyint IF upstream': igmpproxy needs one upstream interface");
        if (itfs.values().stream().filter(x -> x.role.equals("upstream")).count() > 1)
            throw new Malformed(name, "more than one upstream interface; igmpproxy allows one");
        List<RouterConfig.Interface> out = new ArrayList<>(itfs.values().stream().map(Itf::build).toList());
        if (defaultdown) out.add(new RouterConfig.Interface("*", false, Map.of()));
        else if (itfs.values().stream().noneMatch(x -> x.role.equals("downstream")))
            throw new Malformed(name, "no 'phyint IF downstream' (and no defaultdown): igmpproxy needs one downstream interface at least");
        Map<RouterSetting, Object> common = new LinkedHashMap<>();
        if (quickleave) common.put(RouterSetting.EXPLICIT_TRACKING, true);
        return new Result(new RouterConfig("proxy", upstream.name, out, common, null, null, null, null, null), warnings);
    }

    private static void requireInterface(Itf cur, String at, String keyword) {
        if (cur == null) throw new Malformed(at, "'" + keyword + "' belongs to a phyint line");
    }

    private static int need(List<Word> ws, int i, String at) {
        if (i + 1 >= ws.size()) throw new Malformed(at, "'" + ws.get(i).text() + "' needs a value");
        return i + 1;
    }

    private static Object parse(RouterSetting s, String text, String at) {
        try {
            return s.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Malformed(at, s.key() + " " + e.getMessage());
        }
    }

    private static Ipv4Prefix prefix(String text, String at) {
        try {
            return Ipv4Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Malformed(at, "not a prefix: '" + text + "' (" + e.getMessage() + ")");
        }
    }

    /** Link-local groups are never forwarded; a (*,G) in the SSM range is ignored by RFC 4604. */
    private static void groupTraps(Ipv4Prefix p, String at, List<String> warnings) {
        if (p.length() >= 24 && Ipv4.isLinkLocalMulticast(p.address()))
            warnings.add(at + ": " + p + " is link-local (224.0.0.0/24): never reported or forwarded");
    }

    // ------------------------------------------------------------------ smcroute.conf

    /** smcroute.conf, with its includes. smcroute is a static router: the import is router mode with static groups. */
    static Result smcroute(Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        Map<String, Itf> itfs = new LinkedHashMap<>();
        smcrouteFile(file, itfs, warnings, 0);
        List<RouterConfig.Interface> out = itfs.values().stream().map(Itf::build).toList();
        if (out.stream().noneMatch(i -> !i.disabled())) throw new Malformed(file.getFileName().toString(), "no interface enabled");
        return new Result(new RouterConfig("router", null, out, Map.of(), null, null, null, null, null), warnings);
    }

    private static void smcrouteFile(Path file, Map<String, Itf> itfs, List<String> warnings, int depth) throws IOException {
        String name = file.getFileName().toString();
        String[] lines = read(file).split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String l = lines[n];
            int hash = l.indexOf('#');
            if (hash >= 0) l = l.substring(0, hash);
            List<String> w = List.of(l.trim().split("\\s+"));
            if (w.getFirst().isEmpty()) continue;
            String at = name + ":" + (n + 1);
            switch (w.getFirst()) {
                case "phyint" -> {
                    if (w.size() < 2) throw new Malformed(at, "phyint needs an interface name");
                    Itf itf = itfs.computeIfAbsent(w.get(1), Itf::new);
                    itf.role = "router";
                    for (int i = 2; i < w.size(); i++) {
                        switch (w.get(i)) {
                            case "enable" -> itf.role = "router";
                            case "disable" -> itf.role = "disabled";
                            case "mrdisc" -> warnings.add(at + ": mrdisc on " + itf.name + ": no equivalent (RFC 4286 multicast router discovery is not sent)");
                            case "ttl-threshold" -> {
                                if (++i >= w.size()) throw new Malformed(at, "ttl-threshold needs a value");
                                itf.settings.put(RouterSetting.TTL_THRESHOLD, parse(RouterSetting.TTL_THRESHOLD, w.get(i), at));
                            }
                            default -> throw new Malformed(at, "phyint: unknown option '" + w.get(i) + "'");
                        }
                    }
                }
                case "mgroup" -> {
                    Route r = route(w, at, false);
                    warnings.add(at + ": mgroup: the router pulls " + r.group() + " by itself when an interface has it as a static group "
                            + "(from the mroute lines); a join on " + r.from() + " alone has no equivalent");
                    itfs.computeIfAbsent(r.from(), Itf::new).role = "router";
                }
                case "mroute" -> {
                    Route r = route(w, at, true);
                    itfs.computeIfAbsent(r.from(), Itf::new).role = "router";
                    StaticGroup g = r.staticGroup(at, warnings);
                    if (g == null) continue;
                    for (String oif : r.to()) {
                        Itf o = itfs.computeIfAbsent(oif, Itf::new);
                        if (o.role.equals("disabled")) warnings.add(at + ": mroute to " + oif + ", which is disabled");
                        else o.role = "router";
                        if (!o.groups.contains(g)) o.groups.add(g);
                    }
                }
                case "include" -> {
                    if (w.size() != 2) throw new Malformed(at, "include needs one path");
                    if (depth > 8) throw new Malformed(at, "include nested too deep");
                    List<Path> found = glob(file.toAbsolutePath().getParent(), w.get(1));
                    if (found.isEmpty()) warnings.add(at + ": include " + w.get(1) + ": no such file here; its routes are not imported");
                    for (Path p : found) smcrouteFile(p, itfs, warnings, depth + 1);
                }
                default -> throw new Malformed(at, "unknown keyword '" + w.getFirst() + "'");
            }
        }
    }

    /** An mgroup or mroute line. */
    private record Route(String from, String source, String group, List<String> to) {
        /** The static group it means, or null (with a warning) when the router's static groups cannot say it. */
        StaticGroup staticGroup(String at, List<String> warnings) {
            if (group.contains("/") && !group.endsWith("/32")) {
                warnings.add(at + ": group range " + group + ": static groups are single groups; list the ones wanted");
                return null;
            }
            if (source != null && source.contains("/") && !source.endsWith("/32")) {
                warnings.add(at + ": source range " + source + ": static groups name single sources; list the ones wanted");
                return null;
            }
            int g = Ipv4.parse(group.replace("/32", ""));
            String text = source == null ? Ipv4.format(g) : Ipv4.format(g) + " from " + source.replace("/32", "");
            if (Ipv4.isMulticast(g) && Ipv4.isLinkLocalMulticast(g)) {
                warnings.add(at + ": " + Ipv4.format(g) + " is link-local (224.0.0.0/24): never forwarded");
                return null;
            }
            if (source == null && Ipv4Prefix.SSM_DEFAULT.contains(g))
                warnings.add(at + ": " + Ipv4.format(g) + " is in the SSM range 232.0.0.0/8 without a source: RFC 4604 has no (*,G) there; "
                        + "name its source");
            try {
                return StaticGroup.parse(text);
            } catch (IllegalArgumentException e) {
                throw new Malformed(at, e.getMessage());
            }
        }
    }

    private static Route route(List<String> w, String at, boolean withTo) {
        String from = null, source = null, group = null;
        List<String> to = new ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            String k = w.get(i);
            if (k.equals("to")) {
                to.addAll(w.subList(i + 1, w.size()));
                break;
            }
            if (i + 1 >= w.size()) throw new Malformed(at, "'" + k + "' needs a value");
            String v = w.get(++i);
            switch (k) {
                case "from" -> from = v;
                case "source" -> source = v;
                case "group" -> group = v;
                default -> throw new Malformed(at, w.getFirst() + ": unknown option '" + k + "'");
            }
        }
        if (from == null || group == null) throw new Malformed(at, w.getFirst() + " needs 'from IIF' and 'group GROUP'");
        if (withTo && to.isEmpty()) throw new Malformed(at, "mroute needs 'to OIF...'");
        try {
            Ipv4Prefix.parse(group);
            if (source != null) Ipv4Prefix.parse(source);
        } catch (IllegalArgumentException e) {
            throw new Malformed(at, e.getMessage());
        }
        return new Route(from, source, group, to);
    }

    /** The files a smcroute include names: a path, relative to the including file's folder, whose name may hold a glob. */
    private static List<Path> glob(Path dir, String pattern) throws IOException {
        Path p = dir.resolve(pattern);
        Path parent = p.getParent();
        String leaf = p.getFileName().toString();
        if (parent == null || !Files.isDirectory(parent)) return List.of();
        if (!leaf.contains("*") && !leaf.contains("?")) return Files.isRegularFile(p) ? List.of(p) : List.of();
        var matcher = parent.getFileSystem().getPathMatcher("glob:" + leaf);
        try (var s = Files.list(parent)) {
            return s.filter(x -> matcher.matches(x.getFileName()) && Files.isRegularFile(x)).sorted().toList();
        }
    }
}
