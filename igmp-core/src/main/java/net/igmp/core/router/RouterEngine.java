package net.igmp.core.router;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.igmp.core.FilterMode;
import net.igmp.core.time.DeadlineHeap;
import net.igmp.core.util.IntMap;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.IgmpParser;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.Malformed;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.ParseError;
import net.igmp.wire.ParseResult;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/**
 * The router side of IGMP (RFC 9776 section 6, RFC 2236, RFC 4604, RFC 4605) as a pure state machine.
 *
 * <p>Inputs are method calls carrying the current time in milliseconds ({@link #handle}, {@link #handleTimeout},
 * interface changes); outputs are polled ({@link #pollTransmit}, {@link #pollEvent}, {@link #pollProxyEvent},
 * {@link #nextDeadline}). No clock, no sockets, no threads; the router side of the RFCs has no random delays, so
 * it needs no random generator either. Not thread-safe: one driver thread calls it.
 *
 * <p>Bad remote input never throws: it is counted per {@link DropReason} and dropped. Local misuse (an unknown
 * interface name in a local call, a duplicate interface) throws {@link IllegalArgumentException}.
 */
public final class RouterEngine {

    private final Map<String, Iface> interfaces = new LinkedHashMap<>();
    private final DeadlineHeap<Timed> timers = new DeadlineHeap<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<ForwardingEvent> events = new ArrayDeque<>();
    private final ArrayDeque<ProxyEvent> proxyEvents = new ArrayDeque<>();
    private final ArrayList<Group> dirty = new ArrayList<>();
    private final boolean proxyMembership;
    private final IntMap<ProxyEvent> proxyState = new IntMap<>();
    private final long[] drops = new long[DropReason.values().length];
    private final long[] parseErrors = new long[ParseError.values().length];

    /** Time of the call being handled. */
    private long now;
    // scratch for one record: its sources sorted, a query list, keep flags
    private int[] recordSources = new int[16];
    private int nRecordSources;
    private int[] queryList = new int[16];
    private boolean[] keep = new boolean[16];
    /** Earliest deadline set while applying one record; STOPPED-free. */
    private long touched;
    /** A "Send Q" action asked for a query round now. */
    private boolean sendNow;

    /** An engine without RFC 4605 proxy membership tracking. */
    public RouterEngine() {
        this(false);
    }

    /** @param proxyMembership compute the merged membership of all interfaces and emit {@link ProxyEvent}s */
    public RouterEngine(boolean proxyMembership) {
        this.proxyMembership = proxyMembership;
    }

    // ------------------------------------------------------------------ interfaces

    /**
     * Starts the router side on an interface. The router starts as querier and sends Startup Query Count general
     * queries, Startup Query Interval apart (RFC 9776 section 6.6.2 / 8.6 / 8.7); the first is queued at once.
     */
    public void addInterface(long now, String name, int address, InterfaceConfig config) {
        if (name == null || config == null) throw new IllegalArgumentException("interface name and config are required");
        if (interfaces.containsKey(name)) throw new IllegalArgumentException("interface " + name + " already added");
        this.now = now;
        Iface i = new Iface(name, address, config);
        interfaces.put(name, i);
        i.querierSince = now;
        if (config.neverQuerier()) {
            stepDown(i);
        } else {
            i.startupQueriesLeft = i.sqc;
            i.generalQueryDue = now;
            i.count(MessageCounter.QUERIER_ELECTED);
        }
        applyStaticGroups(i);
        recountHostGroups(i);
        rearm(i);
        runTimers(now);
        flush();
    }

    /** Stops the router side on an interface: every group there ends with an {@code INCLUDE {}} event. */
    public void removeInterface(long now, String name) {
        Iface i = iface(name);
        this.now = now;
        interfaces.remove(name);
        timers.cancel(i);
        for (Group g : i.groups.snapshot()) deleteGroup(g);
        flush();
    }

    /** The interface's address changed (DHCP, PPP): re-run querier election with the new address. */
    public void changeAddress(long now, String name, int address) {
        Iface i = iface(name);
        this.now = now;
        runTimers(now);
        i.address = address;
        if (i.querier) i.querierAddress = address;
        else if (!i.config.neverQuerier() && Integer.compareUnsigned(address, i.querierAddress) < 0) becomeQuerier(i); // we now win (6.6.2)
        rearm(i);
        runTimers(now);
        flush();
    }

    /** Replaces an interface's configuration, keeping its membership state. */
    public void updateConfig(long now, String name, InterfaceConfig config) {
        if (config == null) throw new IllegalArgumentException("config is required");
        Iface i = iface(name);
        this.now = now;
        runTimers(now);
        i.config = config;
        if (i.olderQuerierPresent <= now || config.version() < i.version) i.version = config.version();
        i.refreshTimes();
        if (i.querier && i.generalQueryDue > now + i.queryInterval) i.generalQueryDue = now + i.queryInterval;
        if (config.neverQuerier() && i.querier) stepDown(i);
        else if (!config.neverQuerier() && !i.querier && i.otherQuerierPresent == Timed.STOPPED) becomeQuerier(i);
        refuseDenied(i);
        applyStaticGroups(i);
        recountHostGroups(i);
        rearm(i);
        runTimers(now);
        flush();
    }

    /**
     * Ends the memberships of an interface (every group, or just {@code group} when not 0) as if they had timed out,
     * then, as querier, asks again at once with a general query: the hosts that still want a group report it. Static
     * groups stay. Returns how many groups ended.
     */
    public int clearGroups(long now, String name, int group) {
        Iface i = iface(name);
        this.now = now;
        runTimers(now);
        int n = 0;
        for (Group g : i.groups.snapshot()) {
            if (group != 0 && g.address != group) continue;
            n++;
            endDynamic(g);
        }
        if (i.querier) {
            i.generalQueryDue = now;
            rearm(i);
            runTimers(now);
        }
        flush();
        return n;
    }

    public List<String> interfaceNames() {
        return List.copyOf(interfaces.keySet());
    }

    private Iface iface(String name) {
        Iface i = interfaces.get(name);
        if (i == null) throw new IllegalArgumentException("unknown interface " + name);
        return i;
    }

    // ------------------------------------------------------------------ input

    /** Handles a message whose checksum held. */
    public void handle(long now, String interfaceName, int source, int destination, IgmpMessage message) {
        handle(now, interfaceName, source, destination, message, true);
    }

    /** Handles raw IGMP bytes (the IGMP message, no IP header): parsed, checksum verified. */
    public void handle(long now, String interfaceName, int source, int destination, byte[] igmp, int offset, int length) {
        ParseResult r = IgmpParser.parse(igmp, offset, length);
        switch (r) {
            case Malformed m -> {
                this.now = now;
                runTimers(now);
                Iface i = interfaces.get(interfaceName);
                if (i == null) drops[DropReason.UNKNOWN_INTERFACE.ordinal()]++;
                else i.drop(DropReason.MALFORMED);
                parseErrors[m.error().ordinal()]++;
                flush();
            }
            // A message read intact is its own parse result; matching the two kinds tests a type rather than calling
            // message() through an interface.
            case IgmpMessage m -> handle(now, interfaceName, source, destination, m, true);
            case ParseResult.Parsed.BadChecksum bad -> handle(now, interfaceName, source, destination, bad.message(), false);
        }
    }

