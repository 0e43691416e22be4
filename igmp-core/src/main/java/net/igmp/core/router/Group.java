package net.igmp.core.router;

import net.igmp.core.FilterMode;
import net.igmp.wire.SourceList;

/**
 * One group record of one interface (RFC 9776 section 6.2.1): filter mode, group timer and the source records
 * (section 6.2.3), plus compatibility timers (7.3.2), retransmission state (6.6.3) and tracked hosts.
 *
 * <p>Kept small for a million groups: primitives, sources in parallel arrays sorted by address (allocated only
 * when there are sources), timers as absolute deadlines (a source timer "is 0" when its deadline has passed:
 * that is the Y set of an EXCLUDE-mode record).
 */
final class Group extends Timed {
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];
    private static final TrackedHost[] NO_HOSTS = new TrackedHost[0];

    final Iface iface;
    final int address;
    final long created;

    /** Slot in the interface's {@link GroupTable}, which holds the hot fields below; -1 once deleted. */
    int index = -1;

    FilterMode mode = FilterMode.INCLUDE;
    /** IGMPv1 Older Host Present timer (section 7.3.2); the IGMPv2 one is {@link #v2HostTimer()}. */
    long v1HostTimer = STOPPED;

    int nSources;
    int[] sources = NO_INTS;
    long[] sourceTimers = NO_LONGS;
    /** Per-source retransmissions left for group-and-source-specific queries (6.6.3.2). */
    byte[] sourceRetransmissions = NO_BYTES;

    /** Group-specific query retransmissions left (6.6.3.1), and when the next query round is due. */
    int groupRetransmissions;
    long nextQueryDue = NEVER;

    // Tracked hosts: the first one inline (most groups have one member per LAN), the rest in TrackedHost objects.
    int nHosts;
    int host0;
    boolean host0Exclude;
    int[] host0Sources = TrackedHost.NONE;
    TrackedHost[] moreHosts = NO_HOSTS;

    /** When a report from 0.0.0.0 was last heard: such hosts cannot be tracked, so tracking is not exact. */
    long anonymousHeard = STOPPED;

    /** The forwarding decision given out last. */
    FilterMode forwardMode = FilterMode.INCLUDE;
    SourceList forwardSources = SourceList.EMPTY;

    boolean dirty;
    boolean deleted;
    /** The operator's membership of this group on the interface, kept however hosts come and go; null for none. */
    StaticGroup staticMembership;

    Group(Iface iface, int address, long created) {
        this.iface = iface;
        this.address = address;
        this.created = created;
    }

    // Fields a report refresh writes live in the table's hot record (GroupTable), not in this object.

    /** Group Timer deadline (only meaningful in EXCLUDE mode). */
    long groupTimer() {
        return iface.groups.groupTimer(index);
    }

    void groupTimer(long deadline) {
        iface.groups.groupTimer(index, deadline);
    }

    /** IGMPv2 Older Host Present timer (section 7.3.2). */
    long v2HostTimer() {
        return iface.groups.v2HostTimer(index);
    }

    void v2HostTimer(long deadline) {
        iface.groups.v2HostTimer(index, deadline);
    }

    private long host0Heard() {
        return iface.groups.host0Heard(index);
    }

    /**
     * Recomputes the host whose IS_EX({}) (a v3 current-state record, or a v2 report, 7.3.2) may take the refresh
     * shortcut of {@code RouterEngine.refreshed} (0: none). That is the first tracked host while it is EXCLUDE({})
     * and the group is EXCLUDE with no source records: the record then leaves sources, filter mode and tracked state as they are
     * (6.4.1 EXCLUDE (X,Y) IS_EX (A) with X, Y, A empty) and only sets timers. Called after every change.
     */
    void updateRefreshHost() {
        boolean plain = mode == FilterMode.EXCLUDE && nSources == 0 && nHosts > 0 && host0Exclude && host0Sources.length == 0;
        iface.groups.refreshHost(index, plain ? host0 : 0);
    }

    /** Group Compatibility Mode, section 7.3.2: the lowest version whose Older Host Present timer runs. */
    int compatibilityMode(long now) {
        return v1HostTimer > now ? 1 : v2HostTimer() > now ? 2 : 3;
    }

    int indexOf(int source) {
        return SortedInts.indexOf(sources, nSources, source);
    }

    /** Inserts a new source at {@code -(idx + 1)} where {@code idx} came from {@link #indexOf}. */
    int insert(int idx, int source, long timer) {
        int pos = -(idx + 1);
        if (nSources == sources.length) {
            int cap = Math.max(4, nSources * 2);
            sources = java.util.Arrays.copyOf(sources, cap);
            sourceTimers = java.util.Arrays.copyOf(sourceTimers, cap);
            sourceRetransmissions = java.util.Arrays.copyOf(sourceRetransmissions, cap);
        }
        int tail = nSources - pos;
        System.arraycopy(sources, pos, sources, pos + 1, tail);
        System.arraycopy(sourceTimers, pos, sourceTimers, pos + 1, tail);
        System.arraycopy(sourceRetransmissions, pos, sourceRetransmissions, pos + 1, tail);
        sources[pos] = source;
        sourceTimers[pos] = timer;
        sourceRetransmissions[pos] = 0;
        nSources++;
        return pos;
    }

    /** Keeps only sources for which {@code keep[i]} is true (by index); order is preserved. */
    void compact(boolean[] keep) {
        int k = 0;
        for (int i = 0; i < nSources; i++) {
            if (!keep[i]) continue;
            sources[k] = sources[i];
            sourceTimers[k] = sourceTimers[i];
            sourceRetransmissions[k] = sourceRetransmissions[i];
            k++;
        }
        nSources = k;
        if (k == 0) {
            sources = NO_INTS;
            sourceTimers = NO_LONGS;
            sourceRetransmissions = NO_BYTES;
        }
    }

    /** Index of the tracked host with this address, or -1. */
    int hostIndex(int address) {
        if (nHosts == 0) return -1;
        if (host0 == address) return 0;
        for (int k = 1; k < nHosts; k++) if (moreHosts[k - 1].address == address) return k;
        return -1;
    }

    int hostAddress(int k) { return k == 0 ? host0 : moreHosts[k - 1].address; }

    boolean hostExclude(int k) { return k == 0 ? host0Exclude : moreHosts[k - 1].exclude; }

    int[] hostSources(int k) { return k == 0 ? host0Sources : moreHosts[k - 1].sources; }

    long hostHeard(int k) { return k == 0 ? host0Heard() : moreHosts[k - 1].lastHeard; }

    /** Whether host {@code k} wants traffic from {@code source}: listed in INCLUDE mode, or not listed in EXCLUDE mode. */
    boolean hostWants(int k, int source) {
        int[] s = hostSources(k);
        return hostExclude(k) != (SortedInts.indexOf(s, s.length, source) >= 0);
    }

    void setHost(int k, boolean exclude, int[] sources, long heard) {
        // Reference fields are written only when they change: a repeated report then stores no reference, and so
        // leaves the collector's write barrier (card marking and its refinement work) out of the refresh path.
        if (k == 0) {
            host0Exclude = exclude;
            if (host0Sources != sources) host0Sources = sources;
            iface.groups.host0Heard(index, heard);
        } else {
            TrackedHost h = moreHosts[k - 1];
            h.exclude = exclude;
            if (h.sources != sources) h.sources = sources;
            h.lastHeard = heard;
        }
    }

    /** Adds a host (address not 0) and returns its index. */
    int addHost(int address) {
        if (nHosts == 0) {
            host0 = address;
        } else {
            if (nHosts - 1 == moreHosts.length) moreHosts = java.util.Arrays.copyOf(moreHosts, Math.max(2, moreHosts.length * 2));
            moreHosts[nHosts - 1] = new TrackedHost(address);
        }
        return nHosts++;
    }

    /** Removes host {@code k}; the last host takes its index. */
    void removeHost(int k) {
        int last = nHosts - 1;
        if (k != last) {
            if (k == 0) {
                TrackedHost h = moreHosts[last - 1];
                host0 = h.address;
                setHost(0, h.exclude, h.sources, h.lastHeard);
            } else {
                moreHosts[k - 1] = moreHosts[last - 1];
            }
        }
        if (last == 0) {
            host0 = 0;
            host0Sources = TrackedHost.NONE;
        } else {
            moreHosts[last - 1] = null;
            if (last == 1) moreHosts = NO_HOSTS;
        }
        nHosts = last;
    }
}
