package net.igmp.core.host;

import net.igmp.core.time.DeadlineHeap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.random.RandomGenerator;
import net.igmp.core.FilterMode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.MessageType;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/**
 * The host side of IGMP (RFC 9776 sections 2, 3, 5 and 7.2; RFC 2236 section 3; RFC 1112): a pure state machine.
 * Inputs are method calls with the current time in milliseconds; outputs are pulled with {@link #pollTransmit()};
 * the caller calls {@link #handleTimeout(long)} at {@link #nextDeadline()}. All randomness comes from the
 * {@link RandomGenerator} given at construction, so a run replays exactly from its seed.
 *
 * <p>Each interface is one host identity on one link: its own address, compatibility mode, timers and group
 * states. One engine with many interfaces therefore emulates many hosts (for simulation and load generation);
 * the cost of an interface with a few groups is a few small objects, and timers live in one deadline heap.
 *
 * <p>Not thread-safe: one thread drives an engine.
 */
public final class HostEngine {
    /** The socket used by the process-level operations {@link #join}, {@link #leave} and {@link #switchGroup}. */
    public static final long DEFAULT_SOCKET = 0;

    static final int GENERAL_QUERY_TIMER = 0, STATE_CHANGE_TIMER = 1, V1_QUERIER_TIMER = 2, V2_QUERIER_TIMER = 3, GROUP_TIMER = 4;
    private static final int V3_REPORT_HEADER = 8;

    // An engine is often one host with one interface and a group or two (a simulator runs a million of them), so
    // the common case is held in as few objects as possible: what a query or a timer touches is a short chain.
    private final HostConfig config;
    private final RandomGenerator random;
    /** The first interface, held directly; {@link #moreInterfaces} (made for a second) holds the others. */
    private Iface firstIface;
    private InterfaceMap<Iface> moreInterfaces;
    /** The timers: a heap alone while they are few, then a wheel over that heap (see {@link TimerWheel}). */
    private final DeadlineHeap<HostTimer> heap = new DeadlineHeap<>(2);
    private TimerWheel wheel;
    /** Messages to send, first in first out: the head in a field, the rest (a burst) in a deque made when needed. */
    private Transmit nextTransmit;
    private ArrayDeque<Transmit> moreTransmits;
    private long messagesReceived, queriesReceived, ignored, reportsSuppressed, messagesSent, groupRecordsSent;
    /** Messages by {@link MessageType} ordinal, for the proxy's upstream metrics. */
    private final long[] receivedByType = new long[MessageType.values().length], sentByType = new long[receivedByType.length];
    /** Group entries visited by loops over an interface's groups or pending changes: the work a test can bound. */
    private long groupVisits;
    private long batches; // numbers the calls of listen(List): a group is taken once per call

    public HostEngine(HostConfig config, RandomGenerator random) {
        if (config == null || random == null) throw new IllegalArgumentException("config and random generator are required");
        this.config = config;
        this.random = random;
    }

    public HostConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ interfaces

    /** Adds an interface (one host identity) with the configured MTU. {@code address} is the report source. */
    public void addInterface(int iface, int address) {
        addInterface(iface, address, config.mtu());
    }

    public void addInterface(int iface, int address, int mtu) {
        if (findInterface(iface) != null) throw new IllegalArgumentException("interface " + iface + " already exists");
        if (mtu < HostConfig.IP_HEADER_WITH_ROUTER_ALERT + V3_REPORT_HEADER + 12) throw new IllegalArgumentException("MTU too small: " + mtu);
        Iface i = new Iface(iface, address, mtu, config);
        if (firstIface == null) {
            firstIface = i;
        } else {
            if (moreInterfaces == null) moreInterfaces = new InterfaceMap<>();
            moreInterfaces.put(iface, i);
        }
    }

    /** Removes an interface and all its state without sending anything (the link is gone). */
    public void removeInterface(int iface) {
        Iface i;
        if (firstIface != null && firstIface.id == iface) {
            i = firstIface;
            firstIface = null;
        } else {
            i = moreInterfaces == null ? null : moreInterfaces.remove(iface);
        }
        if (i == null) return;
        cancel(i.generalQueryTimer);
        cancel(i.stateChangeTimer);
        cancel(i.v1QuerierTimer);
        cancel(i.v2QuerierTimer);
        for (int k = 0; k < i.groupCount; k++) cancel(i.groups[k].groupTimer);
    }

    public boolean hasInterface(int iface) {
        return findInterface(iface) != null;
    }

    public int interfaceCount() {
        return (firstIface == null ? 0 : 1) + (moreInterfaces == null ? 0 : moreInterfaces.size());
    }

    private Iface findInterface(int iface) {
        Iface i = firstIface;
        if (i != null && i.id == iface) return i;
        return moreInterfaces == null ? null : moreInterfaces.get(iface);
    }

    // ----------------------------------------------------------------------------------- service interface (2)

    /**
     * IPListen(socket, interface, multicast-address, filter-mode, source-list) of RFC 9776 section 2. INCLUDE with
     * an empty list removes the socket's record (section 3.1). The interface state is recomputed from all sockets
     * (section 3.2) and, if it changed, a State-Change Report (or a v1/v2 report or Leave) is queued at once.
     */
    public void listen(long now, long socket, int iface, int group, FilterMode mode, SourceList sources) {
        Iface i = requireInterface(iface);
        requireGroup(group);
        if (mode == null || sources == null) throw new IllegalArgumentException("filter mode and source list are required");
        Group g = i.find(group);
        if (g == null) {
            if (mode == FilterMode.INCLUDE && sources.isEmpty()) return; // no record, nothing to remove
            g = i.add(group);
        }
        FilterMode oldMode = g.mode;
        int[] oldSources = g.sources;
        g.setSocket(socket, mode, SourceSet.of(sources));
        if (changed(g, oldMode, oldSources)) {
            interfaceStateChanged(now, i, g, oldMode, oldSources);
            if (i.compatibilityMode == 3 && g.pendingChange) sendStateChangeReport(now, i, List.of(g));
        }
        removeIfIdle(i, g);
    }