    /**
     * Handles one received message.
     * @param source        the IP source address (0.0.0.0 is accepted for reports, RFC 9776 section 4.2.13)
     * @param destination   the IP destination address
     * @param checksumValid false drops the message (RFC 9776 section 4.1.2 / 4.2.2)
     */
    public void handle(long now, String interfaceName, int source, int destination, IgmpMessage message, boolean checksumValid) {
        this.now = now;
        runTimers(now);
        Iface i = interfaces.get(interfaceName);
        if (i == null) {
            drops[DropReason.UNKNOWN_INTERFACE.ordinal()]++;
        } else if (!checksumValid) {
            i.drop(DropReason.BAD_CHECKSUM);
        } else if (source == i.address && source != 0) {
            i.drop(DropReason.OWN_MESSAGE);
        } else {
            switch (message) {
                case MembershipQuery q -> onQuery(i, source, q);
                case V1MembershipReport r -> onOldReport(i, source, r.group(), 1);
                case V2MembershipReport r -> onOldReport(i, source, r.group(), 2);
                case LeaveGroup l -> onLeave(i, source, l.group());
                case V3MembershipReport r -> {
                    i.count(MessageCounter.RX_REPORT_V3);
                    List<GroupRecord> records = r.records();
                    for (int k = 0; k < records.size(); k++) onRecord(i, source, records.get(k));
                }
                case UnknownMessage u -> i.drop(DropReason.UNKNOWN_TYPE);
            }
        }
        flush();
    }

    /** Runs every timer due at or before {@code now}. */
    public void handleTimeout(long now) {
        this.now = now;
        runTimers(now);
        flush();
    }

    /**
     * Runs at most {@code limit} due timer entries (an interface or a group record each), so a driver can bound the
     * work of one loop turn when a million groups expire together; returns true when more are due (call again).
     * Input handled later catches up on all due timers first, so state never lags behind {@code now}.
     */
    public boolean handleTimeout(long now, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
        this.now = now;
        Timed t;
        for (int n = 0; n < limit && (t = timers.pollExpired(now)) != null; n++) fire(t);
        flush();
        return timers.nextDeadline() <= now;
    }

    /**
     * Until when interface {@code name} stays quiet: the engine sends no message there and forwards no datagram to
     * it before the returned time unless a message arrives there or the interface is configured, added or
     * removed. Without group state there only the interface's own timers can make it speak: the querier's next
     * General Query, the Other Querier Present timer (RFC 9776 section 6.6.2: on expiry this router becomes the
     * querier and queries at once) and the Older Querier Present timer (section 7.3); with group state a datagram
     * may be forwarded there at any moment:
     * {@link Long#MIN_VALUE}. {@link Long#MAX_VALUE} for an interface the engine does not have. A simulator runs
     * the sides of a link apart for as long as this promises.
     */
    public long quietUntil(String name) {
        Iface i = interfaces.get(name);
        if (i == null) return Long.MAX_VALUE;
        if (i.groups.size() > 0) return Long.MIN_VALUE;
        long w = i.querier ? i.generalQueryDue : Long.MAX_VALUE;
        if (i.otherQuerierPresent != Timed.STOPPED) w = Math.min(w, i.otherQuerierPresent);
        if (i.olderQuerierPresent != Timed.STOPPED) w = Math.min(w, i.olderQuerierPresent);
        return w;
    }

    /** The time at which {@link #handleTimeout} must be called next, or {@link Long#MAX_VALUE}. May be early. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    // ------------------------------------------------------------------ output

    public Transmit pollTransmit() {
        return transmits.poll();
    }

    public ForwardingEvent pollEvent() {
        return events.poll();
    }

    /** RFC 4605 merged-membership changes; only produced when the engine was built with proxy membership on. */
    public ProxyEvent pollProxyEvent() {
        return proxyEvents.poll();
    }

    // ------------------------------------------------------------------ queries (RFC 9776 6.6)

    private void onQuery(Iface i, int source, MembershipQuery q) {
        if (!trusted(i, source)) {
            i.drop(DropReason.UNTRUSTED_QUERIER);
            return;
        }
        i.count(switch (q.version()) { case 1 -> MessageCounter.RX_QUERY_V1; case 2 -> MessageCounter.RX_QUERY_V2; default -> MessageCounter.RX_QUERY_V3; });
        if (q.version() < i.config.version()) {
            // 7.3.1: an older querier is present; warn (count) and, when configured, follow it down.
            i.count(MessageCounter.RX_OLDER_VERSION_QUERY);
            if (i.config.querierVersionDowngrade()) {
                i.version = Math.min(i.version, q.version());
                i.olderQuerierPresent = now + i.oqpi;
            }
        }
        // 6.6.2 querier election: the lowest address wins; 0.0.0.0 (a snooping switch) never does.
        if (source != 0 && (i.config.neverQuerier() || Integer.compareUnsigned(source, i.address) < 0)) {
            // The querier is the lowest address heard; a higher one may be a router that has not heard it yet, so it
            // replaces the known querier only once that one has been silent for the Other Querier Present Interval.
            boolean fromQuerier = i.querier || Integer.compareUnsigned(source, i.querierAddress) <= 0
                    || i.querierHeard + i.oqpi <= now;
            i.querier = false;
            i.generalQueryDue = NEVER_DUE;
            i.startupQueriesLeft = 0;
            if (fromQuerier) {
                if (i.querierAddress != source) i.querierSince = now;
                i.querierAddress = source;
                i.querierHeard = now;
                if (q.version() == 3) {
                    // 4.1.6 / 4.1.7: non-queriers adopt the querier's QRV (unless 0) and QQI.
                    if (q.qrv() != 0) i.learnedRobustness = q.qrv();
                    if (q.queryIntervalS() != 0) i.learnedQueryIntervalMs = 1000L * q.queryIntervalS();
                    i.refreshTimes();
                }
            }
            i.otherQuerierPresent = now + i.oqpi;
        }
        rearm(i);
        // 6.6.1: a received group(-and-source)-specific query with S clear lowers timers to LMQT. The querier's
        // LMQI is the Max Resp Time of its specific queries, so that is what we count with.
        if (!q.isGeneral() && !q.suppressRouterProcessing()) {
            Group g = i.groups.get(q.group());
            if (g == null) return;
            long resp = q.maxResponseTimeMs() > 0 ? q.maxResponseTimeMs() : i.lmqi;
            long lmqt = now + i.lmqc * resp;
            touched = Long.MAX_VALUE;
            if (q.sources().isEmpty()) {
                if (g.mode == FilterMode.EXCLUDE && g.groupTimer() > lmqt) setGroupTimer(g, lmqt);
            } else {
                SourceList s = q.sources();
                for (int k = 0; k < s.size(); k++) {
                    int idx = g.indexOf(s.get(k));
                    if (idx >= 0 && g.sourceTimers[idx] > lmqt) setSourceTimer(g, idx, lmqt);
                }
            }
            if (touched != Long.MAX_VALUE) timers.scheduleNoLater(g, touched);
        }
    }

    private static final long NEVER_DUE = Timed.NEVER;

    // ------------------------------------------------------------------ reports

    private boolean validGroup(Iface i, int group) {
        if (!Ipv4.isMulticast(group) || Ipv4.isLinkLocalMulticast(group)) {
            i.drop(DropReason.INVALID_GROUP);
            return false;
        }
        return true;
    }

