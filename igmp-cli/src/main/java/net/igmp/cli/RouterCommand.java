package net.igmp.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.linux.control.ControlServer;
import net.igmp.linux.daemon.DaemonConfig;
import net.igmp.linux.daemon.Log;
import net.igmp.linux.daemon.RouterDaemon;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.metrics.MetricsHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code igmp router}: the Linux multicast router daemon, in the foreground. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Runs a multicast router (or an IGMP proxy) on Linux interfaces.", "",
                "IGMPv1/v2/v3 querier on each interface, with the kernel's multicast forwarding kept in step with the "
                        + "membership it learns. Router mode forwards between all --interface interfaces; proxy mode "
                        + "(RFC 4605) reports downstream membership on --upstream as a host would.",
                "Runs in the foreground and logs to stdout; SIGTERM or SIGINT removes everything it added and exits 0. "
                        + "Needs root (CAP_NET_ADMIN and CAP_NET_RAW)."},
        footer = {"", "Examples:", "  igmp router --interface lan1 --interface lan2",
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

    @Option(names = "--robustness", paramLabel = "N", description = "Robustness Variable (default: ${DEFAULT-VALUE}).")
    int robustness = 2;

    @Option(names = "--query-interval", paramLabel = "SECONDS", description = "Query Interval (default: ${DEFAULT-VALUE}).")
    long queryInterval = 125;

    @Option(names = "--query-response-interval", paramLabel = "MS", description = "Query Response Interval in ms, a multiple of 100 (default: ${DEFAULT-VALUE}).")
    long queryResponseIntervalMs = 10_000;

    @Option(names = "--last-member-query-interval", paramLabel = "MS", description = "Last Member Query Interval in ms, a multiple of 100 (default: ${DEFAULT-VALUE}).")
    long lastMemberQueryIntervalMs = 1000;

    @Option(names = "--last-member-query-count", paramLabel = "N", description = "Last Member Query Count (default: the robustness).")
    int lastMemberQueryCount;

    @Option(names = "--immediate-leave", description = "On a v2 Leave, stop forwarding at once (only right with one host per port).")
    boolean immediateLeave;

    @Option(names = "--no-explicit-tracking", description = "Do not track reporting hosts (no fast leave when the last v3 host leaves).")
    boolean noExplicitTracking;

    @Option(names = "--ssm-range", paramLabel = "PREFIX", description = "Source-specific multicast range, RFC 4604 (default: ${DEFAULT-VALUE}; 'none' for none).")
    String ssmRange = "232.0.0.0/8";

    @Option(names = "--route-idle", paramLabel = "SECONDS", description = "Remove a forwarding entry whose source sent nothing for this long (default: ${DEFAULT-VALUE}).")
    long routeIdle = 210;

    @Option(names = "--netns", paramLabel = "NAME", description = "Run inside the named network namespace (as made by 'ip netns add').")
    String netns;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics (e.g. 127.0.0.1:9643; ':9643' for every address). Off by default.")
    String metrics;

    @Option(names = {"-v", "--verbose"}, description = "Log every forwarding change and new source.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        InterfaceConfig.Builder b = InterfaceConfig.builder().version(version).robustness(robustness)
                .queryIntervalMs(queryInterval * 1000).queryResponseIntervalMs(queryResponseIntervalMs)
                .lastMemberQueryIntervalMs(lastMemberQueryIntervalMs).lastMemberQueryCount(lastMemberQueryCount)
                .immediateLeave(immediateLeave).explicitTracking(!noExplicitTracking)
                .ssmRange(ssmRange.equalsIgnoreCase("none") ? Ipv4Prefix.NONE : Ipv4Prefix.parse(ssmRange));
        DaemonConfig config;
        try {
            config = new DaemonConfig(interfaces, upstream, downstream, b.build(), noControl ? null : control,
                    routeIdle * 1000, verbose);
        } catch (IllegalArgumentException e) {
            System.err.println("igmp: " + e.getMessage());
            return Main.EX_USAGE;
        }
        InetSocketAddress metricsAddress = null;
        if (metrics != null) {
            try {
                metricsAddress = parseAddress(metrics);
            } catch (IllegalArgumentException e) {
                System.err.println("igmp: " + e.getMessage());
                return Main.EX_USAGE;
            }
        }
        InetSocketAddress httpAddress = metricsAddress;
        Log log = new Log(System.out, verbose);
        RouterDaemon daemon = new RouterDaemon(config, log);
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
            System.err.println("igmp: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
        return 0;
    }

    /** {@code ADDR:PORT}, {@code [v6]:PORT} or {@code :PORT} (every address). */
    static InetSocketAddress parseAddress(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("--metrics wants ADDR:PORT, e.g. 127.0.0.1:9643, not '" + s + "'");
        String host = s.substring(0, colon), port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("--metrics: not a port: '" + port + "'");
        if (host.isEmpty()) return new InetSocketAddress(p);
        // a literal address only: a name would need a DNS lookup at start-up
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) throw new IllegalArgumentException("--metrics: not an IP address: '" + host + "'");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--metrics: not an IP address: '" + host + "'");
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
