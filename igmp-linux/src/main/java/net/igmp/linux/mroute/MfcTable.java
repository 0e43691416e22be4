package net.igmp.linux.mroute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.igmp.core.FilterMode;
import net.igmp.linux.ffm.Layouts;
import net.igmp.wire.SourceList;

/**
 * Keeps the kernel's multicast forwarding cache in step with the router's membership state.
 *
 * <p>The kernel MFC holds only (S,G) entries, so state per group and interface ("forward G from these sources",
 * or "from all but these", RFC 9776 section 6.3) cannot be installed ahead of time. Instead the kernel reports
 * each new (S,G) it sees with a NOCACHE upcall; an entry is then installed with a TTL threshold of 1 on every VIF
 * that wants S, and 0 (do not forward) on the others. An entry with no outgoing VIF is installed as well, so the
 * kernel drops that traffic quietly instead of raising an upcall for every datagram. When membership changes, the
 * entries of that group are recomputed and rewritten; an entry whose packet counter has not moved for an idle
 * period is removed (the source stopped), and will come back through NOCACHE if it starts again.
 */
public final class MfcTable {

    /** The kernel side, implemented by {@link MrouteSocket}; a test can record the calls instead. */
    public interface Kernel {
        void addMfc(int source, int group, int parentVif, byte[] ttls) throws MrouteException;

        boolean delMfc(int source, int group) throws MrouteException;

        /** Packets that matched the entry so far (on any interface), or -1 if the kernel has none. */
        long packetCount(int source, int group);

        /** Of those, the packets that arrived on another interface than the entry's inbound one. */
        long wrongInterfaceCount(int source, int group);
    }

    /** A source is moved to a new inbound interface only after its old one stayed silent this long. */
    static final long MOVE_QUIET_MS = 3000;

    /** Where the group is wanted on one interface: INCLUDE these sources, or EXCLUDE these. */
    private record Want(FilterMode mode, SourceList sources) {
        boolean forwards(int source) {
            return mode == FilterMode.INCLUDE ? sources.contains(source) : !sources.contains(source);
        }
    }

    /** One installed (S,G) entry, as shown by {@code igmp show routes}. */
    public record Entry(int source, int group, String inbound, List<String> outbound, long installedAtMs, long packets) {}

    private static final class Installed {
        final int source, group;
        int parentVif;
        /** What the kernel holds: null ttls when nothing was written yet. */
        int installedParent = -1;
        byte[] ttls;
        final long installedAt;
        long lastPackets;
        long lastActivity;
        /** Packets seen on the inbound interface at the last WRONGVIF, and when that count last moved. */
        long lastGood;
        long lastGoodChange;

        Installed(int source, int group, int parentVif, long now) {
            this.source = source;
            this.group = group;
            this.parentVif = parentVif;
            this.installedAt = now;
            this.lastActivity = now;
            this.lastGoodChange = now;
        }
    }

    private final Kernel kernel;
    private final Map<String, Integer> vifByName = new HashMap<>();
    private final String[] nameByVif = new String[Layouts.MAXVIFS];
    private final Set<String> forwardEverything = new HashSet<>();
    /** group -> interface -> want. */
    private final Map<Integer, Map<String, Want>> wants = new HashMap<>();
    /** (S,G) key -> entry, grouped by G for recomputation. */
    private final Map<Integer, Map<Integer, Installed>> entries = new HashMap<>();
    private int size;