    /** v1 and v2 reports: RFC 9776 section 7.3.2, handled as IS_EX({}) after setting the Older Host Present timer. */
    private void onOldReport(Iface i, int host, int group, int version) {
        i.count(version == 1 ? MessageCounter.RX_REPORT_V1 : MessageCounter.RX_REPORT_V2);
        if (!validGroup(i, group)) return;
        if (i.config.ssmRange().contains(group)) { i.drop(DropReason.SSM_OLD_VERSION); return; } // RFC 4604 2.2.1
        if (!i.config.groupAccess().permits(group)) { i.drop(DropReason.GROUP_DENIED); return; }
        GroupTable table = i.groups;
        int index = table.indexOf(group);
        if (version == 2 && refreshed(i, index, host)) {
            table.v2HostTimer(index, now + i.ohpi); // 7.3.2
            return;
        }
        nRecordSources = 0;
        Group g = index >= 0 ? table.at(index) : null;
        boolean created = false;
        if (g == null) {
            if ((g = createGroup(i, group)) == null) return;
            created = true;
        }
        if (!admitHost(i, g, host, RecordType.MODE_IS_EXCLUDE)) {
            if (created) deleteGroup(g);
            return;
        }
        touched = Long.MAX_VALUE;
        sendNow = false;
        if (version == 1) g.v1HostTimer = now + i.ohpi;
        else g.v2HostTimer(now + i.ohpi);
        trackHost(i, g, host, RecordType.MODE_IS_EXCLUDE);
        applyRecord(i, g, RecordType.MODE_IS_EXCLUDE);
        finishRecord(i, g);
    }

    /**
     * The steady state: a member refreshing its group with IS_EX({}) (a v3 current-state record, or a v2 report,
     * which 7.3.2 handles as one). When the group is EXCLUDE with no source records and this host is its first
     * tracked host, itself EXCLUDE({}) (see Group.updateRefreshHost), 6.4.1's EXCLUDE (X,Y) IS_EX (A) with X, Y and A
     * empty changes only timers: Group Timer = GMI and the host's last-heard time. The group sits in the deadline
     * heap no later than its old Group Timer, so a later one needs no heap work (it is re-checked when the entry
     * fires). One hot record, written in place; returns false when the full path must run.
     */
    private boolean refreshed(Iface i, int index, int host) {
        if (index < 0 || host == 0 || !i.config.explicitTracking()) return false;
        GroupTable table = i.groups;
        long gmi = now + i.gmi;
        if (table.refreshHost(index) != host || gmi < table.groupTimer(index)) return false;
        table.groupTimer(index, gmi);
        table.host0Heard(index, now);
        return true;
    }

    /** v2 Leave: TO_IN({}) (7.3.2), ignored in v1 compatibility mode. */
    private void onLeave(Iface i, int host, int group) {
        i.count(MessageCounter.RX_LEAVE);
        if (!validGroup(i, group)) return;
        if (i.config.ssmRange().contains(group)) { i.drop(DropReason.SSM_OLD_VERSION); return; }
        Group g = i.groups.get(group);
        if (g == null) return; // nothing to leave: TO_IN({}) on INCLUDE({}) changes nothing
        if (g.compatibilityMode(now) == 1) { i.drop(DropReason.LEAVE_IN_V1_MODE); return; }
        nRecordSources = 0;
        touched = Long.MAX_VALUE;
        sendNow = false;
        trackHost(i, g, host, RecordType.CHANGE_TO_INCLUDE_MODE);
        applyRecord(i, g, RecordType.CHANGE_TO_INCLUDE_MODE);
        finishRecord(i, g);
    }

    private void onRecord(Iface i, int host, GroupRecord r) {
        RecordType type = r.recordType();
        switch (type) {
            case MODE_IS_INCLUDE -> i.count(MessageCounter.RX_RECORD_IS_IN);
            case MODE_IS_EXCLUDE -> i.count(MessageCounter.RX_RECORD_IS_EX);
            case CHANGE_TO_INCLUDE_MODE -> i.count(MessageCounter.RX_RECORD_TO_IN);
            case CHANGE_TO_EXCLUDE_MODE -> i.count(MessageCounter.RX_RECORD_TO_EX);
            case ALLOW_NEW_SOURCES -> i.count(MessageCounter.RX_RECORD_ALLOW);
            case BLOCK_OLD_SOURCES -> i.count(MessageCounter.RX_RECORD_BLOCK);
            case UNKNOWN -> { i.drop(DropReason.UNKNOWN_RECORD_TYPE); return; }
        }
        int group = r.group();
        if (!validGroup(i, group)) return;
        boolean excludeType = type == RecordType.MODE_IS_EXCLUDE || type == RecordType.CHANGE_TO_EXCLUDE_MODE;
        if (excludeType && i.config.ssmRange().contains(group)) { i.drop(DropReason.SSM_EXCLUDE_MODE); return; } // RFC 4604 2.2.2
        if (!i.config.groupAccess().permits(group)) { i.drop(DropReason.GROUP_DENIED); return; }
        SourceList src = r.sources();
        boolean includeType = !excludeType && type != RecordType.BLOCK_OLD_SOURCES;
        if (includeType) {
            AccessList acl = i.config.sourceAccess();
            for (int k = 0; k < src.size(); k++) if (!acl.permits(src.get(k))) { i.drop(DropReason.SOURCE_DENIED); return; }
        }
        int index = i.groups.indexOf(group);
        // IS_EX({}) is the same in every compatibility mode (7.3.2 changes only BLOCK and TO_EX)
        if (type == RecordType.MODE_IS_EXCLUDE && src.isEmpty() && refreshed(i, index, host)) return;
        Group g = index >= 0 ? i.groups.at(index) : null;
        // 7.3.2: in v1/v2 compatibility mode BLOCK is ignored and TO_EX's source list too.
        int compat = g == null ? 3 : g.compatibilityMode(now);
        if (compat < 3 && type == RecordType.BLOCK_OLD_SOURCES) { i.drop(DropReason.BLOCK_IN_OLD_MODE); return; }
        loadRecordSources(compat < 3 && type == RecordType.CHANGE_TO_EXCLUDE_MODE ? SourceList.EMPTY : src);
        boolean created = false;
        if (g == null) {
            // A missing group is INCLUDE({}); these records leave it so (6.4.1 / 6.4.2 with A = {}).
            if (type == RecordType.BLOCK_OLD_SOURCES || (includeType && nRecordSources == 0)) return;
            if ((g = createGroup(i, group)) == null) return;
            created = true;
        }
        if (!withinSourceLimit(i, g, type)) {
            i.drop(DropReason.SOURCE_LIMIT);
            if (created) deleteGroup(g);
            return;
        }
        if (!admitHost(i, g, host, type)) {
            if (created) deleteGroup(g);
            return;
        }
        touched = Long.MAX_VALUE;
        sendNow = false;
        trackHost(i, g, host, type);
        applyRecord(i, g, type);
        finishRecord(i, g);
    }

    private void loadRecordSources(SourceList s) {
        int n = s.size();
        if (recordSources.length < n) recordSources = new int[Integer.highestOneBit(n) * 2];
        for (int k = 0; k < n; k++) recordSources[k] = s.get(k);
        nRecordSources = n <= 1 ? n : SortedInts.sortUnique(recordSources, n);
    }

    private boolean inRecord(int source) {
        return SortedInts.contains(recordSources, nRecordSources, source);
    }

    private int countRecordSourcesNotInGroup(Group g) {
        int c = 0;
        for (int k = 0; k < nRecordSources; k++) if (g.indexOf(recordSources[k]) < 0) c++;
        return c;
    }

    /** The number of source records the table row would leave, checked against the limit before anything changes. */
    private boolean withinSourceLimit(Iface i, Group g, RecordType type) {
        int after = switch (type) {
            case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES, CHANGE_TO_INCLUDE_MODE -> g.nSources + countRecordSourcesNotInGroup(g);
            case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> nRecordSources; // (A*B, B-A) and (A-Y, Y*A) both hold |B|
            case BLOCK_OLD_SOURCES -> g.mode == FilterMode.INCLUDE ? g.nSources : g.nSources + countRecordSourcesNotInGroup(g);
            case UNKNOWN -> g.nSources;
        };
        return after <= i.config.maxSourcesPerGroup() || after <= g.nSources;
    }

