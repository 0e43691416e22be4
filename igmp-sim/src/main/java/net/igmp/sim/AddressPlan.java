package net.igmp.sim;

import net.igmp.wire.Ipv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unicast addresses of a scenario: every router interface, host and source has its own, and a host or source
 * lies inside the subnet of each router interface on its segment. A mistake is an error naming the line, with a
 * free address to use instead where one is near.
 */
final class AddressPlan {
    private AddressPlan() {}

    /** One address in the file: who has it, where, and in which subnet it should lie. */
    private record Use(int address, int prefixLength, String who, String segment, int line) {}

    static void check(List<Scenario.Router> routers, List<Scenario.Host> hosts, List<Scenario.Source> sources) {
        List<Use> uses = new ArrayList<>();
        Map<String, List<Use>> subnets = new HashMap<>();
        for (Scenario.Router r : routers)
            for (Scenario.Interface i : r.interfaces()) {
                Use u = new Use(i.address(), i.prefixLength(), "router '" + r.name() + "'", i.segment(), i.line());
                uses.add(u);
                subnets.computeIfAbsent(i.segment(), k -> new ArrayList<>()).add(u);
            }
        for (Scenario.Host h : hosts) uses.add(new Use(h.address(), h.prefixLength(), "host '" + h.name() + "'", h.segment(), h.line()));
        for (Scenario.Source s : sources) uses.add(new Use(s.address(), s.prefixLength(), "source '" + s.name() + "'", s.segment(), s.line()));
        Set<Integer> taken = new HashSet<>();
        for (Use u : uses) taken.add(u.address());

        Map<Integer, Use> first = new HashMap<>();
        for (Use u : uses) {
            if (!u.who().startsWith("router ")) {
                for (Use itf : subnets.getOrDefault(u.segment(), List.of())) {
                    if (inSubnet(u.address(), itf)) continue;
                    int moved = network(itf) | (u.address() & ~mask(itf.prefixLength()));
                    String near = usable(moved, itf) && !taken.contains(moved) ? Ipv4.format(moved) : free(itf, taken);
                    throw new ScenarioException(u.line(), u.who() + " (" + Ipv4.format(u.address()) + ") is outside " + u.segment() + "'s subnet "
                            + Ipv4.format(network(itf)) + "/" + itf.prefixLength() + " (" + itf.who() + ", line " + itf.line() + ")" + didYouMean(near));
                }
            }
            Use before = first.putIfAbsent(u.address(), u);
            if (before == null) continue;
            List<Use> its = subnets.getOrDefault(u.segment(), List.of());
            Use subnet = its.isEmpty() ? u : its.getFirst();
            throw new ScenarioException(u.line(), u.who() + " has address " + Ipv4.format(u.address()) + (u.who().startsWith("router ") ? " on " + u.segment() : "")
                    + ", as " + before.who() + " does" + (before.who().startsWith("router ") ? " on " + before.segment() : "")
                    + " (line " + before.line() + ")" + didYouMean(free(subnet, taken)));
        }
    }

    private static String didYouMean(String address) {
        return address == null ? "" : " (did you mean " + address + "?)";
    }

    /** The first address of {@code subnet}'s subnet that nobody has, or null. */
    private static String free(Use subnet, Set<Integer> taken) {
        int net = network(subnet);
        long size = 1L << (32 - subnet.prefixLength());
        for (long k = 1; k < Math.min(size, 65_536); k++) {
            int a = net + (int) k;
            if (usable(a, subnet) && !taken.contains(a)) return Ipv4.format(a);
        }
        return null;
    }

    /** Neither the subnet's own address nor its broadcast address (both usable in a /31 or /32). */
    private static boolean usable(int a, Use subnet) {
        if (subnet.prefixLength() >= 31) return inSubnet(a, subnet);
        int host = a & ~mask(subnet.prefixLength());
        return inSubnet(a, subnet) && host != 0 && host != ~mask(subnet.prefixLength());
    }

    private static boolean inSubnet(int a, Use subnet) {
        return (a & mask(subnet.prefixLength())) == network(subnet);
    }

    private static int network(Use u) {
        return u.address() & mask(u.prefixLength());
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
