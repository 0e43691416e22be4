package net.igmp.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.igmp.core.host.HostConfig;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.InvalidSettingException;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.linux.control.ControlServer;
import net.igmp.linux.daemon.DaemonConfig;
import net.igmp.linux.daemon.Logging;
import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.daemon.RouterDaemon;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.metrics.MetricsHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import java.util.LinkedHashMap;
import java.util.Map;
import net.igmp.core.router.RouterSetting;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code igmp router}: the Linux multicast router daemon, in the foreground. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Runs a multicast router (or an IGMP proxy) on Linux interfaces.", "",
                "IGMPv1/v2/v3 querier on each interface, with the kernel's multicast forwarding kept in step with the "
                        + "membership it learns. Router mode forwards between all --interface interfaces; proxy mode "
                        + "(RFC 4605) reports downstream membership on --upstream as a host would.",
                "Runs in the foreground and logs to stdout; SIGTERM or SIGINT removes everything it added and exits 0. "
                        + "Needs root (CAP_NET_ADMIN and CAP_NET_RAW)."},
        footer = {"", "Logs go to stdout, one line per event: an ISO 8601 UTC timestamp, the level, the message; under systemd "
                + "(JOURNAL_STREAM set, not a terminal) a <N> syslog priority prefix instead, which journald stores as the level.",
                "", "Times take a unit, as in scenario files: 125s, 100ms, 2m; a bare number is refused.", "", "Examples:", "  igmp router --interface lan1 --interface lan2",
                "  igmp router --upstream wan0 --downstream lan1 --downstream lan2"})
public final class RouterCommand implements Callable<Integer> {

    @Option(names = {"-i", "--interface"}, paramLabel = "IF", description = "Router mode: an interface to route on (repeat).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--upstream", paramLabel = "IF", description = "Proxy mode: the upstream interface.")
    String upstream;

    @Option(names = "--downstream", paramLabel = "IF", description = "Proxy mode: a downstream interface (repeat).")
    List<String> downstream = new ArrayList<>();

    @Option(names = "--control", paramLabel = "PATH", description = "Control socket for 'igmp show' (default: /run/igmp/igmp.sock).")
    Path control;

    @Option(names = "--no-control", description = "Do not open a control socket.")
    boolean noControl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The config file (default: ${DEFAULT-VALUE}; when absent, the options say it all). Options override it.")
    Path configFile = DEFAULT_CONFIG;

    @Option(names = "--print-config", description = "Print the effective configuration, the file with the options applied, as a config file; then exit.")
    boolean printConfig;

    // Every per-interface setting of RouterSetting is an option too (--query-interval, ...), added by addSettingOptions.

    @Option(names = "--route-idle", paramLabel = "DURATION",
            description = "Remove a forwarding entry whose source sent nothing for this long, at least 1s (default: 210s).")
    Options.Duration routeIdle;

    @Option(names = "--netns", paramLabel = "NAME", description = "Run inside the named network namespace (as made by 'ip netns add').")
    String netns;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT", converter = MetricsAddress.class,
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics (e.g. 127.0.0.1:9643; ':9643' for every address). Off by default.")
    InetSocketAddress metrics;

    @Option(names = "--data-plane", paramLabel = "auto|kernel|user",
            description = "Where multicast data is forwarded: the kernel's multicast routing, the router's own (an AF_PACKET ring; "
                    + "needs only CAP_NET_RAW), or auto: kernel where it is available, else user (default: the config file's "
                    + "dataPlane, else auto).")
    String dataPlane;

    @Spec
    CommandSpec spec;