    private Group createGroup(Iface i, int group) {
        if (i.groups.size() >= i.config.maxGroups()) {
            i.drop(DropReason.GROUP_LIMIT);
            return null;
        }
        Group g = new Group(i, group, now);
        i.groups.add(g);
        return g;
    }

    // ------------------------------------------------------------------ RFC 9776 6.4.1 and 6.4.2

    /** Applies one record (sources already in {@link #recordSources}) to a group: the tables of 6.4.1 and 6.4.2. */
    private void applyRecord(Iface i, Group g, RecordType type) {
        long gmi = now + i.gmi;
        if (g.mode == FilterMode.INCLUDE) {
            switch (type) {
                // 6.4.1 INCLUDE (A) IS_IN (B) -> INCLUDE (A+B); (B)=GMI
                // 6.4.2 INCLUDE (A) ALLOW (B) -> INCLUDE (A+B); (B)=GMI
                case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES -> setRecordSourcesTimer(g, gmi);
                // 6.4.1 INCLUDE (A) IS_EX (B) -> EXCLUDE (A*B, B-A); (B-A)=0, Delete (A-B), Group Timer=GMI
                case MODE_IS_EXCLUDE -> includeToExclude(g, gmi);
                // 6.4.2 INCLUDE (A) BLOCK (B) -> INCLUDE (A); Send Q(G,A*B)
                case BLOCK_OLD_SOURCES -> {
                    int n = 0;
                    for (int k = 0; k < nRecordSources; k++) if (g.indexOf(recordSources[k]) >= 0) n = addQuery(n, recordSources[k]);
                    sendGroupSourceQuery(i, g, n);
                }
                // 6.4.2 INCLUDE (A) TO_EX (B) -> EXCLUDE (A*B, B-A); (B-A)=0, Delete (A-B), Send Q(G,A*B), Group Timer=GMI
                case CHANGE_TO_EXCLUDE_MODE -> {
                    includeToExclude(g, gmi);
                    int n = 0;
                    for (int k = 0; k < g.nSources; k++) if (g.sourceTimers[k] > now) n = addQuery(n, g.sources[k]); // A*B
                    sendGroupSourceQuery(i, g, n);
                }
                // 6.4.2 INCLUDE (A) TO_IN (B) -> INCLUDE (A+B); (B)=GMI, Send Q(G,A-B)
                case CHANGE_TO_INCLUDE_MODE -> {
                    int n = 0;
                    for (int k = 0; k < g.nSources; k++) if (!inRecord(g.sources[k])) n = addQuery(n, g.sources[k]);
                    setRecordSourcesTimer(g, gmi);
                    sendGroupSourceQuery(i, g, n);
                }
                case UNKNOWN -> { }
            }
        } else {
            switch (type) {
                // 6.4.1 EXCLUDE (X,Y) IS_IN (A) -> EXCLUDE (X+A, Y-A); (A)=GMI
                // 6.4.2 EXCLUDE (X,Y) ALLOW (A) -> EXCLUDE (X+A, Y-A); (A)=GMI
                case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES -> setRecordSourcesTimer(g, gmi);
                // 6.4.1 EXCLUDE (X,Y) IS_EX (A) -> EXCLUDE (A-Y, Y*A); (A-X-Y)=GMI, Delete (X-A), Delete (Y-A), Group Timer=GMI
                case MODE_IS_EXCLUDE -> {
                    retainRecordSources(g);
                    addMissingRecordSources(g, gmi);
                    setGroupTimer(g, gmi);
                }
                // 6.4.2 EXCLUDE (X,Y) BLOCK (A) -> EXCLUDE (X+(A-Y), Y); (A-X-Y)=Group Timer, Send Q(G,A-Y)
                case BLOCK_OLD_SOURCES -> {
                    addMissingRecordSources(g, g.groupTimer());
                    sendGroupSourceQuery(i, g, queryRecordSourcesNotInY(g));
                }
                // 6.4.2 EXCLUDE (X,Y) TO_EX (A) -> EXCLUDE (A-Y, Y*A); (A-X-Y)=Group Timer, Delete (X-A), Delete (Y-A),
                //       Send Q(G,A-Y), Group Timer=GMI
                case CHANGE_TO_EXCLUDE_MODE -> {
                    addMissingRecordSources(g, g.groupTimer());
                    retainRecordSources(g);
                    int n = queryRecordSourcesNotInY(g);
                    setGroupTimer(g, gmi);
                    sendGroupSourceQuery(i, g, n);
                }
                // 6.4.2 EXCLUDE (X,Y) TO_IN (A) -> EXCLUDE (X+A, Y-A); (A)=GMI, Send Q(G,X-A), Send Q(G)
                case CHANGE_TO_INCLUDE_MODE -> {
                    setRecordSourcesTimer(g, gmi);
                    int n = 0;
                    for (int k = 0; k < g.nSources; k++)
                        if (g.sourceTimers[k] > now && !inRecord(g.sources[k])) n = addQuery(n, g.sources[k]); // X-A
                    sendGroupSourceQuery(i, g, n);
                    sendGroupQuery(i, g);
                }
                case UNKNOWN -> { }
            }
        }
    }

    /** INCLUDE (A) with IS_EX/TO_EX (B): EXCLUDE (A*B, B-A); (B-A)=0, Delete (A-B), Group Timer=GMI. */
    private void includeToExclude(Group g, long gmi) {
        retainRecordSources(g);
        addMissingRecordSources(g, Timed.STOPPED);
        g.mode = FilterMode.EXCLUDE;
        setGroupTimer(g, gmi);
        markDirty(g);
    }

    /** (B)=deadline for every source of the record, creating missing ones. */
    private void setRecordSourcesTimer(Group g, long deadline) {
        for (int k = 0; k < nRecordSources; k++) {
            int s = recordSources[k];
            int idx = g.indexOf(s);
            if (idx < 0) {
                idx = g.insert(idx, s, deadline);
                markDirty(g);
            }
            setSourceTimer(g, idx, deadline); // marks the group when the source starts or stops running
        }
        // a refresh of running sources leaves the forwarding decision as it is: no need to recompute it
    }

    /** Adds the record's sources that the group lacks, with the given timer (Timed.STOPPED = 0: the Y set). */
    private void addMissingRecordSources(Group g, long deadline) {
        for (int k = 0; k < nRecordSources; k++) {
            int idx = g.indexOf(recordSources[k]);
            if (idx < 0) {
                idx = g.insert(idx, recordSources[k], deadline);
                if (deadline != Timed.STOPPED) setSourceTimer(g, idx, deadline);
                markDirty(g);
            }
        }
    }

    /** Deletes the group's sources that are not in the record. */
    private void retainRecordSources(Group g) {
        if (keep.length < g.nSources) keep = new boolean[g.nSources * 2];
        boolean any = false;
        for (int k = 0; k < g.nSources; k++) {
            keep[k] = inRecord(g.sources[k]);
            any |= !keep[k];
        }
        if (any) {
            g.compact(keep);
            markDirty(g);
        }
    }

    /** Fills the query list with A-Y: record sources present in the group whose timer runs. */
    private int queryRecordSourcesNotInY(Group g) {
        int n = 0;
        for (int k = 0; k < nRecordSources; k++) {
            int idx = g.indexOf(recordSources[k]);
            if (idx >= 0 && g.sourceTimers[idx] > now) n = addQuery(n, recordSources[k]);
        }
        return n;
    }

    private int addQuery(int n, int source) {
        if (n == queryList.length) queryList = java.util.Arrays.copyOf(queryList, n * 2);
        queryList[n] = source;
        return n + 1;
    }

