package net.igmp.linux.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.igmp.linux.ffm.Interfaces;
import net.igmp.linux.ffm.Rtnetlink;
import net.igmp.wire.Ipv4;

/**
 * Follows the interfaces the daemon was told to use, from successive snapshots of the namespace's interfaces
 * (getifaddrs). The daemon takes a snapshot at start, whenever an rtnetlink notification {@link #concerns} one
 * of them, and after notifications were lost; a snapshot rather than the notification's own content is used, so
 * that the state compared is always whole. An interface is <em>usable</em> when it exists, is up, can do
 * multicast and has an IPv4 address; until then it is <em>pending</em>. Each call reports what changed since the
 * last one.
 */
public final class InterfaceWatcher {

    /** What happened to a configured interface. */
    public sealed interface Change {
        String name();
    }

    /** It became usable (at start, on appearing, on coming up, or on getting an address). */
    public record Usable(String name, int index, int address) implements Change {}

    /** It stopped being usable; {@code why} says how, for the log. */
    public record Unusable(String name, String why) implements Change {}

    /** Still usable, but its primary address or index changed (the VIF and the querier address follow). */
    public record Changed(String name, int index, int address, int oldIndex, int oldAddress) implements Change {}

    private record Seen(int index, int address) {}

    private final List<String> names;
    private final Map<String, Seen> usable = new HashMap<>();
    private final Map<String, String> lastWhy = new HashMap<>();
    /** The kernel index of each configured interface that exists, usable or not. */
    private final Map<String, Integer> indexes = new HashMap<>();

    public InterfaceWatcher(List<String> names) {
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }

    /** A watcher of {@code newNames} that remembers what this one saw of the names both have (a reload). */
    public InterfaceWatcher withNames(List<String> newNames) {
        InterfaceWatcher w = new InterfaceWatcher(newNames);
        for (String n : w.names) {
            if (usable.containsKey(n)) w.usable.put(n, usable.get(n));
            if (lastWhy.containsKey(n)) w.lastWhy.put(n, lastWhy.get(n));
        }
        return w;
    }

    /** Compares {@code snapshot} with the previous one and returns the changes, in the order of {@link #names()}. */
    public List<Change> update(Map<String, Interfaces.Info> snapshot) {
        List<Change> out = new ArrayList<>();
        for (String name : names) {
            Interfaces.Info info = snapshot.get(name);
            if (info != null) indexes.put(name, info.index());
            else indexes.remove(name);
            String why = whyUnusable(name, info);
            Seen before = usable.get(name);
            if (why != null) {
                if (before != null) {
                    usable.remove(name);
                    out.add(new Unusable(name, why));
                } else if (!why.equals(lastWhy.get(name))) {
                    out.add(new Unusable(name, why));
                }
                lastWhy.put(name, why);
                continue;
            }
            lastWhy.remove(name);
            Seen now = new Seen(info.index(), info.primaryIpv4());
            if (before == null) out.add(new Usable(name, now.index(), now.address()));
            else if (!before.equals(now)) out.add(new Changed(name, now.index(), now.address(), before.index(), before.address()));
            usable.put(name, now);
        }
        return out;
    }

    /** Whether what rtnetlink brought calls for a new snapshot: lost notifications always do. */
    public boolean needsSnapshot(Rtnetlink.Received received) {
        return received.resync() || received.events().stream().anyMatch(this::concerns);
    }

    /**
     * Whether a notification may change a configured interface: it names one (an address's label is the
     * interface name, or NAME:ALIAS), or it is about the index one had at the last snapshot (a rename, a removal).
     */
    public boolean concerns(Rtnetlink.Event event) {
        String name = switch (event) {
            case Rtnetlink.Link l -> l.name();
            case Rtnetlink.Address a -> a.label() == null ? null : a.label().split(":", 2)[0];
        };
        return (name != null && names.contains(name)) || indexes.containsValue(event.index());
    }

    /** Null when usable, else the reason in a few words. */
    static String whyUnusable(String name, Interfaces.Info info) {
        if (info == null) return "interface " + name + " does not exist (waiting for it to appear)";
        if (!info.up()) return "interface " + name + " is down";
        if (!info.multicast()) return "interface " + name + " cannot do multicast (no MULTICAST flag; try 'ip link set " + name + " multicast on')";
        if (info.ipv4().isEmpty()) return "interface " + name + " has no IPv4 address (IGMP needs one to send queries from)";
        return null;
    }

    /** For logs: "10.0.0.1" or "none". */
    static String address(int a) {
        return a == 0 ? "none" : Ipv4.format(a);
    }
}