    /**
     * Several IPListen calls at the same moment on one socket, e.g. an RFC 4605 proxy passing on what one
     * downstream report changed. Each group is handled as by {@link #listen(long, long, int, int, FilterMode,
     * SourceList)}, but in IGMPv3 the State-Change Records of all of them go out together, packed into as few
     * reports as the MTU allows (as {@link #switchGroup} does for two groups), instead of one report per group.
     * A group named more than once ends with its last filter.
     */
    public void listen(long now, long socket, int iface, List<GroupFilter> filters) {
        Iface i = requireInterface(iface);
        for (GroupFilter f : filters) {
            requireGroup(f.group());
            if (f.mode() == null || f.sources() == null) throw new IllegalArgumentException("filter mode and source list are required");
        }
        long batch = ++batches;
        List<Group> changed = new ArrayList<>();
        List<Group> touched = new ArrayList<>(filters.size());
        for (GroupFilter f : filters) {
            Group g = i.find(f.group());
            if (g == null) {
                if (f.mode() == FilterMode.INCLUDE && f.sources().isEmpty()) continue;
                g = i.add(f.group());
            }
            FilterMode oldMode = g.mode;
            int[] oldSources = g.sources;
            g.setSocket(socket, f.mode(), SourceSet.of(f.sources()));
            if (changed(g, oldMode, oldSources)) {
                interfaceStateChanged(now, i, g, oldMode, oldSources);
                if (g.changedIn != batch) {
                    g.changedIn = batch;
                    changed.add(g);
                }
            }
            if (g.touchedIn != batch) {
                g.touchedIn = batch;
                touched.add(g);
            }
        }
        if (i.compatibilityMode == 3) {
            changed.removeIf(g -> !g.pendingChange);
            if (!changed.isEmpty()) sendStateChangeReport(now, i, changed);
        }
        for (Group g : touched) removeIfIdle(i, g);
    }

    /** Joins {@code group} for any source: EXCLUDE {} on the default socket ("any-source multicast"). */
    public void join(long now, int iface, int group) {
        listen(now, DEFAULT_SOCKET, iface, group, FilterMode.EXCLUDE, SourceList.EMPTY);
    }

    /** Joins {@code group} for the listed sources only: INCLUDE {sources} on the default socket (SSM, RFC 4604). */
    public void join(long now, int iface, int group, SourceList includeSources) {
        if (includeSources.isEmpty()) throw new IllegalArgumentException("a source-specific join needs at least one source");
        listen(now, DEFAULT_SOCKET, iface, group, FilterMode.INCLUDE, includeSources);
    }

    /** Leaves {@code group} on the default socket: INCLUDE {}. */
    public void leave(long now, int iface, int group) {
        listen(now, DEFAULT_SOCKET, iface, group, FilterMode.INCLUDE, SourceList.EMPTY);
    }

    /** Switches the default socket from {@code oldGroup} to {@code newGroup} for any source. */
    public void switchGroup(long now, int iface, int oldGroup, int newGroup) {
        switchGroup(now, iface, oldGroup, newGroup, FilterMode.EXCLUDE, SourceList.EMPTY);
    }

    /**
     * Leaves {@code oldGroup} and joins {@code newGroup} (with the given filter) on the default socket as one step.
     * In IGMPv3 both State-Change records go in ONE report (e.g. TO_EX({}) for the new group and TO_IN({}) for the
     * old), so a router starts the new group and stops the old one at the same moment; its retransmissions also
     * carry both. In v1/v2 compatibility mode this is a Report for the new group and, if this host was the last
     * to report the old one, a Leave.
     */
    public void switchGroup(long now, int iface, int oldGroup, int newGroup, FilterMode mode, SourceList sources) {
        Iface i = requireInterface(iface);
        requireGroup(oldGroup);
        requireGroup(newGroup);
        if (oldGroup == newGroup) throw new IllegalArgumentException("switching to the same group");
        if (mode == null || sources == null) throw new IllegalArgumentException("filter mode and source list are required");
        List<Group> changed = new ArrayList<>(2);
        Group newG = i.find(newGroup);
        if (newG == null && (mode == FilterMode.EXCLUDE || !sources.isEmpty())) newG = i.add(newGroup);
        if (newG != null) {
            FilterMode m = newG.mode;
            int[] s = newG.sources;
            newG.setSocket(DEFAULT_SOCKET, mode, SourceSet.of(sources));
            if (changed(newG, m, s)) {
                interfaceStateChanged(now, i, newG, m, s);
                if (newG.pendingChange) changed.add(newG);
            }
        }
        Group oldG = i.find(oldGroup);
        if (oldG != null) {
            FilterMode m = oldG.mode;
            int[] s = oldG.sources;
            oldG.setSocket(DEFAULT_SOCKET, FilterMode.INCLUDE, SourceSet.EMPTY);
            if (changed(oldG, m, s)) {
                interfaceStateChanged(now, i, oldG, m, s);
                if (oldG.pendingChange) changed.add(oldG);
            }
        }
        if (!changed.isEmpty() && i.compatibilityMode == 3) sendStateChangeReport(now, i, changed);
        if (newG != null) removeIfIdle(i, newG);
        if (oldG != null) removeIfIdle(i, oldG);
    }