    private void setGroupTimer(Group g, long deadline) {
        g.groupTimer(deadline);
        if (deadline < touched) touched = deadline;
    }

    private void setSourceTimer(Group g, int idx, long deadline) {
        long old = g.sourceTimers[idx];
        g.sourceTimers[idx] = deadline;
        if (deadline < touched) touched = deadline;
        if ((old > now) != (deadline > now)) markDirty(g);
    }

    // ------------------------------------------------------------------ 6.6.3 specific queries

    /**
     * "Send Q(G)" (6.6.3.1): lower the group timer to LMQT and start LMQC queries LMQI apart. With explicit tracking
     * (no tracked host left in EXCLUDE mode) or v2 immediate leave, the group timer expires at once instead.
     */
    private void sendGroupQuery(Iface i, Group g) {
        if (fastLeaveGroup(i, g)) {
            i.count(MessageCounter.FAST_LEAVE);
            // What the group-specific query would bring back from INCLUDE-mode hosts, tracking already knows: their
            // sources keep (or get) running timers, so the switch to INCLUDE (6.5) keeps forwarding them.
            for (int k = 0; k < g.nHosts; k++) {
                if (g.hostExclude(k)) continue; // (v2 immediate leave: other v2 members, EXCLUDE {})
                int[] hs = g.hostSources(k);
                long until = g.hostHeard(k) + i.gmi;
                for (int s : hs) {
                    int idx = g.indexOf(s);
                    if (idx < 0) idx = g.insert(idx, s, Timed.STOPPED);
                    if (g.sourceTimers[idx] < until) setSourceTimer(g, idx, until);
                }
            }
            setGroupTimer(g, now);
            return;
        }
        if (!i.querier || i.version < 2) return; // only the querier sends; v1 has no group-specific query
        // 7.3.2 ignores Leaves in v1 compatibility mode because a v1 member answers any query only within 10 s,
        // far beyond LMQT; a v3 host's TO_IN in that mode gets the same care: state changes, no Last Member Query.
        if (g.compatibilityMode(now) == 1) return;
        long lmqt = now + i.lmqt;
        if (g.groupTimer() > lmqt) setGroupTimer(g, lmqt);
        g.groupRetransmissions = i.lmqc;
        sendNow = true;
    }

    /**
     * "Send Q(G,X)" for the first {@code n} sources of the query list (6.6.3.2): for each with a timer above LMQT,
     * LMQC retransmissions and the timer lowered to LMQT. With explicit tracking, a source no tracked host wants
     * any more expires at once instead.
     */
    private void sendGroupSourceQuery(Iface i, Group g, int n) {
        boolean tracking = trackingExact(i, g);
        long lmqt = now + i.lmqt;
        for (int k = 0; k < n; k++) {
            int idx = g.indexOf(queryList[k]);
            if (idx < 0) continue;
            if (tracking && !anyHostWants(g, queryList[k])) {
                if (g.sourceTimers[idx] > now) {
                    i.count(MessageCounter.FAST_LEAVE);
                    setSourceTimer(g, idx, now);
                }
                g.sourceRetransmissions[idx] = 0;
                continue;
            }
            if (!i.querier || i.version < 3) continue; // only a v3 querier can ask about sources
            if (g.sourceTimers[idx] > lmqt) {
                g.sourceRetransmissions[idx] = (byte) Math.min(127, i.lmqc);
                setSourceTimer(g, idx, lmqt);
                sendNow = true;
            }
        }
    }

    private boolean fastLeaveGroup(Iface i, Group g) {
        int compat = g.compatibilityMode(now);
        if (compat == 2 && i.config.immediateLeave()) return true;
        if (!trackingExact(i, g)) return false;
        for (int k = 0; k < g.nHosts; k++) if (g.hostExclude(k)) return false;
        return true;
    }

    /** Tracking is exact only for v3 hosts (no report suppression) that all have an address. */
    private boolean trackingExact(Iface i, Group g) {
        if (!i.config.explicitTracking() || g.compatibilityMode(now) != 3 || g.anonymousHeard > now - i.gmi) return false;
        pruneHosts(i, g);
        return true;
    }

    private boolean anyHostWants(Group g, int source) {
        for (int k = 0; k < g.nHosts; k++) if (g.hostWants(k, source)) return true;
        return false;
    }

    /** One round of the group's pending specific queries (6.6.3.1 and 6.6.3.2), then the next round LMQI later. */
    private void sendQueryRound(Iface i, Group g) {
        g.nextQueryDue = Timed.NEVER;
        if (!i.querier) { // a router that stopped being querier stops its retransmissions
            g.groupRetransmissions = 0;
            java.util.Arrays.fill(g.sourceRetransmissions, 0, g.nSources, (byte) 0);
            return;
        }
        long lmqt = now + i.lmqt;
        int qrv = i.robustness;
        int qiS = (int) (i.queryInterval / 1000);
        int respTenths = (int) (i.lmqi / 100);
        boolean groupQuerySent = false;
        if (g.groupRetransmissions > 0 && i.version >= 2) {
            // 6.6.3.1: S set when the group timer is larger than LMQT (a report came in meanwhile).
            boolean s = g.mode == FilterMode.EXCLUDE && g.groupTimer() > lmqt;
            MembershipQuery q = i.version == 3 ? MembershipQuery.v3(g.address, SourceList.EMPTY, respTenths, s, qrv, qiS)
                    : MembershipQuery.v2(g.address, Math.min(255, respTenths));
            transmits.add(new Transmit(i.name, g.address, q));
            i.count(MessageCounter.TX_GROUP_QUERY);
            g.groupRetransmissions--;
            groupQuerySent = true;
        }
        g.groupRetransmissions = i.version >= 2 ? g.groupRetransmissions : 0;
        int nHigh = 0, nLow = 0;
        int[] high = null, low = null;
        for (int k = 0; k < g.nSources; k++) {
            if (g.sourceRetransmissions[k] <= 0) continue;
            if (i.version < 3) { g.sourceRetransmissions[k] = 0; continue; }
            if (g.sourceTimers[k] > lmqt) {
                if (high == null) high = new int[g.nSources];
                high[nHigh++] = g.sources[k];
            } else {
                if (low == null) low = new int[g.nSources];
                low[nLow++] = g.sources[k];
            }
            g.sourceRetransmissions[k]--;
        }
        // 6.6.3.2: two messages, S set for sources whose timer is above LMQT and clear for the rest; an empty one is
        // not sent, and the S-set one may be left out when a group-specific query goes at the same time.
        if (nHigh > 0 && !groupQuerySent) {
            transmits.add(new Transmit(i.name, g.address,
                    MembershipQuery.v3(g.address, SourceList.of(java.util.Arrays.copyOf(high, nHigh)), respTenths, true, qrv, qiS)));
            i.count(MessageCounter.TX_GROUP_SOURCE_QUERY);
        }
        if (nLow > 0) {
            transmits.add(new Transmit(i.name, g.address,
                    MembershipQuery.v3(g.address, SourceList.of(java.util.Arrays.copyOf(low, nLow)), respTenths, false, qrv, qiS)));
            i.count(MessageCounter.TX_GROUP_SOURCE_QUERY);
        }
        boolean more = g.groupRetransmissions > 0;
        for (int k = 0; k < g.nSources && !more; k++) more = g.sourceRetransmissions[k] > 0;
        if (more) g.nextQueryDue = now + i.lmqi;
    }

    // ------------------------------------------------------------------ explicit host tracking