    public MfcTable(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The interface is now VIF {@code vif}: entries are recomputed so that it gets what it asked for. */
    public void vifUp(String name, int vif, long now) throws MrouteException {
        vifByName.put(name, vif);
        nameByVif[vif] = name;
        recomputeAll(now);
    }

    /** The interface's VIF is gone: entries arriving on it are removed, the others stop sending to it. */
    public void vifDown(String name, long now) throws MrouteException {
        Integer vif = vifByName.remove(name);
        if (vif == null) return;
        nameByVif[vif] = null;
        for (var byGroup : entries.values()) {
            for (var it = byGroup.values().iterator(); it.hasNext(); ) {
                Installed e = it.next();
                if (e.parentVif == vif) {
                    kernel.delMfc(e.source, e.group);
                    it.remove();
                    size--;
                }
            }
        }
        entries.values().removeIf(Map::isEmpty);
        recomputeAll(now);
    }

    /**
     * RFC 4605 section 4.2: traffic that arrives on a downstream interface goes to the upstream interface as well,
     * whatever the membership; marks {@code name} as such an interface.
     */
    public void forwardEverythingTo(String name) {
        forwardEverything.add(name);
    }

    /** The router's view of {@code group} on interface {@code name} changed (INCLUDE {} = no listener). */
    public void membership(String name, int group, FilterMode mode, SourceList sources, long now) throws MrouteException {
        Map<String, Want> byIf = wants.computeIfAbsent(group, g -> new HashMap<>());
        if (mode == FilterMode.INCLUDE && sources.isEmpty()) byIf.remove(name);
        else byIf.put(name, new Want(mode, sources));
        if (byIf.isEmpty()) wants.remove(group);
        recomputeGroup(group, now);
    }

    /** A NOCACHE upcall: install (S,G) arriving on {@code vif}. */
    public void noCache(int source, int group, int vif, long now) throws MrouteException {
        if (vif < 0 || vif >= Layouts.MAXVIFS || nameByVif[vif] == null) return; // a VIF we just removed
        Map<Integer, Installed> byGroup = entries.computeIfAbsent(group, g -> new LinkedHashMap<>());
        Installed e = byGroup.get(source);
        if (e == null) {
            e = new Installed(source, group, vif, now);
            byGroup.put(source, e);
            size++;
        }
        e.parentVif = vif;
        e.ttls = null; // force a write: the kernel has no entry
        write(e);
    }

    /**
     * A WRONGVIF upcall: (S,G) arrived on {@code vif}, not on the entry's inbound VIF. Without a routing protocol
     * the only sound reading is that the source moved, so the entry follows it, but only once nothing has come in
     * on the old inbound VIF for {@link #MOVE_QUIET_MS} (two paths at once must not make it flap). Returns whether
     * the entry moved.
     */
    public boolean wrongVif(int source, int group, int vif, long now) throws MrouteException {
        Map<Integer, Installed> byGroup = entries.get(group);
        Installed e = byGroup == null ? null : byGroup.get(source);
        if (e == null) {
            noCache(source, group, vif, now);
            return true;
        }
        if (vif == e.parentVif || vif < 0 || vif >= Layouts.MAXVIFS || nameByVif[vif] == null) return false;
        long good = kernel.packetCount(source, group) - kernel.wrongInterfaceCount(source, group);
        if (good != e.lastGood) {
            e.lastGood = good;
            e.lastGoodChange = now;
            return false;
        }
        if (now - e.lastGoodChange < MOVE_QUIET_MS) return false;
        e.parentVif = vif;
        e.lastGoodChange = now;
        write(e);
        return true;
    }

    /**
     * Removes entries whose packet counters did not move during the last {@code idleMs}; returns how many.
     * Call it every few seconds.
     */
    public int expireIdle(long now, long idleMs) throws MrouteException {
        int removed = 0;
        for (var byGroup : entries.values()) {
            for (var it = byGroup.values().iterator(); it.hasNext(); ) {
                Installed e = it.next();
                long packets = kernel.packetCount(e.source, e.group);
                if (packets != e.lastPackets) {
                    e.lastPackets = packets;
                    e.lastActivity = now;
                } else if (now - e.lastActivity >= idleMs) {
                    kernel.delMfc(e.source, e.group);
                    it.remove();
                    size--;
                    removed++;
                }
            }
        }
        entries.values().removeIf(Map::isEmpty);
        return removed;
    }

    public int size() {
        return size;
    }

    /** The installed entries, for display. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size);
        for (var byGroup : entries.values())
            for (Installed e : byGroup.values()) {
                List<String> oifs = new ArrayList<>();
                for (int v = 0; v < e.ttls.length; v++) if (e.ttls[v] != 0 && nameByVif[v] != null) oifs.add(nameByVif[v]);
                out.add(new Entry(e.source, e.group, nameByVif[e.parentVif], oifs, e.installedAt, Math.max(0, e.lastPackets)));
            }
        return out;
    }

    /** The TTL thresholds for (S,G) arriving on {@code parentVif}: 1 where it is to go, 0 elsewhere. */
    byte[] ttlsFor(int source, int group, int parentVif) {
        byte[] ttls = new byte[Layouts.MAXVIFS];
        Map<String, Want> byIf = wants.getOrDefault(group, Map.of());
        for (var v : vifByName.entrySet()) {
            int vif = v.getValue();
            if (vif == parentVif) continue; // never back where it came from
            Want w = byIf.get(v.getKey());
            boolean forward = (w != null && w.forwards(source)) || forwardEverything.contains(v.getKey());
            if (forward) ttls[vif] = 1;
        }
        return ttls;
    }

    private void recomputeAll(long now) throws MrouteException {
        for (int group : List.copyOf(entries.keySet())) recomputeGroup(group, now);
    }

    private void recomputeGroup(int group, long now) throws MrouteException {
        Map<Integer, Installed> byGroup = entries.get(group);
        if (byGroup == null) return;
        for (Installed e : byGroup.values()) write(e);
    }

    private void write(Installed e) throws MrouteException {
        byte[] ttls = ttlsFor(e.source, e.group, e.parentVif);
        if (e.ttls != null && e.installedParent == e.parentVif && Arrays.equals(ttls, e.ttls)) return;
        kernel.addMfc(e.source, e.group, e.parentVif, ttls);
        e.ttls = ttls;
        e.installedParent = e.parentVif;
    }
}