    /** The interface reception state for {@code group} (section 3.2); {@link ReceptionState#NONE} when none. */
    public ReceptionState receptionState(int iface, int group) {
        Group g = requireInterface(iface).find(group);
        return g == null ? ReceptionState.NONE : new ReceptionState(g.mode, g.sourceList);
    }

    /** The groups the interface has reception state for, in no particular order. */
    public List<Integer> groups(int iface) {
        Iface i = requireInterface(iface);
        List<Integer> r = new ArrayList<>(i.groupCount);
        for (int k = 0; k < i.groupCount; k++) if (i.groups[k].hasState()) r.add(i.groups[k].group);
        return r;
    }

    /** Host Compatibility Mode of the interface (section 7.2.1): 1, 2 or 3. */
    public int compatibilityMode(int iface) {
        return requireInterface(iface).compatibilityMode;
    }

    /** The Robustness Variable in use on the interface: the last non-zero QRV heard, else the configured one. */
    public int robustness(int iface) {
        return requireInterface(iface).robustness;
    }

    /** The Query Interval in use on the interface (ms): the last QQI heard, else the configured one. */
    public long queryIntervalMs(int iface) {
        return requireInterface(iface).queryIntervalMs;
    }

    /** O(1): the groups with reception state that reports carry (224.0.0.0/24 is never reported). */
    public int reportableGroupCount(int iface) {
        return requireInterface(iface).reportableGroups;
    }

    long groupVisits() {
        return groupVisits;
    }

    /** Messages of this type received, on any interface. */
    public long received(MessageType type) {
        return receivedByType[type.ordinal()];
    }

    /** Messages of this type sent, on any interface. */
    public long sent(MessageType type) {
        return sentByType[type.ordinal()];
    }

    public HostStats stats() {
        return new HostStats(messagesReceived, queriesReceived, ignored, reportsSuppressed, messagesSent, groupRecordsSent);
    }

    // ------------------------------------------------------------------------------------------- pure driving

    /**
     * A message received on {@code iface} from {@code source} to {@code destination}. Never throws for remote
     * input: what a host does not act on is counted as ignored.
     */
    public void handle(long now, int iface, int source, int destination, IgmpMessage message) {
        messagesReceived++;
        if (message != null) receivedByType[MessageType.of(message).ordinal()]++;
        Iface i = findInterface(iface);
        if (i == null || message == null) {
            ignored++;
            return;
        }
        if (source == i.address && source != 0) { // our own message looped back
            ignored++;
            return;
        }
        switch (message) {
            case MembershipQuery q -> onQuery(now, i, q);
            case V1MembershipReport r -> onOlderReport(i, r.group());
            case V2MembershipReport r -> onOlderReport(i, r.group());
            case V3MembershipReport r -> ignored++;   // hosts take no action on v3 reports (section 5)
            case LeaveGroup l -> ignored++;           // only routers act on Leave (RFC 2236 section 3)
            case UnknownMessage u -> ignored++;       // section 4: silently ignored
        }
    }

    /** Runs every timer due at or before {@code now}. */
    public void handleTimeout(long now) {
        HostTimer t;
        while ((t = wheel != null ? wheel.pollDue(now) : heap.pollExpired(now)) != null) {
            Iface i = t.iface;
            switch (t.kind) {
                case GENERAL_QUERY_TIMER -> respondToGeneralQuery(i);
                case STATE_CHANGE_TIMER -> sendStateChangeReport(now, i, null);
                case V1_QUERIER_TIMER, V2_QUERIER_TIMER -> updateCompatibilityMode(i);
                case GROUP_TIMER -> onGroupTimer(now, i, t.group);
                default -> throw new IllegalStateException("unknown timer kind " + t.kind);
            }
        }
    }

    /** The next message to send, or null. */
    public Transmit pollTransmit() {
        Transmit t = nextTransmit;
        if (t != null) nextTransmit = moreTransmits == null ? null : moreTransmits.poll();
        return t;
    }

    /** Messages queued and not yet polled. */
    public int pendingTransmits() {
        return (nextTransmit == null ? 0 : 1) + (moreTransmits == null ? 0 : moreTransmits.size());
    }

    /** When {@link #handleTimeout(long)} must next be called; {@link Long#MAX_VALUE} when nothing is scheduled. */
    public long nextDeadline() {
        return wheel != null ? wheel.peekDeadline() : heap.nextDeadline();
    }

    // ------------------------------------------------------------------------- 3.2 + 5.1: state changes

    private static boolean changed(Group g, FilterMode oldMode, int[] oldSources) {
        return g.mode != oldMode || !Arrays.equals(g.sources, oldSources);
    }