    // ---- logging
    @Option(names = {"-v", "--verbose"}, description = "Log every forwarding change and new source: the same as --log-level debug.")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevelConverter.class,
            description = "Least severe level logged: error, warn, info or debug (default: info).")
    Logging.LogLevel logLevel;

    /** --log-level, with --verbose as debug; both given must agree. */
    Logging.LogLevel logLevel() {
        if (verbose && logLevel != null && logLevel != Logging.LogLevel.DEBUG)
            throw Main.usage(spec, "--verbose means --log-level debug; it contradicts --log-level " + logLevel.label());
        if (verbose) return Logging.LogLevel.DEBUG;
        if (logLevel != null) return logLevel;
        String fromFile = effectiveConfig == null ? null : effectiveConfig.logLevel();
        for (Logging.LogLevel l : Logging.LogLevel.values()) if (l.label().equals(fromFile)) return l;
        return Logging.LogLevel.INFO;
    }

    static final class LogLevelConverter implements ITypeConverter<Logging.LogLevel> {
        @Override
        public Logging.LogLevel convert(String s) {
            for (Logging.LogLevel l : Logging.LogLevel.values()) if (l.label().equals(s)) return l;
            throw new TypeConversionException("not a log level: '" + s + "' (error, warn, info or debug)");
        }
    }
    // ---- end logging

    static final Path DEFAULT_CONFIG = Path.of("/etc/igmp/router.yaml");
    static final long DEFAULT_ROUTE_IDLE_MS = 210_000;

    @Override
    public Integer call() throws Exception {
        if (printConfig) {
            spec.commandLine().getOut().print(effective().write());
            spec.commandLine().getOut().flush();
            return 0;
        }
        DaemonConfig config = config();
        InetSocketAddress httpAddress = metricsAddress;
        Logging.configure(logLevel(), Logging.Format.detect(System.getenv(), System.console() != null && System.console().isTerminal()), System.out);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RouterCommand.class);
        RouterDaemon daemon = new RouterDaemon(config, dataPlane());
        // the file again, with the same options on top; an invalid file throws and the reload changes nothing
        daemon.reloadFrom(this::config);
        Callable<Void> body = () -> {
            MetricsHttpServer http = null;
            try {
                // bound first (inside --netns, if given): a port in use stops us before the kernel is touched
                if (httpAddress != null) http = MetricsHttpServer.start(httpAddress, () -> daemon.request("show metrics"));
                daemon.start();
                if (http != null) log.info("metrics at http://" + hostPort(http.address()) + "/metrics");
                installSignalHandlers(daemon);
                daemon.run();
                return null;
            } finally {
                if (http != null) http.close();
            }
        };
        try {
            if (netns == null) body.call();
            else Netns.call(netns, body);
        } catch (Exception | Error e) {
            // every way the router can fail to start or stop running: one line, and a status a service manager sees
            throw new Main.Failure(1, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return 0;
    }

    /** Where the metrics are served: --metrics, else the file's, else nowhere; set by {@link #config()}. */
    private InetSocketAddress metricsAddress;

    /** The setting options, one per row of {@link RouterSetting} (a flag also as --no-FLAG); on the command's spec once. */
    static void addSettingOptions(CommandSpec spec) {
        for (RouterSetting s : RouterSetting.values()) {
            String help = Character.toUpperCase(s.description().charAt(0)) + s.description().substring(1) + (s.kind() == RouterSetting.Kind.FLAG ? "." : " (" + s.kind().what() + ").");
            OptionSpec.Builder o = OptionSpec.builder(s.option()).description(help);
            switch (s.kind()) {
                case DURATION -> o.type(Options.Duration.class).paramLabel("DURATION");
                case VERSION -> o.type(Integer.class).paramLabel("1|2|3");
                case COUNT, TTL -> o.type(Integer.class).paramLabel("N");
                case LIMIT -> o.type(String.class).paramLabel("N|unlimited");
                case PREFIX -> o.type(Ipv4Prefix.class).paramLabel("PREFIX");
                case FLAG -> o.type(boolean.class).arity("0");
                case PREFIXES, ACCESS, GROUPS -> o.type(List.class).auxiliaryTypes(String.class).paramLabel("ITEM[,ITEM...]");
            }
            spec.addOption(o.build());
            if (s.kind() == RouterSetting.Kind.FLAG)
                spec.addOption(OptionSpec.builder("--no-" + s.option().substring(2)).type(boolean.class).arity("0")
                        .description("The opposite of " + s.option() + ".").build());
        }
    }

    /** The settings given as options, typed as {@link RouterSetting#apply} takes them; a value that does not parse names its option. */
    private Map<RouterSetting, Object> optionSettings() {
        ParseResult pr = spec.commandLine().getParseResult();
        Map<RouterSetting, Object> out = new LinkedHashMap<>();
        for (RouterSetting s : RouterSetting.values()) {
            String name = s.option();
            if (s.kind() == RouterSetting.Kind.FLAG) {
                String no = "--no-" + name.substring(2);
                boolean yes = pr != null && pr.hasMatchedOption(name), not = pr != null && pr.hasMatchedOption(no);
                if (yes && not) throw Main.usage(spec, name + " and " + no + " do not go together");
                if (yes || not) out.put(s, yes);
                continue;
            }
            if (pr == null || !pr.hasMatchedOption(name)) continue;
            Object v = pr.matchedOptionValue(name, null);
            try {
                out.put(s, switch (v) {
                    case Options.Duration d -> {
                        boolean derived = s != RouterSetting.QUERY_INTERVAL && s != RouterSetting.QUERY_RESPONSE_INTERVAL
                                && s != RouterSetting.LAST_MEMBER_QUERY_INTERVAL && s != RouterSetting.UNSOLICITED_REPORT_INTERVAL;
                        // 0 means "derive it" in a file; on the command line a time given is a time
                        if ((derived || s == RouterSetting.UNSOLICITED_REPORT_INTERVAL) && d.millis() <= 0)
                            throw Main.usage(spec, name + " must be positive, got " + d);
                        yield d.millis();
                    }
                    case List<?> items -> s.parse(String.join(",", items.stream().map(Object::toString).toList()));
                    case String text -> s.parse(text);
                    default -> v;
                });
            } catch (IllegalArgumentException e) {
                throw Main.usage(spec, name + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The config file: the default one may be absent; a file named with --config must exist. */
    private RouterConfig file() {
        ParseResult pr = spec.commandLine().getParseResult();
        boolean named = pr != null && pr.hasMatchedOption("--config");
        if (!named && !java.nio.file.Files.exists(configFile))
            return new RouterConfig("router", null, List.of(), Map.of(), null, null, null, null, null);
        try {
            return RouterConfig.load(configFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Main.Failure(Main.EX_NOINPUT, "--config: no such file: " + configFile);
        } catch (java.io.IOException e) {
            throw new Main.Failure(Main.EX_NOINPUT, "--config: cannot read " + configFile + ": " + e.getMessage());
        } catch (RouterConfig.Invalid e) {
            throw new Main.Failure(Main.EX_DATAERR, e.getMessage());
        }
    }

    /**
     * The file with the options applied: interfaces named on the command line replace the file's list (keeping the
     * file's settings of an interface named in both), settings given as options replace the file's on every interface.
     */
    RouterConfig effective() {
        RouterConfig c = file();
        if (!interfaces.isEmpty() && (upstream != null || !downstream.isEmpty()))
            throw Main.usage(spec, "use either --interface (router mode) or --upstream/--downstream (proxy mode), not both");
        if (!interfaces.isEmpty()) c = c.withInterfaces("router", null, old -> named(old, interfaces));
        else if (upstream != null || !downstream.isEmpty()) {
            List<String> all = new ArrayList<>();
            if (upstream != null) all.add(upstream);
            all.addAll(downstream);
            if (upstream == null) throw Main.usage(spec, "--downstream needs --upstream (proxy mode)");
            c = c.withInterfaces("proxy", upstream, old -> named(old, all));
        }
        Map<RouterSetting, Object> given = optionSettings();
        if (given.containsKey(RouterSetting.UNSOLICITED_REPORT_INTERVAL) && !c.proxy())
            throw Main.usage(spec, "--unsolicited-report-interval goes with --upstream (proxy mode): a router sends no reports");
        Map<RouterSetting, Object> common = new LinkedHashMap<>(c.settings());
        common.putAll(given);
        List<RouterConfig.Interface> itfs = c.interfaces().stream().map(i -> {
            Map<RouterSetting, Object> own = new LinkedHashMap<>(i.settings());
            own.keySet().removeAll(given.keySet());
            return new RouterConfig.Interface(i.name(), i.disabled(), own);
        }).toList();
        if (routeIdle != null && routeIdle.millis() < 1000) throw Main.usage(spec, "--route-idle must be at least 1s, got " + routeIdle);
        String controlText = noControl ? "none" : control != null ? control.toString() : c.control();
        String metricsText = metrics != null ? hostPort(metrics) : c.metrics();
        String level = logLevel != null ? logLevel.label() : verbose ? "debug" : c.logLevel();
        return new RouterConfig(c.mode(), c.upstream(), itfs, common, controlText, metricsText, level, dataPlane != null ? dataPlane : c.dataPlane(),
                routeIdle != null ? Long.valueOf(routeIdle.millis()) : c.routeIdle());
    }

    private static List<RouterConfig.Interface> named(List<RouterConfig.Interface> old, List<String> names) {
        return names.stream().map(n -> old.stream().filter(i -> i.name().equals(n)).findFirst()
                .map(i -> new RouterConfig.Interface(n, false, i.settings())).orElse(new RouterConfig.Interface(n, false, Map.of()))).toList();
    }

    /** The effective configuration as the daemon's; a value out of range is a usage error naming its option. */
    DaemonConfig config() {
        RouterConfig c = effective();
        effectiveConfig = c;
        try {
            metricsAddress = c.metrics() == null ? null : parseAddress(c.metrics());
            List<String> present = c.interfaces().stream().anyMatch(i -> RouterConfig.isPattern(i.name())) ? presentInterfaces() : List.of();
            return c.daemonConfig(present, ControlServer.DEFAULT_PATH, verbose || "debug".equals(c.logLevel()));
        } catch (InvalidSettingException e) {
            throw Options.usage(spec, e);
        } catch (IllegalArgumentException e) {
            throw Main.usage(spec, e.getMessage());
        }
    }

    /** The configuration {@link #config()} last made: the file with the options on top. */
    private RouterConfig effectiveConfig;

    DataPlane.Choice dataPlane() {
        String choice = effectiveConfig != null && effectiveConfig.dataPlane() != null ? effectiveConfig.dataPlane() : dataPlane;
        if (choice == null) return DataPlane.Choice.AUTO;
        return switch (choice) {
            case "auto" -> DataPlane.Choice.AUTO;
            case "kernel" -> DataPlane.Choice.KERNEL;
            case "user" -> DataPlane.Choice.USER;
            default -> throw Main.usage(spec, "--data-plane must be auto, kernel or user, got '" + choice + "'");
        };
    }

    private static List<String> presentInterfaces() {
        try {
            // a pattern such as '*' means the interfaces that can carry multicast, never the loopback
            return net.igmp.linux.ffm.Interfaces.snapshot().values().stream()
                    .filter(i -> i.multicast() && !i.name().equals("lo")).map(net.igmp.linux.ffm.Interfaces.Info::name).toList();
        } catch (net.igmp.linux.ffm.ErrnoException e) {
            throw new IllegalArgumentException("cannot list the interfaces for a name pattern: " + e.getMessage());
        }
    }

    /** {@code ADDR:PORT}, {@code [v6]:PORT} or {@code :PORT} (every address). */
    static final class MetricsAddress implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String s) {
            try {
                return parseAddress(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static InetSocketAddress parseAddress(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("not ADDR:PORT: '" + s + "' (such as 127.0.0.1:9643, or :9643 for every address)");
        String host = s.substring(0, colon), port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("not a port: '" + port + "' (0 to 65535)");
        if (host.isEmpty()) return new InetSocketAddress(p);
        // a literal address only: a name would need a DNS lookup at start-up
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) throw new IllegalArgumentException("not an IP address: '" + host + "'");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + host + "'");
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    /**
     * SIGTERM and SIGINT stop the loop, which removes its kernel state and returns, so that the process exits 0.
     * A shutdown hook covers other ways out (System.exit from elsewhere).
     */
    @SuppressWarnings("removal")
    private static void installSignalHandlers(RouterDaemon daemon) {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> daemon.stop());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available here: the shutdown hook still cleans up
            }
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> daemon.request("reload"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP here: 'igmp reload' still reloads
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop();
            try {
                daemon.awaitStopped(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "igmp-router-shutdown"));
    }
}
