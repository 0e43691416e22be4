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
import picocli.CommandLine.Model.CommandSpec;
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

    @Option(names = "--control", paramLabel = "PATH", description = "Control socket for 'igmp show' (default: ${DEFAULT-VALUE}).")
    Path control = ControlServer.DEFAULT_PATH;

    @Option(names = "--no-control", description = "Do not open a control socket.")
    boolean noControl;

    @Option(names = "--igmp-version", paramLabel = "1|2|3", description = "Querier version (default: ${DEFAULT-VALUE}).")
    int version = 3;

    // RFC 9776 section 8, in its order. Times are durations with a unit (125s, 100ms, 2m), as in scenario files.

    @Option(names = "--robustness", paramLabel = "N", description = "8.1 Robustness Variable (default: ${DEFAULT-VALUE}).")
    int robustness = 2;

    @Option(names = "--query-interval", paramLabel = "DURATION", defaultValue = "125s",
            description = "8.2 Query Interval, whole seconds (default: ${DEFAULT-VALUE}).")
    Options.Duration queryInterval;

    @Option(names = "--query-response-interval", paramLabel = "DURATION", defaultValue = "10s",
            description = "8.3 Query Response Interval, a multiple of 100ms shorter than the Query Interval (default: ${DEFAULT-VALUE}).")
    Options.Duration queryResponseInterval;

    @Option(names = "--group-membership-interval", paramLabel = "DURATION",
            description = "8.4 Group Membership Interval (default: robustness x query interval + query response interval).")
    Options.Duration groupMembershipInterval;

    @Option(names = "--other-querier-present-interval", paramLabel = "DURATION",
            description = "8.5 Other Querier Present Interval (default: robustness x query interval + half the query response interval).")
    Options.Duration otherQuerierPresentInterval;

    @Option(names = "--startup-query-interval", paramLabel = "DURATION",
            description = "8.6 Startup Query Interval (default: a quarter of the query interval).")
    Options.Duration startupQueryInterval;

    @Option(names = "--startup-query-count", paramLabel = "N", description = "8.7 Startup Query Count (default: the robustness).")
    int startupQueryCount;

    @Option(names = "--last-member-query-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "8.8 Last Member Query Interval, a multiple of 100ms (default: ${DEFAULT-VALUE}).")
    Options.Duration lastMemberQueryInterval;

    @Option(names = "--last-member-query-count", paramLabel = "N", description = "8.9 Last Member Query Count (default: the robustness).")
    int lastMemberQueryCount;

    @Option(names = "--older-host-present-interval", paramLabel = "DURATION",
            description = "8.13 Older Host Present Interval (default: robustness x query interval + query response interval).")
    Options.Duration olderHostPresentInterval;

    @Option(names = "--unsolicited-report-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "8.11 Unsolicited Report Interval of the proxy's reports on --upstream (default: ${DEFAULT-VALUE}).")
    Options.Duration unsolicitedReportInterval;

    @Option(names = "--querier-version-downgrade", description = "Lower the querier version while an older-version querier is heard.")
    boolean querierVersionDowngrade;

    @Option(names = "--immediate-leave", description = "On a v2 Leave, stop forwarding at once (only right with one host per port).")
    boolean immediateLeave;

    @Option(names = "--no-explicit-tracking", description = "Do not track reporting hosts (no fast leave when the last v3 host leaves).")
    boolean noExplicitTracking;

    @Option(names = "--ssm-range", paramLabel = "PREFIX", defaultValue = "232.0.0.0/8",
            description = "Source-specific multicast range within 224.0.0.0/4, RFC 4604 (default: ${DEFAULT-VALUE}; 'none' for none).")
    Ipv4Prefix ssmRange;

    @Option(names = "--route-idle", paramLabel = "DURATION", defaultValue = "210s",
            description = "Remove a forwarding entry whose source sent nothing for this long, at least 1s (default: ${DEFAULT-VALUE}).")
    Options.Duration routeIdle;

    @Option(names = "--netns", paramLabel = "NAME", description = "Run inside the named network namespace (as made by 'ip netns add').")
    String netns;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT", converter = MetricsAddress.class,
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics (e.g. 127.0.0.1:9643; ':9643' for every address). Off by default.")
    InetSocketAddress metrics;

    @Option(names = "--data-plane", paramLabel = "auto|kernel|user", defaultValue = "auto",
            description = "Where multicast data is forwarded: the kernel's multicast routing, the router's own (an AF_PACKET ring; "
                    + "needs only CAP_NET_RAW), or auto: kernel where it is available, else user (default: ${DEFAULT-VALUE}).")
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
        return verbose ? Logging.LogLevel.DEBUG : logLevel == null ? Logging.LogLevel.INFO : logLevel;
    }

    static final class LogLevelConverter implements ITypeConverter<Logging.LogLevel> {
        @Override
        public Logging.LogLevel convert(String s) {
            for (Logging.LogLevel l : Logging.LogLevel.values()) if (l.label().equals(s)) return l;
            throw new TypeConversionException("not a log level: '" + s + "' (error, warn, info or debug)");
        }
    }
    // ---- end logging

    @Override
    public Integer call() throws Exception {
        DaemonConfig config = config();
        InetSocketAddress httpAddress = metrics;
        Logging.configure(logLevel(), Logging.Format.detect(System.getenv(), System.console() != null && System.console().isTerminal()), System.out);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RouterCommand.class);
        RouterDaemon daemon = new RouterDaemon(config, dataPlane());
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

    /** The options as the daemon's configuration; a value out of range is a usage error naming its option. */
    DaemonConfig config() {
        InterfaceConfig routerConfig;
        try {
            routerConfig = InterfaceConfig.builder().version(version).robustness(robustness)
                    .queryIntervalMs(queryInterval.millis()).queryResponseIntervalMs(queryResponseInterval.millis())
                    .groupMembershipIntervalMs(millisOrDerived(groupMembershipInterval, "--group-membership-interval"))
                    .otherQuerierPresentIntervalMs(millisOrDerived(otherQuerierPresentInterval, "--other-querier-present-interval"))
                    .startupQueryIntervalMs(millisOrDerived(startupQueryInterval, "--startup-query-interval")).startupQueryCount(startupQueryCount)
                    .lastMemberQueryIntervalMs(lastMemberQueryInterval.millis()).lastMemberQueryCount(lastMemberQueryCount)
                    .olderHostPresentIntervalMs(millisOrDerived(olderHostPresentInterval, "--older-host-present-interval"))
                    .querierVersionDowngrade(querierVersionDowngrade).immediateLeave(immediateLeave)
                    .explicitTracking(!noExplicitTracking).ssmRange(ssmRange).build();
        } catch (InvalidSettingException e) {
            throw Options.usage(spec, e);
        }
        if (routeIdle.millis() < 1000) throw Main.usage(spec, "--route-idle must be at least 1s, got " + routeIdle);
        if (unsolicitedReportInterval.millis() <= 0)
            throw Main.usage(spec, "--unsolicited-report-interval must be positive, got " + unsolicitedReportInterval);
        if (upstream == null && spec.commandLine().getParseResult().hasMatchedOption("--unsolicited-report-interval"))
            throw Main.usage(spec, "--unsolicited-report-interval goes with --upstream (proxy mode): a router sends no reports");
        HostConfig upstreamHost = HostConfig.defaults().withUnsolicitedReportIntervalMs(unsolicitedReportInterval.millis());
        try {
            return new DaemonConfig(interfaces, upstream, downstream, routerConfig, noControl ? null : control, routeIdle.millis(), verbose,
                    upstreamHost);
        } catch (IllegalArgumentException e) {
            throw Main.usage(spec, e.getMessage());
        }
    }

    DataPlane.Choice dataPlane() {
        return switch (dataPlane) {
            case "auto" -> DataPlane.Choice.AUTO;
            case "kernel" -> DataPlane.Choice.KERNEL;
            case "user" -> DataPlane.Choice.USER;
            default -> throw Main.usage(spec, "--data-plane must be auto, kernel or user, got '" + dataPlane + "'");
        };
    }

    /** 0 (derive it, to {@link InterfaceConfig}) when not given; a time given must be positive. */
    private long millisOrDerived(Options.Duration d, String option) {
        if (d == null) return 0;
        if (d.millis() <= 0) throw Main.usage(spec, option + " must be positive, got " + d);
        return d.millis();
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