    /** Records what changed for the reports to come, in the protocol the interface speaks now. */
    private void interfaceStateChanged(long now, Iface i, Group g, FilterMode oldMode, int[] oldSources) {
        i.stateChanged(g, oldMode, oldSources);
        if (Ipv4.isLinkLocalMulticast(g.group)) return; // 224.0.0.0/24 is never reported
        if (i.compatibilityMode == 3) {
            if (oldMode != g.mode) {
                // 5.1: a filter-mode change; the next [Robustness Variable] reports carry a Filter-Mode-Change
                // record, which carries the whole source list, so per-source retransmission state is void.
                g.filterModeChangesLeft = i.robustness;
                g.retransmitSources = SourceSet.EMPTY;
                g.retransmitCounts = SourceSet.EMPTY;
                i.markPending(g);
            } else {
                // 5.1: each source in the difference report keeps retransmission state for RV reports; whether it
                // goes in ALLOW or BLOCK is decided from the current state when each report is built.
                int[] diff = SourceSet.symmetricDifference(oldSources, g.sources);
                g.addRetransmitSources(diff, i.robustness);
                if (g.hasRetransmissionState()) i.markPending(g);
            }
            return;
        }
        // 7.2.1: v1/v2 compatibility mode speaks only those protocols; source lists do not exist there.
        boolean wasMember = oldMode == FilterMode.EXCLUDE || oldSources.length > 0;
        boolean isMember = g.hasState();
        if (!wasMember && isMember) {
            // RFC 2236 section 3: an unsolicited Report at once, repeated after a random delay.
            sendOlderReport(i, g);
            g.unsolicitedLeft = i.robustness - 1;
            if (g.unsolicitedLeft > 0) schedule(now, groupTimer(i, g), now + randomDelay(config.v2UnsolicitedReportIntervalMs()));
            else cancel(g.groupTimer);
        } else if (wasMember && !isMember) {
            // RFC 2236 section 3: a Leave only if this host sent the last Report; v1 has no Leave.
            if (i.compatibilityMode == 2 && g.lastReporter) send(i, Ipv4.ALL_ROUTERS, new LeaveGroup(g.group));
            g.lastReporter = false;
            g.unsolicitedLeft = 0;
            cancel(g.groupTimer);
        }
    }

    /**
     * Sends a State-Change Report (5.1) for {@code only} (the groups just changed) or, when null, for every group
     * with retransmission state, then schedules the next retransmission at a random moment in (0, [Unsolicited
     * Report Interval]) while any group still has some. Sending counts as one of the [Robustness Variable]
     * transmissions of each group it carries: the merged report replaces earlier pending ones.
     */
    private void sendStateChangeReport(long now, Iface i, List<Group> only) {
        ReportBuilder b = new ReportBuilder(i);
        if (only != null) {
            // A change report: only the groups just changed are visited. Retransmission state only ever runs out
            // by being sent, so no other pending group can have lost it: O(records), however many are pending.
            for (Group g : only) addStateChangeRecords(b, g);
            b.flush();
            for (Group g : only) {
                if (g.hasRetransmissionState()) continue;
                i.unmarkPending(g);
                removeIfIdle(i, g);
            }
        } else {
            // The retransmission timer: every pending group once; spent and stale entries leave the list.
            Group[] pending = i.pendingChanges;
            int listed = i.pendingListed;
            for (int k = 0; k < listed; k++) {
                Group g = pending[k];
                groupVisits++;
                if (g.pendingChange) addStateChangeRecords(b, g);
            }
            b.flush();
            int n = 0;
            for (int k = 0; k < listed; k++) {
                Group g = pending[k];
                if (g.pendingChange && g.hasRetransmissionState()) pending[n++] = g;
                else {
                    g.listedPending = false;
                    i.unmarkPending(g);
                    removeIfIdle(i, g);
                }
            }
            Arrays.fill(pending, n, listed, null);
            i.pendingListed = n;
        }
        if (i.pendingCount > 0) schedule(now, i.stateChangeTimer, now + randomDelay(config.unsolicitedReportIntervalMs()));
        else cancel(i.stateChangeTimer);
    }

    /** The records of one State-Change Report for one group (5.1, second table). */
    private static void addStateChangeRecords(ReportBuilder b, Group g) {
        if (g.filterModeChangesLeft > 0) {
            // TO_IN: all sources that must be forwarded; TO_EX: all that must be blocked.
            RecordType t = g.mode == FilterMode.INCLUDE ? RecordType.CHANGE_TO_INCLUDE_MODE : RecordType.CHANGE_TO_EXCLUDE_MODE;
            b.add(t, g);
            g.filterModeChangesLeft--;
            return;
        }
        if (g.retransmitSources.length == 0) return;
        int[] rs = g.retransmitSources;
        int[] allow = new int[rs.length], block = new int[rs.length];
        int na = 0, nb = 0;
        for (int s : rs) {
            boolean forwarded = SourceSet.contains(g.sources, s) == (g.mode == FilterMode.INCLUDE);
            if (forwarded) allow[na++] = s;
            else block[nb++] = s;
        }
        // an empty ALLOW or BLOCK is omitted
        if (na > 0) b.add(RecordType.ALLOW_NEW_SOURCES, g.group, Arrays.copyOf(allow, na));
        if (nb > 0) b.add(RecordType.BLOCK_OLD_SOURCES, g.group, Arrays.copyOf(block, nb));
        g.countRetransmission();
    }

    // --------------------------------------------------------------------------------- 5.2: queries

    private void onQuery(long now, Iface i, MembershipQuery q) {
        queriesReceived++;
        if (!q.isGeneral() && !Ipv4.isMulticast(q.group())) {
            ignored++;
            return;
        }
        // 7.2.1: an older query starts the matching Older Version Querier Present timer. Its timeout is
        // [Robustness Variable] x [Query Interval] + [Query Response Interval] (section 8.12).
        switch (q.version()) {
            case 1 -> schedule(now, querierTimer(i, V1_QUERIER_TIMER), now + olderVersionQuerierTimeout(i, config.queryResponseIntervalMs()));
            case 2 -> schedule(now, querierTimer(i, V2_QUERIER_TIMER), now + olderVersionQuerierTimeout(i, q.maxResponseTimeMs()));
            default -> {
                // 4.1.6 / 4.1.7: adopt the querier's robustness and interval; QRV 0 means "keep yours".
                if (q.qrv() != 0) i.robustness = q.qrv();
                if (q.queryIntervalS() != 0) i.queryIntervalMs = 1000L * q.queryIntervalS();
            }
        }
        updateCompatibilityMode(i);
        if (i.compatibilityMode == 3) onV3Query(now, i, q);
        else onOlderQuery(now, i, q);
    }

