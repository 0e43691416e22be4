package net.igmp.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.igmp.core.time.Durations;

/**
 * The one table of per-interface router settings: the names that scenario files, config files and {@code igmp router}
 * options use, how each value is written, and where it goes in {@link InterfaceConfig}. Every front end reads this
 * table, so a setting added here is known to all of them.
 */
public enum RouterSetting {
    VERSION("version", Kind.VERSION, "querier version 1, 2 or 3 (RFC 9776 7.3.1)", InterfaceConfig::version, (b, v) -> b.version((Integer) v)),
    ROBUSTNESS("robustness", Kind.COUNT, "8.1 Robustness Variable", InterfaceConfig::robustness, (b, v) -> b.robustness((Integer) v)),
    QUERY_INTERVAL("queryInterval", Kind.DURATION, "8.2 Query Interval, whole seconds", InterfaceConfig::queryIntervalMs,
            (b, v) -> b.queryIntervalMs((Long) v)),
    QUERY_RESPONSE_INTERVAL("queryResponseInterval", Kind.DURATION, "8.3 Query Response Interval, a multiple of 100ms",
            InterfaceConfig::queryResponseIntervalMs, (b, v) -> b.queryResponseIntervalMs((Long) v)),
    GROUP_MEMBERSHIP_INTERVAL("groupMembershipInterval", Kind.DURATION, "8.4 Group Membership Interval (0s: robustness x query interval + query response interval)",
            InterfaceConfig::groupMembershipIntervalMs, (b, v) -> b.groupMembershipIntervalMs((Long) v)),
    OTHER_QUERIER_PRESENT_INTERVAL("otherQuerierPresentInterval", Kind.DURATION,
            "8.5 Other Querier Present Interval (0s: robustness x query interval + half the query response interval)",
            InterfaceConfig::otherQuerierPresentIntervalMs, (b, v) -> b.otherQuerierPresentIntervalMs((Long) v)),
    STARTUP_QUERY_INTERVAL("startupQueryInterval", Kind.DURATION, "8.6 Startup Query Interval (0s: a quarter of the query interval)",
            InterfaceConfig::startupQueryIntervalMs, (b, v) -> b.startupQueryIntervalMs((Long) v)),
    STARTUP_QUERY_COUNT("startupQueryCount", Kind.COUNT, "8.7 Startup Query Count (0: the robustness)", InterfaceConfig::startupQueryCount,
            (b, v) -> b.startupQueryCount((Integer) v)),
    LAST_MEMBER_QUERY_INTERVAL("lastMemberQueryInterval", Kind.DURATION, "8.8 Last Member Query Interval, a multiple of 100ms",
            InterfaceConfig::lastMemberQueryIntervalMs, (b, v) -> b.lastMemberQueryIntervalMs((Long) v)),
    LAST_MEMBER_QUERY_COUNT("lastMemberQueryCount", Kind.COUNT, "8.9 Last Member Query Count (0: the robustness)",
            InterfaceConfig::lastMemberQueryCount, (b, v) -> b.lastMemberQueryCount((Integer) v)),
    OLDER_HOST_PRESENT_INTERVAL("olderHostPresentInterval", Kind.DURATION, "8.13 Older Host Present Interval (0s: robustness x query interval + query response interval)",
            InterfaceConfig::olderHostPresentIntervalMs, (b, v) -> b.olderHostPresentIntervalMs((Long) v)),
    /** The host side of a proxy's upstream interface: not part of {@link InterfaceConfig}. */
    UNSOLICITED_REPORT_INTERVAL("unsolicitedReportInterval", Kind.DURATION, "8.11 Unsolicited Report Interval of a proxy's reports upstream",
            null, null),
    QUERIER_VERSION_DOWNGRADE("querierVersionDowngrade", Kind.FLAG, "lower the querier version while an older-version querier is heard",
            InterfaceConfig::querierVersionDowngrade, (b, v) -> b.querierVersionDowngrade((Boolean) v)),
    EXPLICIT_TRACKING("explicitTracking", Kind.FLAG, "track reporting hosts, for a fast leave when the last v3 host leaves",
            InterfaceConfig::explicitTracking, (b, v) -> b.explicitTracking((Boolean) v)),
    IMMEDIATE_LEAVE("immediateLeave", Kind.FLAG, "on a v2 Leave, stop forwarding at once (only right with one host per port)",
            InterfaceConfig::immediateLeave, (b, v) -> b.immediateLeave((Boolean) v)),
    SSM_RANGE("ssmRange", Kind.PREFIX, "source-specific multicast range within 224.0.0.0/4, RFC 4604 ('none' for none)",
            InterfaceConfig::ssmRange, (b, v) -> b.ssmRange((Ipv4Prefix) v)),
    MAX_GROUPS("maxGroups", Kind.LIMIT, "groups on the interface ('unlimited' for no limit)", InterfaceConfig::maxGroups, (b, v) -> b.maxGroups((Integer) v)),
    MAX_SOURCES_PER_GROUP("maxSourcesPerGroup", Kind.LIMIT, "sources in one group", InterfaceConfig::maxSourcesPerGroup,
            (b, v) -> b.maxSourcesPerGroup((Integer) v)),
    MAX_TRACKED_HOSTS("maxTrackedHosts", Kind.LIMIT, "tracked (group, host) pairs on the interface", InterfaceConfig::maxTrackedHosts,
            (b, v) -> b.maxTrackedHosts((Integer) v)),
    MAX_GROUPS_PER_HOST("maxGroupsPerHost", Kind.LIMIT, "groups one tracked host may hold on the interface (with explicit tracking)",
            InterfaceConfig::maxGroupsPerHost, (b, v) -> b.maxGroupsPerHost((Integer) v)),
    GROUP_ACCESS("groupAccess", Kind.ACCESS, "which groups may be joined: 'allow PREFIX' and 'deny PREFIX', first match decides",
            InterfaceConfig::groupAccess, (b, v) -> b.groupAccess((AccessList) v)),
    SOURCE_ACCESS("sourceAccess", Kind.ACCESS, "which sources may be asked for: 'allow PREFIX' and 'deny PREFIX', first match decides",
            InterfaceConfig::sourceAccess, (b, v) -> b.sourceAccess((AccessList) v)),
    NEVER_QUERIER("neverQuerier", Kind.FLAG, "never take the querier role on this interface", InterfaceConfig::neverQuerier,
            (b, v) -> b.neverQuerier((Boolean) v)),
    TRUSTED_QUERIERS("trustedQueriers", Kind.PREFIXES, "queries count only from these addresses or prefixes (none listed: every sender)",
            InterfaceConfig::trustedQueriers, (b, v) -> b.trustedQueriers(prefixes(v))),
    STATIC_GROUPS("staticGroups", Kind.GROUPS, "memberships forwarded with no host: 'GROUP' or 'GROUP from SOURCE...'",
            InterfaceConfig::staticGroups, (b, v) -> b.staticGroups(groups(v))),
    TTL_THRESHOLD("ttlThreshold", Kind.TTL, "forward out of this interface only packets whose TTL is above this", InterfaceConfig::ttlThreshold,
            (b, v) -> b.ttlThreshold((Integer) v)),
    ALTNET("altnet", Kind.PREFIXES, "networks besides the interface's own whose sources are accepted", InterfaceConfig::altnet,
            (b, v) -> b.altnet(prefixes(v)));

