package net.igmp.linux.daemon;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.igmp.core.host.HostConfig;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.linux.ffm.Layouts;

/**
 * What {@code igmp router} was asked to do.
 *
 * @param interfaces router mode: the interfaces to run the querier on and forward between (empty in proxy mode)
 * @param upstream   proxy mode (RFC 4605): the upstream interface, or null in router mode
 * @param downstream proxy mode: the downstream interfaces
 * @param control    the control socket path, or null for none
 * @param mfcIdleMs  an (S,G) entry whose counters did not move for this long is removed
 * @param upstreamHost proxy mode: the host side on the upstream interface (RFC 9776 8.11 Unsolicited Report Interval)
 * @param interfaceConfigs the settings of the interfaces whose own differ from {@code routerConfig}, by name
 */
public record DaemonConfig(List<String> interfaces, String upstream, List<String> downstream, InterfaceConfig routerConfig,
                           Path control, long mfcIdleMs, boolean verbose, HostConfig upstreamHost,
                           Map<String, InterfaceConfig> interfaceConfigs) {

    /** Every interface with {@code routerConfig}. */
    public DaemonConfig(List<String> interfaces, String upstream, List<String> downstream, InterfaceConfig routerConfig,
                        Path control, long mfcIdleMs, boolean verbose, HostConfig upstreamHost) {
        this(interfaces, upstream, downstream, routerConfig, control, mfcIdleMs, verbose, upstreamHost, Map.of());
    }

    /** With the RFC's host defaults upstream. */
    public DaemonConfig(List<String> interfaces, String upstream, List<String> downstream, InterfaceConfig routerConfig,
                        Path control, long mfcIdleMs, boolean verbose) {
        this(interfaces, upstream, downstream, routerConfig, control, mfcIdleMs, verbose, HostConfig.defaults());
    }

    public DaemonConfig {
        interfaces = List.copyOf(interfaces);
        downstream = List.copyOf(downstream);
        interfaceConfigs = Map.copyOf(interfaceConfigs);
        if (routerConfig == null) throw new IllegalArgumentException("routerConfig is required");
        if (upstreamHost == null) throw new IllegalArgumentException("upstreamHost is required");
        if (upstream == null) {
            if (!downstream.isEmpty()) throw new IllegalArgumentException("--downstream needs --upstream (proxy mode)");
            if (interfaces.isEmpty()) throw new IllegalArgumentException("name at least one --interface (router mode) or --upstream with --downstream (proxy mode)");
        } else {
            if (!interfaces.isEmpty()) throw new IllegalArgumentException("use either --interface (router mode) or --upstream/--downstream (proxy mode), not both");
            if (downstream.isEmpty()) throw new IllegalArgumentException("proxy mode needs at least one --downstream interface");
            if (downstream.contains(upstream)) throw new IllegalArgumentException("interface " + upstream + " cannot be both upstream and downstream");
        }
        List<String> all = upstream == null ? interfaces : concat(upstream, downstream);
        if (new LinkedHashSet<>(all).size() != all.size()) throw new IllegalArgumentException("an interface is named twice");
        if (all.size() > Layouts.MAXVIFS)
            throw new IllegalArgumentException("too many interfaces: " + all.size() + "; the kernel supports at most " + Layouts.MAXVIFS + " multicast VIFs (MAXVIFS)");
        for (String n : all)
            if (n.isEmpty() || n.length() > 15 || n.contains("/") || n.contains(" "))
                throw new IllegalArgumentException("not an interface name: '" + n + "' (1 to 15 characters, no '/' or spaces)");
        if (mfcIdleMs < 1000) throw new IllegalArgumentException("mfcIdleMs must be at least 1000");
    }

    /** The router settings of interface {@code name}. */
    public InterfaceConfig configOf(String name) {
        return interfaceConfigs.getOrDefault(name, routerConfig);
    }

    public boolean proxy() {
        return upstream != null;
    }

    /** Every interface the daemon uses, upstream first in proxy mode. */
    public List<String> allInterfaces() {
        return upstream == null ? interfaces : concat(upstream, downstream);
    }

    /** The interfaces that run the router side of IGMP (all in router mode; the downstream ones in proxy mode). */
    public List<String> routerInterfaces() {
        return upstream == null ? interfaces : downstream;
    }

    private static List<String> concat(String first, List<String> rest) {
        var l = new java.util.ArrayList<String>();
        l.add(first);
        l.addAll(rest);
        return List.copyOf(l);
    }
}