    private long olderVersionQuerierTimeout(Iface i, long queryResponseIntervalMs) {
        return i.robustness * i.queryIntervalMs + queryResponseIntervalMs;
    }

    /** 5.2: schedule a response, by the first of the five rules that applies. */
    private void onV3Query(long now, Iface i, MembershipQuery q) {
        Group g = null;
        if (q.isGeneral()) {
            if (!i.hasReportableState()) return; // "provided the system has state to report"
        } else {
            g = i.find(q.group());
            if (g == null || !g.hasState() || Ipv4.isLinkLocalMulticast(g.group)) return;
        }
        long deadline = now + randomDelay(q.maxResponseTimeMs());
        // Rule 1: a pending General Query response sooner than the selected delay covers this query too.
        if (i.generalQueryTimer.scheduled() && i.generalQueryTimer.deadline < deadline) return;
        // Rule 2: a General Query (re)starts the interface timer; an earlier pending one is replaced.
        if (g == null) {
            schedule(now, i.generalQueryTimer, deadline);
            return;
        }
        int[] querySources = SourceSet.of(q.sources());
        HostTimer gt = groupTimer(i, g);
        if (!gt.scheduled()) {
            // Rule 3: no pending response for the group: use the group timer, record the queried sources.
            g.recordedSources = querySources;
            schedule(now, gt, deadline);
        } else if (querySources.length == 0 || g.recordedSources.length == 0) {
            // Rule 4: a Group-Specific query, or one pending already: one group response, the earlier time.
            g.recordedSources = SourceSet.EMPTY;
            schedule(now, gt, Math.min(gt.deadline, deadline));
        } else {
            // Rule 5: both source-specific: augment the recorded list, the earlier time.
            g.recordedSources = SourceSet.union(g.recordedSources, querySources);
            schedule(now, gt, Math.min(gt.deadline, deadline));
        }
    }

    /** 5.2, timer expiry 1: one Current-State Record per group with reception state, packed into reports. */
    private void respondToGeneralQuery(Iface i) {
        ReportBuilder b = new ReportBuilder(i);
        for (int k = 0; k < i.groupCount; k++) {
            Group g = i.groups[k];
            groupVisits++;
            if (!g.hasState() || Ipv4.isLinkLocalMulticast(g.group)) continue;
            b.add(g.mode == FilterMode.INCLUDE ? RecordType.MODE_IS_INCLUDE : RecordType.MODE_IS_EXCLUDE, g);
        }
        b.flush();
    }

    private void onGroupTimer(long now, Iface i, Group g) {
        if (i.compatibilityMode == 3) {
            respondToGroupQuery(i, g);
        } else if (g.hasState()) {
            // RFC 2236 section 3: the delay timer (query response or repeated unsolicited report) expired.
            sendOlderReport(i, g);
            if (g.unsolicitedLeft > 0 && --g.unsolicitedLeft > 0)
                schedule(now, groupTimer(i, g), now + randomDelay(config.v2UnsolicitedReportIntervalMs()));
        }
        removeIfIdle(i, g);
    }

    /** 5.2, timer expiry 2 and 3; then the recorded sources are cleared. */
    private void respondToGroupQuery(Iface i, Group g) {
        int[] recorded = g.recordedSources;
        g.recordedSources = SourceSet.EMPTY;
        if (!g.hasState()) return; // "if and only if the interface has reception state for that group"
        ReportBuilder b = new ReportBuilder(i);
        if (recorded.length == 0) {
            b.add(g.mode == FilterMode.INCLUDE ? RecordType.MODE_IS_INCLUDE : RecordType.MODE_IS_EXCLUDE, g);
        } else {
            // INCLUDE (A), B -> IS_IN (A*B); EXCLUDE (A), B -> IS_IN (B-A); nothing if empty.
            int[] s = g.mode == FilterMode.INCLUDE ? SourceSet.intersect(g.sources, recorded) : SourceSet.minus(recorded, g.sources);
            if (s.length == 0) return;
            b.add(RecordType.MODE_IS_INCLUDE, g.group, s);
        }
        b.flush();
    }

    // --------------------------------------------------------------------------- 7.2: compatibility

    /** RFC 2236 section 3 (and RFC 1112): a v1/v2 query starts or shortens the per-group delay timers. */
    private void onOlderQuery(long now, Iface i, MembershipQuery q) {
        // 7.2.1: a v1 query's Max Resp Code 0 means 100 (10 s); a v3 query is read as a v2 query.
        long maxResp = q.version() == 1 ? 10_000 : q.maxResponseTimeMs();
        if (q.isGeneral()) {
            groupVisits += i.groupCount;
            for (int k = 0; k < i.groupCount; k++) startDelayTimer(now, i, i.groups[k], maxResp);
        } else {
            Group g = i.find(q.group());
            if (g != null) startDelayTimer(now, i, g, maxResp);
        }
    }

    private void startDelayTimer(long now, Iface i, Group g, long maxResp) {
        if (!g.hasState() || Ipv4.isLinkLocalMulticast(g.group)) return;
        HostTimer t = groupTimer(i, g);
        // reset only when the query asks for an answer sooner than the running timer would give
        if (!t.scheduled() || t.remaining(now) > maxResp) schedule(now, t, now + randomDelay(maxResp));
    }

