package net.igmp.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.linux.control.ControlServer;
import net.igmp.linux.daemon.DaemonConfig;
import net.igmp.linux.daemon.Log;
import net.igmp.linux.daemon.RouterDaemon;
import net.igmp.linux.ffm.Netns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code igmp router}: the Linux multicast router daemon, in the foreground. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Runs a multicast router on Linux interfaces: IGMPv1/v2/v3 querier, and the kernel's multicast",
                "forwarding kept in step with the membership it learns. Router mode forwards between all --interface",
                "interfaces; proxy mode (RFC 4605) reports downstream membership on --upstream as a host would.",
                "Runs in the foreground, logs to stdout; SIGTERM or SIGINT removes everything and exits 0.",
                "Needs root (CAP_NET_ADMIN and CAP_NET_RAW)."},
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
        Log log = new Log(System.out, verbose);
        RouterDaemon daemon = new RouterDaemon(config, log);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Runnable body = () -> {
            try {
                daemon.start();
            } catch (Exception e) {
                failure.set(e);
                return;
            }
            installSignalHandlers(daemon);
            daemon.run();
        };
        if (netns == null) body.run();
        else Netns.start(netns, "igmp-router", body).join();
        if (failure.get() != null) {
            System.err.println("igmp: " + failure.get().getMessage());
            return 1;
        }
        return 0;
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