    /** How a value is written. */
    public enum Kind {
        VERSION("1, 2 or 3"), COUNT("a whole number"), LIMIT("a whole number from 1, or unlimited"), TTL("a TTL from 1 to 255"),
        DURATION("a duration such as 125s or 100ms"), FLAG("true or false"), PREFIX("a prefix such as 232.0.0.0/8, or none"),
        PREFIXES("a list of addresses or prefixes"), ACCESS("a list of 'allow PREFIX' and 'deny PREFIX'"),
        GROUPS("a list of 'GROUP' or 'GROUP from SOURCE...'");

        private final String what;

        Kind(String what) {
            this.what = what;
        }

        /** What a value looks like, for errors and help. */
        public String what() {
            return what;
        }

        /** Whether a value is a list (a YAML sequence; commas on the command line). */
        public boolean list() {
            return this == PREFIXES || this == ACCESS || this == GROUPS;
        }
    }

    private static final Map<String, RouterSetting> BY_NAME = Arrays.stream(values()).collect(Collectors.toMap(RouterSetting::key, s -> s));

    private final String key;
    private final Kind kind;
    private final String description;
    private final Function<InterfaceConfig, Object> getter;
    private final BiConsumer<InterfaceConfig.Builder, Object> setter;

    @SuppressWarnings("unchecked")
    <T> RouterSetting(String key, Kind kind, String description, Function<InterfaceConfig, T> getter, BiConsumer<InterfaceConfig.Builder, Object> setter) {
        this.key = key;
        this.kind = kind;
        this.description = description;
        this.getter = (Function<InterfaceConfig, Object>) getter;
        this.setter = setter;
    }