    /** RFC 2236 section 3: another host's v1/v2 Report stops our timer for the group and clears our flag. */
    private void onOlderReport(Iface i, int group) {
        Group g = i.find(group);
        if (g == null || i.compatibilityMode == 3) {
            ignored++; // a v3 host does not suppress (section 5)
            return;
        }
        if (g.groupTimer != null && g.groupTimer.scheduled()) {
            cancel(g.groupTimer);
            reportsSuppressed++;
        }
        g.unsolicitedLeft = 0;
        g.lastReporter = false;
    }

    /** 7.2.1: mode from the Older Version Querier Present timers; a change cancels every pending response and retransmission. */
    private void updateCompatibilityMode(Iface i) {
        int mode = running(i.v1QuerierTimer) ? 1 : running(i.v2QuerierTimer) ? 2 : 3;
        mode = Math.min(mode, config.maxVersion());
        if (mode == i.compatibilityMode) return;
        i.compatibilityMode = mode;
        cancel(i.generalQueryTimer);
        cancel(i.stateChangeTimer);
        for (int k = 0; k < i.groupCount; k++) {
            Group g = i.groups[k];
            groupVisits++;
            cancel(g.groupTimer);
            g.recordedSources = SourceSet.EMPTY;
            g.filterModeChangesLeft = 0;
            g.retransmitSources = SourceSet.EMPTY;
            g.retransmitCounts = SourceSet.EMPTY;
            g.unsolicitedLeft = 0;
            g.pendingChange = false;
        }
        for (int k = 0; k < i.pendingListed; k++) i.pendingChanges[k].listedPending = false;
        Arrays.fill(i.pendingChanges, 0, i.pendingListed, null);
        i.pendingListed = 0;
        i.pendingCount = 0;
        removeIdleGroups(i);
    }

    private static boolean running(HostTimer t) {
        return t != null && t.scheduled();
    }

    private void sendOlderReport(Iface i, Group g) {
        IgmpMessage m = i.compatibilityMode == 1 ? new V1MembershipReport(g.group) : new V2MembershipReport(g.group);
        send(i, g.group, m);
        g.lastReporter = true;
    }

    // ------------------------------------------------------------------------------------------- plumbing

    private void send(Iface i, int destination, IgmpMessage m) {
        Transmit t = new Transmit(i.id, i.address, destination, m);
        if (nextTransmit == null) {
            nextTransmit = t; // the deque is empty: pollTransmit refills the head from it
        } else {
            if (moreTransmits == null) moreTransmits = new ArrayDeque<>(4);
            moreTransmits.add(t);
        }
        messagesSent++;
        sentByType[MessageType.of(m).ordinal()]++;
    }

    /** A uniformly random delay in (0, max] milliseconds; 0 only when max is 0. */
    private long randomDelay(long max) {
        return max <= 1 ? Math.max(0, max) : 1 + random.nextLong(max);
    }

    private void schedule(long now, HostTimer t, long deadline) {
        if (wheel != null) {
            wheel.schedule(t, now, deadline);
            return;
        }
        t.deadline = deadline;
        heap.schedule(t, deadline);
        if (heap.size() >= TimerWheel.WHEEL_FROM) wheel = new TimerWheel(heap, now);
    }

    private void cancel(HostTimer t) {
        if (t == null) return;
        if (wheel != null) wheel.cancel(t);
        else heap.cancel(t);
    }

    private HostTimer querierTimer(Iface i, int kind) {
        if (kind == V1_QUERIER_TIMER) {
            if (i.v1QuerierTimer == null) i.v1QuerierTimer = new HostTimer(kind, i, null);
            return i.v1QuerierTimer;
        }
        if (i.v2QuerierTimer == null) i.v2QuerierTimer = new HostTimer(kind, i, null);
        return i.v2QuerierTimer;
    }

    private HostTimer groupTimer(Iface i, Group g) {
        if (g.groupTimer == null) g.groupTimer = new HostTimer(GROUP_TIMER, i, g);
        return g.groupTimer;
    }

    private void removeIfIdle(Iface i, Group g) {
        if (g.idle()) i.remove(g);
    }

    private void removeIdleGroups(Iface i) {
        groupVisits += i.groupCount;
        for (int k = i.groupCount - 1; k >= 0; k--) if (i.groups[k].idle()) i.remove(i.groups[k]);
    }

    private Iface requireInterface(int iface) {
        Iface i = findInterface(iface);
        if (i == null) throw new IllegalArgumentException("no interface " + iface);
        return i;
    }

    private static void requireGroup(int group) {
        if (!Ipv4.isMulticast(group)) throw new IllegalArgumentException("not a multicast address: " + Ipv4.format(group));
    }

    /**
     * Packs Group Records into Version 3 Membership Reports that fit the interface MTU (section 4.2.16): a report
     * is sent when the next record would not fit; a record too large on its own is split into records with
     * subsets of its sources, except IS_EX / TO_EX, which are truncated to what fits. One builder per report set,
     * short-lived: most reports carry one record, which needs no list at all.
     */
    private final class ReportBuilder {
        private final Iface iface;
        private final int limit; // octets of IGMP message allowed: MTU - IPv4 header with Router Alert
        private GroupRecord first;
        private ArrayList<GroupRecord> more; // the records after the first, when there are several
        private int length = V3_REPORT_HEADER;

        ReportBuilder(Iface iface) {
            this.iface = iface;
            this.limit = iface.mtu - HostConfig.IP_HEADER_WITH_ROUTER_ALERT;
        }

        /** Adds a record of the group's current state (its source list is already in wire form). */
        void add(RecordType type, Group g) {
            int size = 8 + 4 * g.sources.length;
            if (length + size <= limit) append(new GroupRecord(type, g.group, g.sourceList), size);
            else add(type, g.group, g.sources);
        }