    /** Refuses a record that would add a tracked host beyond the interface's limit. */
    private boolean admitHost(Iface i, Group g, int host, RecordType type) {
        if (!i.config.explicitTracking() || host == 0 || g.hostIndex(host) >= 0) return true;
        boolean wouldTrack = switch (type) {
            case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> true;
            case MODE_IS_INCLUDE, CHANGE_TO_INCLUDE_MODE, ALLOW_NEW_SOURCES -> nRecordSources > 0;
            default -> false;
        };
        if (wouldTrack && i.trackedHosts >= i.config.maxTrackedHosts()) {
            i.drop(DropReason.HOST_LIMIT);
            return false;
        }
        if (wouldTrack && i.hostGroups != null && i.hostGroups.getOrDefault(host, 0) >= i.config.maxGroupsPerHost()) {
            i.drop(DropReason.HOST_LIMIT);
            return false;
        }
        return true;
    }

    /** Updates what {@code host} wants from the group, as the host itself holds it (RFC 9776 section 3.2). */
    private void trackHost(Iface i, Group g, int address, RecordType type) {
        if (address == 0) { g.anonymousHeard = now; return; }
        if (!i.config.explicitTracking()) return;
        int k = g.hostIndex(address);
        int[] b = recordSources;
        int nb = nRecordSources;
        boolean exclude;
        int[] sources;
        switch (type) {
            case CHANGE_TO_INCLUDE_MODE, MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> {
                // the host's whole new state (an IS_EX only answers general or group-specific queries, 5.2)
                exclude = type != RecordType.CHANGE_TO_INCLUDE_MODE;
                // a host repeating its state (the common case: answers to queries) allocates nothing
                sources = k >= 0 && java.util.Arrays.equals(g.hostSources(k), 0, g.hostSources(k).length, b, 0, nb)
                        ? g.hostSources(k) : copy(b, nb);
            }
            // ALLOW adds sources; so does IS_IN, which may answer a group-and-source-specific query and then lists
            // only the asked-for sources the host wants (5.2): it proves interest, never the lack of it.
            case ALLOW_NEW_SOURCES, MODE_IS_INCLUDE -> {
                if (k < 0) { exclude = false; sources = copy(b, nb); }
                else if (!g.hostExclude(k) && SortedInts.containsAll(g.hostSources(k), b, nb)) { exclude = false; sources = g.hostSources(k); }
                else {
                    exclude = g.hostExclude(k);
                    sources = exclude ? SortedInts.minus(g.hostSources(k), b, nb) : SortedInts.union(g.hostSources(k), b, nb);
                }
            }
            case BLOCK_OLD_SOURCES -> {
                if (k < 0) return;
                exclude = g.hostExclude(k);
                sources = exclude ? SortedInts.union(g.hostSources(k), b, nb) : SortedInts.minus(g.hostSources(k), b, nb);
            }
            default -> { return; }
        }
        if (!exclude && sources.length == 0) { // INCLUDE({}): the host left
            if (k >= 0) {
                g.removeHost(k);
                i.trackedHosts--;
                hostGroupCount(i, address, -1);
            }
            return;
        }
        if (k < 0) {
            k = g.addHost(address);
            i.trackedHosts++;
            hostGroupCount(i, address, 1);
        }
        g.setHost(k, exclude, sources, now);
    }