    /** The name in files ({@code queryInterval}). */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** The command-line option: {@code --query-interval}; {@code --igmp-version}, as {@code --version} is the command's own. */
    public String option() {
        return this == VERSION ? "--igmp-version" : "--" + key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Whether the setting belongs to {@link InterfaceConfig} (all but the proxy's upstream host side). */
    public boolean routerSide() {
        return setter != null;
    }

    /** The setting of this name, or null. */
    public static RouterSetting named(String key) {
        return BY_NAME.get(key);
    }

    /** Every name, in the table's order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(RouterSetting::key).toList();
    }

    /** The value in {@code c}. */
    public Object get(InterfaceConfig c) {
        if (getter == null) throw new UnsupportedOperationException(key + " is not an interface setting");
        return getter.apply(c);
    }

    /** Sets {@code value} (of the type {@link #parse} gives) on {@code b}; range checks come with {@link InterfaceConfig.Builder#build()}. */
    public void apply(InterfaceConfig.Builder b, Object value) {
        if (setter == null) throw new UnsupportedOperationException(key + " is not an interface setting");
        setter.accept(b, value);
    }

    /** A value written as text (a list kind: items separated by commas); an {@link IllegalArgumentException} says what is expected. */
    public Object parse(String text) {
        if (kind.list()) return parseItems(text.isBlank() ? List.of() : Arrays.asList(text.split("\\s*,\\s*")));
        String t = text.trim();
        return switch (kind) {
            case VERSION -> {
                if (!t.matches("[123]")) throw expected(text);
                yield Integer.parseInt(t);
            }
            case COUNT -> wholeNumber(t, 0);
            case TTL -> {
                int v = wholeNumber(t, 1);
                if (v > 255) throw expected(text);
                yield v;
            }
            case LIMIT -> t.equals("unlimited") ? Integer.MAX_VALUE : wholeNumber(t, 1);
            case DURATION -> {
                if (t.startsWith("-")) throw new IllegalArgumentException("must not be negative, got " + t);
                yield Durations.parseMillis(t);
            }
            case FLAG -> switch (t) {
                case "true" -> true;
                case "false" -> false;
                default -> throw expected(text);
            };
            case PREFIX -> t.equals("none") ? Ipv4Prefix.NONE : prefix(t);
            default -> throw new AssertionError(kind);
        };
    }

    /** A list value, one item each. */
    public Object parseItems(List<String> items) {
        if (!kind.list()) throw new IllegalArgumentException("must be a single value: " + kind.what());
        return switch (kind) {
            case PREFIXES -> items.stream().map(i -> prefix(i.trim())).toList();
            case GROUPS -> items.stream().map(StaticGroup::parse).toList();
            case ACCESS -> {
                List<AccessList.Rule> rules = new ArrayList<>();
                for (String i : items) {
                    String[] w = i.trim().split("\\s+");
                    if (w.length != 2 || !w[0].equals("allow") && !w[0].equals("deny"))
                        throw new IllegalArgumentException("not 'allow PREFIX' or 'deny PREFIX': '" + i.trim() + "'");
                    rules.add(new AccessList.Rule(prefix(w[1]), w[0].equals("allow")));
                }
                // like igmpproxy's whitelist: once anything is allowed by name, the rest is refused
                yield rules.isEmpty() ? AccessList.PERMIT_ALL : new AccessList(rules, rules.stream().noneMatch(AccessList.Rule::permit));
            }
            default -> throw new AssertionError(kind);
        };
    }

    /** The value as a file writes it; a list kind gives one item each. */
    public List<String> format(Object value) {
        return switch (kind) {
            case DURATION -> List.of(Durations.formatMillis((Long) value));
            case LIMIT -> List.of((Integer) value == Integer.MAX_VALUE ? "unlimited" : value.toString());
            case PREFIXES, GROUPS -> ((List<?>) value).stream().map(Object::toString).toList();
            case ACCESS -> {
                AccessList a = (AccessList) value;
                List<String> out = new ArrayList<>();
                for (AccessList.Rule r : a.rules()) out.add((r.permit() ? "allow " : "deny ") + r.prefix());
                boolean implied = a.rules().stream().noneMatch(AccessList.Rule::permit);
                if (a.permitByDefault() != implied) out.add((a.permitByDefault() ? "allow " : "deny ") + Ipv4Prefix.ANY);
                yield out;
            }
            default -> List.of(value.toString());
        };
    }

    private IllegalArgumentException expected(String text) {
        return new IllegalArgumentException("must be " + kind.what() + ", not " + text.trim());
    }

    private int wholeNumber(String t, int min) {
        int v;
        try {
            v = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw expected(t);
        }
        if (v < min) throw expected(t);
        return v;
    }

    private static Ipv4Prefix prefix(String t) {
        try {
            return Ipv4Prefix.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a prefix: '" + t + "' (" + e.getMessage() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Ipv4Prefix> prefixes(Object v) {
        return (List<Ipv4Prefix>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<StaticGroup> groups(Object v) {
        return (List<StaticGroup>) v;
    }
}