        void add(RecordType type, int group, int[] sources) {
            int size = 8 + 4 * sources.length;
            if (length + size <= limit) {
                append(new GroupRecord(type, group, SourceSet.toList(sources)), size);
                return;
            }
            flush();
            int perRecord = (limit - V3_REPORT_HEADER - 8) / 4;
            if (sources.length <= perRecord) {
                append(new GroupRecord(type, group, SourceSet.toList(sources)), size);
                return;
            }
            if (type == RecordType.MODE_IS_EXCLUDE || type == RecordType.CHANGE_TO_EXCLUDE_MODE) {
                append(new GroupRecord(type, group, SourceList.of(Arrays.copyOf(sources, perRecord))), 8 + 4 * perRecord);
                flush();
                return;
            }
            for (int from = 0; from < sources.length; from += perRecord) {
                int to = Math.min(sources.length, from + perRecord);
                append(new GroupRecord(type, group, SourceList.of(Arrays.copyOfRange(sources, from, to))), 8 + 4 * (to - from));
                flush();
            }
        }

        private void append(GroupRecord r, int size) {
            if (first == null) {
                first = r;
            } else {
                if (more == null) more = new ArrayList<>(4);
                more.add(r);
            }
            length += size;
        }

        void flush() {
            if (first == null) return;
            List<GroupRecord> records;
            if (more == null || more.isEmpty()) {
                records = List.of(first);
            } else {
                more.addFirst(first);
                records = more;
            }
            send(iface, Ipv4.ALL_IGMPV3_ROUTERS, new V3MembershipReport(records));
            groupRecordsSent += records.size();
            first = null;
            if (more != null) more.clear();
            length = V3_REPORT_HEADER;
        }
    }

    /** One interface: one host identity on one link (RFC 9776 section 3.2 state plus section 5 and 7.2 timers). */
    static final class Iface {
        private static final int INDEX_FROM = 8;

        final int id;
        final int address;
        final int mtu;
        int robustness;
        long queryIntervalMs;
        int compatibilityMode;
        /** Made with the interface, so that they sit beside it in memory: nearly every host runs both. */
        final HostTimer generalQueryTimer = new HostTimer(GENERAL_QUERY_TIMER, this, null);
        final HostTimer stateChangeTimer = new HostTimer(STATE_CHANGE_TIMER, this, null);
        HostTimer v1QuerierTimer, v2QuerierTimer;
        Group[] groups = new Group[1];
        private Group firstGroup = new Group();
        int groupCount;
        int reportableGroups; // groups with reception state that reports may carry (not 224.0.0.0/24)
        /**
         * Groups with 5.1 retransmission state, in the order they got it. A group whose state ran out in a change
         * report stays listed (stale, {@code pendingChange} false) until the next timer pass drops it: taking it
         * out at once would cost O(pending) per report.
         */
        Group[] pendingChanges = new Group[1];
        int pendingListed; // entries in pendingChanges
        int pendingCount; // groups with pendingChange set

        void markPending(Group g) {
            if (g.pendingChange) return;
            g.pendingChange = true;
            pendingCount++;
            if (!g.listedPending) {
                g.listedPending = true;
                if (pendingListed == pendingChanges.length) pendingChanges = Arrays.copyOf(pendingChanges, Math.max(1, 2 * pendingListed));
                pendingChanges[pendingListed++] = g;
            }
        }

        void unmarkPending(Group g) {
            if (!g.pendingChange) return;
            g.pendingChange = false;
            pendingCount--;
        }
        private HashMap<Integer, Group> index; // only for interfaces with many groups

        Iface(int id, int address, int mtu, HostConfig config) {
            this.id = id;
            this.address = address;
            this.mtu = mtu;
            this.robustness = config.robustness();
            this.queryIntervalMs = config.queryIntervalMs();
            this.compatibilityMode = config.maxVersion();
        }

        Group find(int group) {
            if (index != null) return index.get(group);
            for (int k = 0; k < groupCount; k++) if (groups[k].group == group) return groups[k];
            return null;
        }

        Group add(int group) {
            // The first group's record was made with the interface (most hosts listen to one group), so that it
            // lies beside the interface in memory. It serves once: removed records are never reused.
            Group g = firstGroup != null ? firstGroup : new Group();
            firstGroup = null;
            g.group = group;
            if (groupCount == groups.length) groups = Arrays.copyOf(groups, groupCount * 2);
            g.position = groupCount;
            groups[groupCount++] = g;
            if (index != null) index.put(group, g);
            else if (groupCount > INDEX_FROM) {
                index = new HashMap<>();
                for (int k = 0; k < groupCount; k++) index.put(groups[k].group, groups[k]);
            }
            return g;
        }

        /** O(1): the last group takes the removed one's place. */
        void remove(Group g) {
            int p = g.position;
            if (p < 0 || groups[p] != g) return;
            Group last = groups[--groupCount];
            groups[p] = last;
            last.position = p;
            groups[groupCount] = null;
            g.position = -1;
            if (index != null) index.remove(g.group);
        }

        boolean hasReportableState() {
            return reportableGroups > 0;
        }

        /** Keeps {@link #reportableGroups} right after {@code g}'s interface state changed. */
        void stateChanged(Group g, FilterMode oldMode, int[] oldSources) {
            if (Ipv4.isLinkLocalMulticast(g.group)) return;
            boolean had = oldMode == FilterMode.EXCLUDE || oldSources.length > 0;
            if (had != g.hasState()) reportableGroups += had ? -1 : 1;
        }
    }