    /** Keeps the per-host group count while a per-host limit is set. */
    private static void hostGroupCount(Iface i, int host, int delta) {
        if (i.hostGroups != null) i.hostGroups.merge(host, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** Counts each tracked host's groups afresh when a per-host limit is set, else drops the count. */
    private static void recountHostGroups(Iface i) {
        if (i.config.maxGroupsPerHost() == Integer.MAX_VALUE) {
            i.hostGroups = null;
            return;
        }
        i.hostGroups = new java.util.HashMap<>();
        for (Group g : i.groups.snapshot()) for (int k = 0; k < g.nHosts; k++) hostGroupCount(i, g.hostAddress(k), 1);
    }

    private static int[] copy(int[] b, int n) {
        return n == 0 ? TrackedHost.NONE : java.util.Arrays.copyOf(b, n);
    }

    /** Forgets hosts not heard from for a Group Membership Interval (their leave was lost). */
    private void pruneHosts(Iface i, Group g) {
        long limit = now - i.gmi;
        for (int k = g.nHosts - 1; k >= 0; k--) {
            if (g.hostHeard(k) <= limit) {
                hostGroupCount(i, g.hostAddress(k), -1);
                g.removeHost(k);
                i.trackedHosts--;
            }
        }
    }

    // ------------------------------------------------------------------ timers (6.3, 6.5)

    private void finishRecord(Iface i, Group g) {
        if (sendNow) sendQueryRound(i, g);
        if (g.nextQueryDue < touched) touched = g.nextQueryDue;
        if (touched <= now || (g.mode == FilterMode.INCLUDE && g.nSources == 0)) expireGroup(i, g);
        else {
            if (touched != Long.MAX_VALUE) timers.scheduleNoLater(g, touched);
            g.updateRefreshHost();
        }
    }

    private void runTimers(long now) {
        Timed t;
        while ((t = timers.pollExpired(now)) != null) fire(t);
    }

    private void fire(Timed t) {
        switch (t) {
            case Iface i -> onInterfaceTimer(i);
            case Group g -> expireGroup(g.iface, g);
        }
    }

    private void onInterfaceTimer(Iface i) {
        // 6.6.2: no query from a lower address for the Other Querier Present Interval: become querier again.
        if (!i.querier && i.otherQuerierPresent <= now && !i.config.neverQuerier()) becomeQuerier(i);
        if (!i.querier && i.otherQuerierPresent <= now && i.config.neverQuerier()) {
            i.otherQuerierPresent = Timed.STOPPED; // the querier went silent; we still do not take over
            i.querierAddress = 0;
            i.querierSince = now;
        }
        // 7.3.1: the older querier went away; back to the configured version.
        if (i.olderQuerierPresent != Timed.STOPPED && i.olderQuerierPresent <= now) {
            i.olderQuerierPresent = Timed.STOPPED;
            i.version = i.config.version();
        }
        if (i.querier && i.generalQueryDue <= now) sendGeneralQuery(i);
        rearm(i);
    }

    private void becomeQuerier(Iface i) {
        i.querier = true;
        i.querierSince = now;
        i.querierAddress = i.address;
        i.otherQuerierPresent = Timed.STOPPED;
        i.learnedRobustness = 0;
        i.learnedQueryIntervalMs = 0;
        i.refreshTimes();
        i.generalQueryDue = now;
        i.count(MessageCounter.QUERIER_ELECTED);
    }

    /** A General Query every Query Interval; Startup Query Count of them Startup Query Interval apart first. */
    private void sendGeneralQuery(Iface i) {
        int qriTenths = (int) (i.config.queryResponseIntervalMs() / 100);
        MembershipQuery q = switch (i.version) {
            case 1 -> MembershipQuery.v1General();
            case 2 -> MembershipQuery.v2(0, Math.min(255, qriTenths));
            default -> MembershipQuery.v3(0, SourceList.EMPTY, qriTenths, false, i.robustness, (int) (i.queryInterval / 1000));
        };
        transmits.add(new Transmit(i.name, Ipv4.ALL_SYSTEMS, q));
        i.count(MessageCounter.TX_GENERAL_QUERY);
        if (i.startupQueriesLeft > 0) i.startupQueriesLeft--;
        i.generalQueryDue = now + (i.startupQueriesLeft > 0 ? i.sqi : i.queryInterval);
    }

    private void rearm(Iface i) {
        long w = Long.MAX_VALUE;
        if (i.querier) w = i.generalQueryDue;
        else if (i.otherQuerierPresent != Timed.STOPPED) w = Math.min(w, i.otherQuerierPresent);
        if (i.olderQuerierPresent != Timed.STOPPED) w = Math.min(w, i.olderQuerierPresent);
        if (w == Long.MAX_VALUE) timers.cancel(i);
        else timers.schedule(i, w);
    }

    /**
     * Runs every expired timer of a group: source timers (6.3), the group timer (6.5), query retransmissions
     * (6.6.3), then schedules the group at its next deadline or deletes it.
     */
    private void expireGroup(Iface i, Group g) {
        if (g.deleted) return;
        if (g.mode == FilterMode.INCLUDE) {
            // 6.3: INCLUDE mode, source timer 0: stop forwarding and delete the source record.
            removeExpiredSources(g);
        } else if (g.groupTimer() <= now) {
            // 6.5: group timer expired in EXCLUDE mode: sources with running timers go to INCLUDE mode, the
            // rest (Y) are deleted; with none left the group record is deleted.
            g.mode = FilterMode.INCLUDE;
            g.groupTimer(Timed.STOPPED);
            removeExpiredSources(g);
            markDirty(g);
        } else {
            // 6.3: EXCLUDE mode, source timer 0: stop forwarding but keep the record (it joins Y).
            markDirty(g);
        }
        if (g.mode == FilterMode.INCLUDE && g.nSources == 0 && g.staticMembership == null) {
            deleteGroup(g);
            return;
        }
        if (g.nextQueryDue <= now) sendQueryRound(i, g);
        if (g.v1HostTimer != Timed.STOPPED && g.v1HostTimer <= now) g.v1HostTimer = Timed.STOPPED;
        if (g.v2HostTimer() != Timed.STOPPED && g.v2HostTimer() <= now) g.v2HostTimer(Timed.STOPPED);
        if (g.nHosts > 0) pruneHosts(i, g);
        // exact next deadline
        long w = g.nextQueryDue;
        if (g.mode == FilterMode.EXCLUDE) w = Math.min(w, g.groupTimer());
        for (int k = 0; k < g.nSources; k++) {
            long t = g.sourceTimers[k];
            if (t > now && t < w) w = t;
        }
        for (int k = 0; k < g.nHosts; k++) w = Math.min(w, g.hostHeard(k) + i.gmi);
        g.updateRefreshHost();
        if (w == Long.MAX_VALUE) timers.cancel(g);
        else timers.schedule(g, Math.max(w, now + 1));
    }

    private void removeExpiredSources(Group g) {
        if (keep.length < g.nSources) keep = new boolean[g.nSources * 2];
        boolean any = false;
        for (int k = 0; k < g.nSources; k++) {
            keep[k] = g.sourceTimers[k] > now;
            any |= !keep[k];
        }
        if (any) {
            g.compact(keep);
            markDirty(g);
        }
    }

    /** Not querier, and not waiting to become one (never-querier): the querier is unknown until one is heard. */
    private void stepDown(Iface i) {
        i.querier = false;
        i.querierAddress = 0;
        i.querierSince = now;
        i.generalQueryDue = NEVER_DUE;
        i.startupQueriesLeft = 0;
        i.otherQuerierPresent = Timed.STOPPED;
    }

    /** Whether a query from {@code source} counts: every sender when no trusted queriers are configured. */
    private static boolean trusted(Iface i, int source) {
        List<Ipv4Prefix> t = i.config.trustedQueriers();
        if (t.isEmpty()) return true;
        for (int k = 0; k < t.size(); k++) if (t.get(k).contains(source)) return true;
        return false;
    }

    /** The configured static groups become the groups' static memberships; a group no longer static keeps only its hosts. */
    private void applyStaticGroups(Iface i) {
        java.util.Map<Integer, StaticGroup> wanted = new java.util.HashMap<>();
        for (StaticGroup s : i.config.staticGroups()) {
            StaticGroup prev = wanted.get(s.group());
            // two entries for one group: (*,G) wins, else the sources add up
            if (prev != null && (prev.sources().isEmpty() || s.sources().isEmpty())) s = new StaticGroup(s.group(), List.of());
            else if (prev != null) {
                List<Integer> both = new ArrayList<>(prev.sources());
                for (int x : s.sources()) if (!both.contains(x)) both.add(x);
                s = new StaticGroup(s.group(), both);
            }
            wanted.put(s.group(), s);
        }
        for (Group g : i.groups.snapshot()) {
            if (g.staticMembership == null || wanted.containsKey(g.address)) continue;
            g.staticMembership = null;
            if (g.mode == FilterMode.INCLUDE && g.nSources == 0) deleteGroup(g);
            else markDirty(g);
        }
        for (StaticGroup s : wanted.values()) {
            Group g = i.groups.get(s.group());
            if (g == null) {
                g = new Group(i, s.group(), now); // the operator's groups are not held to maxGroups
                i.groups.add(g);
            }
            if (!s.equals(g.staticMembership)) {
                g.staticMembership = s;
                markDirty(g);
            }
        }
    }

    /** After an access list changed: the memberships it now refuses end, and so do refused sources of INCLUDE groups. */
    private void refuseDenied(Iface i) {
        AccessList groupAccess = i.config.groupAccess(), sourceAccess = i.config.sourceAccess();
        for (Group g : i.groups.snapshot()) {
            if (!groupAccess.permits(g.address)) {
                endDynamic(g);
                continue;
            }
            if (g.mode != FilterMode.INCLUDE) continue;
            boolean any = false;
            for (int k = 0; k < g.nSources; k++) {
                if (sourceAccess.permits(g.sources[k])) continue;
                g.sourceTimers[k] = now;
                any = true;
            }
            if (any) expireGroup(i, g);
        }
    }

    /** Ends what hosts asked for in a group; a static group stays with its static membership only. */
    private void endDynamic(Group g) {
        if (g.staticMembership == null) {
            deleteGroup(g);
            return;
        }
        StaticGroup s = g.staticMembership;
        deleteGroup(g);
        // the old record says nothing to the data plane: the fresh one goes on from what it forwarded
        if (g.dirty) {
            g.dirty = false;
            dirty.remove(g);
        }
        Group fresh = new Group(g.iface, g.address, now);
        fresh.staticMembership = s;
        fresh.forwardMode = g.forwardMode;
        fresh.forwardSources = g.forwardSources;
        g.iface.groups.add(fresh);
        markDirty(fresh);
    }

    private void deleteGroup(Group g) {
        g.deleted = true;
        g.iface.groups.remove(g);
        g.iface.trackedHosts -= g.nHosts;
        for (int k = 0; k < g.nHosts; k++) hostGroupCount(g.iface, g.hostAddress(k), -1);
        timers.cancel(g);
        markDirty(g);
    }

    // ------------------------------------------------------------------ forwarding events

    private void markDirty(Group g) {
        if (!g.dirty) {
            g.dirty = true;
            dirty.add(g);
        }
    }

    private void flush() {
        for (int k = 0; k < dirty.size(); k++) {
            Group g = dirty.get(k);
            g.dirty = false;
            emitForwarding(g);
        }
        dirty.clear();
    }

    /** 6.3: INCLUDE forwards the sources with running timers; EXCLUDE blocks those whose timer is 0 (Y). */
    private void emitForwarding(Group g) {
        FilterMode mode = g.deleted ? FilterMode.INCLUDE : g.mode;
        boolean wantRunning = mode == FilterMode.INCLUDE;
        int n = 0;
        boolean same = mode == g.forwardMode;
        SourceList last = g.forwardSources;
        if (!g.deleted) {
            for (int k = 0; k < g.nSources; k++) {
                if ((g.sourceTimers[k] > now) != wantRunning) continue;
                if (same && (n >= last.size() || last.get(n) != g.sources[k])) same = false;
                n++;
            }
        }
        if (same && n == last.size() && g.staticMembership == null) return;
        int[] list = new int[n];
        n = 0;
        if (!g.deleted) for (int k = 0; k < g.nSources; k++) if ((g.sourceTimers[k] > now) == wantRunning) list[n++] = g.sources[k];
        if (g.staticMembership != null && !g.deleted) {
            // the static membership joins the hosts': (*,G) forwards every source, (S,G) adds its sources
            int[] st = g.staticMembership.sources().stream().mapToInt(Integer::intValue).sorted().toArray();
            if (st.length == 0) {
                mode = FilterMode.EXCLUDE;
                list = new int[0];
            } else if (mode == FilterMode.INCLUDE) {
                list = SortedInts.union(list, st, st.length);
            } else {
                list = SortedInts.minus(list, st, st.length);
            }
            if (mode == g.forwardMode && java.util.Arrays.equals(list, g.forwardSources.toArray())) return;
        }
        g.forwardMode = mode;
        g.forwardSources = SourceList.of(list);
        events.add(new ForwardingEvent(g.iface.name, g.address, mode, g.forwardSources));
        if (proxyMembership) updateProxy(g.address);
    }

    /** RFC 4605 section 4.1 / RFC 9776 section 3.2: merge every interface's state for the group. */
    private void updateProxy(int group) {
        boolean anyExclude = false;
        int[] excl = null;
        int[] incl = new int[0];
        for (Iface i : interfaces.values()) {
            Group g = i.groups.get(group);
            if (g == null || g.deleted) continue;
            int[] s = g.forwardSources.toArray();
            if (g.forwardMode == FilterMode.EXCLUDE) {
                anyExclude = true;
                excl = excl == null ? s : intersect(excl, s);
            } else {
                incl = SortedInts.union(incl, s, s.length);
            }
        }
        ProxyEvent next = anyExclude
                ? new ProxyEvent(group, FilterMode.EXCLUDE, SourceList.of(SortedInts.minus(excl, incl, incl.length)))
                : new ProxyEvent(group, FilterMode.INCLUDE, SourceList.of(incl));
        ProxyEvent prev = proxyState.get(group);
        boolean empty = next.mode() == FilterMode.INCLUDE && next.sources().isEmpty();
        if (prev == null ? empty : prev.equals(next)) return;
        if (empty) proxyState.remove(group);
        else proxyState.put(group, next);
        proxyEvents.add(next);
    }

    private static int[] intersect(int[] a, int[] b) {
        int[] out = new int[Math.min(a.length, b.length)];
        int n = 0;
        for (int x : a) if (SortedInts.contains(b, b.length, x)) out[n++] = x;
        return java.util.Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------------ views

    /** The current forwarding decision for a group on an interface ({@code INCLUDE {}} when there is none). */
    public ForwardingEvent forwarding(String interfaceName, int group) {
        Group g = iface(interfaceName).groups.get(group);
        return g == null ? new ForwardingEvent(interfaceName, group, FilterMode.INCLUDE, SourceList.EMPTY)
                : new ForwardingEvent(interfaceName, group, g.forwardMode, g.forwardSources);
    }

    /** RFC 4605: the merged membership an upstream host should report, one entry per group with listeners. */
    public List<ProxyEvent> proxyMembership() {
        List<ProxyEvent> out = proxyState.valuesSnapshot();
        out.sort((a, b) -> Integer.compareUnsigned(a.group(), b.group()));
        return out;
    }

    public int groupCount(String interfaceName) {
        return iface(interfaceName).groups.size();
    }

    /** Source records (RFC 9776 section 6.2.3) over all groups of an interface; allocates nothing. */
    public int sourceCount(String interfaceName) {
        int[] n = new int[1];
        iface(interfaceName).groups.forEach(g -> {
            if (!g.deleted) n[0] += g.nSources;
        });
        return n[0];
    }

    /** Groups on an interface, in address order. */
    public List<Integer> groups(String interfaceName) {
        List<Integer> out = new ArrayList<>();
        for (Group g : iface(interfaceName).groups.snapshot()) out.add(g.address);
        return out;
    }

    public RouterState state(long now, boolean includeGroups) {
        List<InterfaceState> list = new ArrayList<>();
        for (String name : interfaces.keySet()) list.add(interfaceState(now, name, includeGroups));
        return new RouterState(now, List.copyOf(list), named(DropReason.values(), drops), named(ParseError.values(), parseErrors));
    }

    public InterfaceState interfaceState(long now, String name, boolean includeGroups) {
        Iface i = iface(name);
        List<GroupState> groups = List.of();
        if (includeGroups) {
            List<Group> gs = i.groups.snapshot();
            List<GroupState> out = new ArrayList<>(gs.size());
            for (Group g : gs) out.add(groupView(now, g));
            groups = List.copyOf(out);
        }
        return new InterfaceState(i.name, Ipv4.format(i.address), i.querier, i.querierAddress == 0 ? null : Ipv4.format(i.querierAddress), i.version,
                i.config.version(), i.robustness, i.queryInterval, i.startupQueriesLeft,
                i.querier ? remaining(i.generalQueryDue, now) : 0, remaining(i.otherQuerierPresent, now),
                remaining(i.olderQuerierPresent, now), i.groups.size(), i.trackedHosts,
                labelled(i.counters), named(DropReason.values(), i.drops), groups, i.config.neverQuerier(), now - i.querierSince);
    }

    /** One group's view, or null when the interface has no record for it. */
    public GroupState groupState(long now, String interfaceName, int group) {
        Group g = iface(interfaceName).groups.get(group);
        return g == null ? null : groupView(now, g);
    }

    private GroupState groupView(long now, Group g) {
        List<SourceState> sources = new ArrayList<>(g.nSources);
        for (int k = 0; k < g.nSources; k++) {
            boolean running = g.sourceTimers[k] > now;
            List<String> wanting = new ArrayList<>();
            for (int h = 0; h < g.nHosts; h++) if (g.hostWants(h, g.sources[k])) wanting.add(Ipv4.format(g.hostAddress(h)));
            wanting.sort(null);
            sources.add(new SourceState(Ipv4.format(g.sources[k]), remaining(g.sourceTimers[k], now),
                    g.mode == FilterMode.INCLUDE ? running : running || !g.forwardSources.contains(g.sources[k]),
                    List.copyOf(wanting)));
        }
        List<String> reporters = new ArrayList<>(g.nHosts);
        for (int k = 0; k < g.nHosts; k++) reporters.add(Ipv4.format(g.hostAddress(k)));
        reporters.sort(null);
        List<String> fwd = new ArrayList<>();
        for (int k = 0; k < g.forwardSources.size(); k++) fwd.add(Ipv4.format(g.forwardSources.get(k)));
        return new GroupState(Ipv4.format(g.address), g.mode, g.mode == FilterMode.EXCLUDE ? remaining(g.groupTimer(), now) : 0,
                g.compatibilityMode(now), remaining(g.v1HostTimer, now), remaining(g.v2HostTimer(), now),
                List.copyOf(reporters), now - g.created, List.copyOf(sources), g.forwardMode, List.copyOf(fwd),
                g.staticMembership == null ? null : g.staticMembership.toString());
    }

    private static long remaining(long deadline, long now) {
        return deadline == Timed.STOPPED || deadline == Timed.NEVER || deadline <= now ? 0 : deadline - now;
    }

    private static Map<String, Long> labelled(long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (MessageCounter c : MessageCounter.values()) m.put(c.label(), counts[c.ordinal()]);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static <E extends Enum<E>> Map<String, Long> named(E[] names, long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (E e : names) m.put(e.name(), counts[e.ordinal()]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