    /** Per interface and multicast address: socket records, the merged interface state, and pending work. */
    static final class Group {
        int group; // set once, when the record is taken into use
        int position = -1;
        // socket records (section 3.1)
        // socket records (section 3.1): the first in fields (a host usually has one socket per group), the others
        // from index 1 on in arrays made when a second socket asks
        long socket0;
        FilterMode mode0;
        int[] sources0;
        long[] sockets;
        FilterMode[] socketModes;
        int[][] socketSources;
        int socketCount;
        // interface state (section 3.2)
        FilterMode mode = FilterMode.INCLUDE;
        int[] sources = SourceSet.EMPTY;
        SourceList sourceList = SourceList.EMPTY; // the same set in wire form, built once per change
        // section 5.1 retransmission state
        int filterModeChangesLeft;
        boolean pendingChange; // has 5.1 retransmission state to send (counted in Iface.pendingCount)
        boolean listedPending; // in Iface.pendingChanges (possibly stale)
        long touchedIn, changedIn; // the last listen(List) calls that touched / changed this group
        int[] retransmitSources = SourceSet.EMPTY;
        int[] retransmitCounts = SourceSet.EMPTY;
        // section 5.2 pending response / RFC 2236 delay timer
        HostTimer groupTimer;
        int[] recordedSources = SourceSet.EMPTY;
        // RFC 2236 section 3
        int unsolicitedLeft;
        boolean lastReporter;


        boolean hasState() {
            return mode == FilterMode.EXCLUDE || sources.length > 0;
        }

        boolean hasRetransmissionState() {
            return filterModeChangesLeft > 0 || retransmitSources.length > 0;
        }

        boolean idle() {
            return socketCount == 0 && !hasState() && !hasRetransmissionState() && (groupTimer == null || !groupTimer.scheduled());
        }

        /** Sets or (INCLUDE {}) deletes one socket's record, then re-merges the interface state. */
        void setSocket(long socket, FilterMode m, int[] s) {
            int at = -1;
            for (int k = 0; k < socketCount; k++) if (socketAt(k) == socket) at = k;
            boolean delete = m == FilterMode.INCLUDE && s.length == 0;
            if (delete) {
                if (at >= 0) {
                    int last = --socketCount;
                    setRecord(at, socketAt(last), modeAt(last), sourcesAt(last));
                    setRecord(last, 0, null, null);
                }
            } else {
                if (at < 0) at = socketCount++;
                setRecord(at, socket, m, s);
            }
            merge();
        }

        private long socketAt(int k) {
            return k == 0 ? socket0 : sockets[k - 1];
        }

        private FilterMode modeAt(int k) {
            return k == 0 ? mode0 : socketModes[k - 1];
        }

        private int[] sourcesAt(int k) {
            return k == 0 ? sources0 : socketSources[k - 1];
        }

        private void setRecord(int k, long socket, FilterMode m, int[] s) {
            if (k == 0) {
                socket0 = socket;
                mode0 = m;
                sources0 = s;
                return;
            }
            if (sockets == null || k > sockets.length) {
                int n = sockets == null ? 1 : 2 * sockets.length;
                sockets = sockets == null ? new long[n] : Arrays.copyOf(sockets, n);
                socketModes = socketModes == null ? new FilterMode[n] : Arrays.copyOf(socketModes, n);
                socketSources = socketSources == null ? new int[n][] : Arrays.copyOf(socketSources, n);
            }
            sockets[k - 1] = socket;
            socketModes[k - 1] = m;
            socketSources[k - 1] = s;
        }

        /**
         * Section 3.2: if any socket is EXCLUDE, the interface is EXCLUDE with the intersection of the exclude
         * lists minus the union of the include lists; otherwise INCLUDE with the union of the include lists.
         */
        private void merge() {
            int[] includeUnion = SourceSet.EMPTY;
            int[] excludeIntersection = null;
            for (int k = 0; k < socketCount; k++) {
                int[] ks = sourcesAt(k);
                if (modeAt(k) == FilterMode.INCLUDE) includeUnion = SourceSet.union(includeUnion, ks);
                else excludeIntersection = excludeIntersection == null ? ks : SourceSet.intersect(excludeIntersection, ks);
            }
            if (excludeIntersection != null) {
                mode = FilterMode.EXCLUDE;
                sources = SourceSet.minus(excludeIntersection, includeUnion);
            } else {
                mode = FilterMode.INCLUDE;
                sources = includeUnion;
            }
            sourceList = SourceSet.toList(sources);
        }

        /** Gives each source in {@code changed} retransmission state for {@code rv} reports (5.1). */
        void addRetransmitSources(int[] changed, int rv) {
            if (changed.length == 0) return;
            int[] all = SourceSet.union(retransmitSources, changed);
            int[] counts = new int[all.length];
            for (int k = 0; k < all.length; k++) {
                if (SourceSet.contains(changed, all[k])) counts[k] = rv;
                else counts[k] = retransmitCounts[Arrays.binarySearch(retransmitSources, all[k])];
            }
            retransmitSources = all;
            retransmitCounts = counts;
        }

        /** One Source-List-Change report went out: every source's count drops by one; spent ones are forgotten. */
        void countRetransmission() {
            int n = 0;
            for (int k = 0; k < retransmitSources.length; k++) if (retransmitCounts[k] > 1) n++;
            if (n == 0) {
                retransmitSources = SourceSet.EMPTY;
                retransmitCounts = SourceSet.EMPTY;
                return;
            }
            int[] s = new int[n], c = new int[n];
            n = 0;
            for (int k = 0; k < retransmitSources.length; k++) {
                if (retransmitCounts[k] > 1) {
                    s[n] = retransmitSources[k];
                    c[n++] = retransmitCounts[k] - 1;
                }
            }
            retransmitSources = s;
            retransmitCounts = c;
        }
    }
}
