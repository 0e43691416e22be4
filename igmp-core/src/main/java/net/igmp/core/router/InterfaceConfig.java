package net.igmp.core.router;

import java.util.List;
import net.igmp.wire.FloatCode;

/**
 * The per-interface settings of the router side: every timer and counter of RFC 9776 section 8, the querier
 * version (section 7.3.1) and this implementation's policy knobs. Validated at construction: a bad value
 * throws {@link InvalidSettingException} with one line naming the setting, the rule and the value.
 *
 * <p>Derived values (section 8.4 Group Membership Interval, 8.5 Other Querier Present Interval, 8.6 Startup Query
 * Interval, 8.7 Startup Query Count, 8.9 Last Member Query Count, 8.13 Older Host Present Interval) are 0 here
 * to mean "derive from the Robustness Variable and Query Interval in use": a non-querier adopts the querier's
 * QRV and QQI (section 6.6.2 / 4.1.6 / 4.1.7), so the derived values follow the learned ones. A non-zero value
 * overrides the derivation.
 *
 * @param version                       querier version 1, 2 or 3 (section 7.3.1: administratively set)
 * @param robustness                    8.1 Robustness Variable, 1..255 (values above 7 are sent as QRV 0)
 * @param queryIntervalMs               8.2 Query Interval, whole seconds
 * @param queryResponseIntervalMs       8.3 Query Response Interval, whole tenths of a second, below the QI
 * @param groupMembershipIntervalMs     8.4, 0 = RV x QI + QRI
 * @param otherQuerierPresentIntervalMs 8.5, 0 = RV x QI + QRI / 2
 * @param startupQueryIntervalMs        8.6, 0 = QI / 4
 * @param startupQueryCount             8.7, 0 = RV
 * @param lastMemberQueryIntervalMs     8.8 Last Member Query Interval, whole tenths of a second
 * @param lastMemberQueryCount          8.9, 0 = RV
 * @param olderHostPresentIntervalMs    8.13, 0 = RV x QI + QRI
 * @param querierVersionDowngrade       lower the querier version while an older-version querier is heard (7.3.1
 *                                      asks for administrative configuration; this makes it automatic, off by default)
 * @param explicitTracking              track the reporting hosts of each group and source, and stop forwarding at
 *                                      once when the last one leaves (v3 hosts only: their reports are not suppressed)
 * @param immediateLeave                on a v2 Leave for a group in v2 compatibility mode, stop forwarding at once
 *                                      (right only when each port has a single host)
 * @param ssmRange                      RFC 4604: EXCLUDE records and v1/v2 reports for groups here are ignored
 * @param maxGroups                     groups on this interface
 * @param maxSourcesPerGroup            source records in one group
 * @param maxTrackedHosts               tracked (group, host) pairs on this interface
 * @param groupAccess                   which groups may be joined
 * @param sourceAccess                  which sources may be asked for in INCLUDE-type records
 * @param neverQuerier                  never take the querier role on this interface (another router queries)
 * @param trustedQueriers               queries only from these count (election, timers); empty trusts every sender
 * @param staticGroups                  memberships configured by the operator, forwarded with no host
 * @param ttlThreshold                  the data plane forwards out of this interface only packets with a TTL above this
 * @param altnet                        networks besides the interface's own whose sources the data plane accepts
 * @param maxGroupsPerHost              groups one tracked host may hold on this interface (explicit tracking)
 */
public record InterfaceConfig(
        int version,
        int robustness,
        long queryIntervalMs,
        long queryResponseIntervalMs,
        long groupMembershipIntervalMs,
        long otherQuerierPresentIntervalMs,
        long startupQueryIntervalMs,
        int startupQueryCount,
        long lastMemberQueryIntervalMs,
        int lastMemberQueryCount,
        long olderHostPresentIntervalMs,
        boolean querierVersionDowngrade,
        boolean explicitTracking,
        boolean immediateLeave,
        Ipv4Prefix ssmRange,
        int maxGroups,
        int maxSourcesPerGroup,
        int maxTrackedHosts,
        AccessList groupAccess,
        AccessList sourceAccess,
        boolean neverQuerier,
        List<Ipv4Prefix> trustedQueriers,
        List<StaticGroup> staticGroups,
        int ttlThreshold,
        List<Ipv4Prefix> altnet,
        int maxGroupsPerHost) {

    private static final long MAX_QI_MS = 1000L * FloatCode.MAX_VALUE;
    private static final long MAX_V3_RESP_MS = 100L * FloatCode.MAX_VALUE;
    private static final long MAX_V2_RESP_MS = 100L * 255;
    private static final Ipv4Prefix MULTICAST = new Ipv4Prefix(0xE0000000, 4);

    /** The RFC 9776 section 8 defaults, IGMPv3, explicit tracking on, SSM range 232/8, no limits. */
    public static final InterfaceConfig DEFAULTS = builder().build();

    public InterfaceConfig {
        if (version < 1 || version > 3) fail("{version} must be 1, 2 or 3, got " + version);
        if (robustness < 1 || robustness > 255) fail("{robustness} must be 1 to 255 (RFC 9776 8.1: not zero), got " + robustness);
        if (queryIntervalMs < 1000 || queryIntervalMs % 1000 != 0 || queryIntervalMs > MAX_QI_MS)
            fail("{queryInterval} must be whole seconds from 1s to " + time(MAX_QI_MS) + " (QQIC carries seconds), got " + time(queryIntervalMs));
        if (queryResponseIntervalMs < 100 || queryResponseIntervalMs % 100 != 0)
            fail("{queryResponseInterval} must be a positive multiple of 100ms (Max Resp Code carries tenths of a second), got "
                    + time(queryResponseIntervalMs));
        if (queryResponseIntervalMs >= queryIntervalMs)
            fail("{queryResponseInterval} (" + time(queryResponseIntervalMs) + ") must be shorter than {queryInterval} ("
                    + time(queryIntervalMs) + "), RFC 9776 8.3");
        long maxResp = version == 3 ? MAX_V3_RESP_MS : MAX_V2_RESP_MS;
        if (version > 1 && queryResponseIntervalMs > maxResp)
            fail("{queryResponseInterval} must be at most " + time(maxResp) + " for a version " + version + " querier, got " + time(queryResponseIntervalMs));
        if (lastMemberQueryIntervalMs < 100 || lastMemberQueryIntervalMs % 100 != 0 || lastMemberQueryIntervalMs > maxResp)
            fail("{lastMemberQueryInterval} must be a multiple of 100ms from 100ms to " + time(maxResp) + ", got " + time(lastMemberQueryIntervalMs));
        notNegative("groupMembershipInterval", groupMembershipIntervalMs, true);
        notNegative("otherQuerierPresentInterval", otherQuerierPresentIntervalMs, true);
        notNegative("startupQueryInterval", startupQueryIntervalMs, true);
        notNegative("startupQueryCount", startupQueryCount, false);
        notNegative("lastMemberQueryCount", lastMemberQueryCount, false);
        notNegative("olderHostPresentInterval", olderHostPresentIntervalMs, true);
        if (groupMembershipIntervalMs != 0 && groupMembershipIntervalMs <= queryResponseIntervalMs)
            fail("{groupMembershipInterval} (" + time(groupMembershipIntervalMs) + ") must be longer than {queryResponseInterval} ("
                    + time(queryResponseIntervalMs) + ")");
        if (startupQueryIntervalMs != 0 && startupQueryIntervalMs > queryIntervalMs)
            fail("{startupQueryInterval} (" + time(startupQueryIntervalMs) + ") must not exceed {queryInterval} (" + time(queryIntervalMs) + ")");
        if (ssmRange == null) fail("{ssmRange} must not be null (use Ipv4Prefix.NONE for no SSM range)");
        if (ssmRange.length() >= 0 && !MULTICAST.containsPrefix(ssmRange))
            fail("{ssmRange} must lie within " + MULTICAST + " (multicast), got " + ssmRange);
        if (maxGroups < 1) fail("{maxGroups} must be at least 1, got " + maxGroups);
        if (maxSourcesPerGroup < 1) fail("{maxSourcesPerGroup} must be at least 1, got " + maxSourcesPerGroup);
        if (maxTrackedHosts < 1) fail("{maxTrackedHosts} must be at least 1, got " + maxTrackedHosts);
        if (groupAccess == null || sourceAccess == null) fail("access lists must not be null (use AccessList.PERMIT_ALL)");
        trustedQueriers = List.copyOf(trustedQueriers);
        staticGroups = List.copyOf(staticGroups);
        altnet = List.copyOf(altnet);
        if (maxGroupsPerHost < 1) fail("{maxGroupsPerHost} must be at least 1, got " + maxGroupsPerHost);
        if (ttlThreshold < 1 || ttlThreshold > 255) fail("{ttlThreshold} must be 1 to 255 (an IPv4 TTL), got " + ttlThreshold);
    }

    private static void notNegative(String name, long v, boolean time) {
        if (v < 0) fail("{" + name + "} must be 0 (derive) or positive, got " + (time ? time(v) : String.valueOf(v)));
    }

    private static String time(long ms) {
        return InvalidSettingException.time(ms);
    }

    private static void fail(String template) {
        throw new InvalidSettingException(template);
    }

    // ---- values in use, given the Robustness Variable and Query Interval in effect (learned or configured) ----

    /** 8.4 Group Membership Interval. */
    public long groupMembershipInterval(int rv, long qi) {
        return groupMembershipIntervalMs != 0 ? groupMembershipIntervalMs : rv * qi + queryResponseIntervalMs;
    }

    /** 8.5 Other Querier Present Interval. */
    public long otherQuerierPresentInterval(int rv, long qi) {
        return otherQuerierPresentIntervalMs != 0 ? otherQuerierPresentIntervalMs : rv * qi + queryResponseIntervalMs / 2;
    }

    /** 8.6 Startup Query Interval. */
    public long startupQueryInterval(long qi) {
        return startupQueryIntervalMs != 0 ? startupQueryIntervalMs : qi / 4;
    }

    /** 8.7 Startup Query Count. */
    public int startupQueryCount(int rv) {
        return startupQueryCount != 0 ? startupQueryCount : rv;
    }

    /** 8.9 Last Member Query Count. */
    public int lastMemberQueryCount(int rv) {
        return lastMemberQueryCount != 0 ? lastMemberQueryCount : rv;
    }

    /** 8.10 Last Member Query Time = LMQC x LMQI. */
    public long lastMemberQueryTime(int rv) {
        return lastMemberQueryCount(rv) * lastMemberQueryIntervalMs;
    }

    /** 8.13 Older Host Present Interval. */
    public long olderHostPresentInterval(int rv, long qi) {
        return olderHostPresentIntervalMs != 0 ? olderHostPresentIntervalMs : rv * qi + queryResponseIntervalMs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.version = version; b.robustness = robustness; b.queryIntervalMs = queryIntervalMs;
        b.queryResponseIntervalMs = queryResponseIntervalMs; b.groupMembershipIntervalMs = groupMembershipIntervalMs;
        b.otherQuerierPresentIntervalMs = otherQuerierPresentIntervalMs; b.startupQueryIntervalMs = startupQueryIntervalMs;
        b.startupQueryCount = startupQueryCount; b.lastMemberQueryIntervalMs = lastMemberQueryIntervalMs;
        b.lastMemberQueryCount = lastMemberQueryCount; b.olderHostPresentIntervalMs = olderHostPresentIntervalMs;
        b.querierVersionDowngrade = querierVersionDowngrade; b.explicitTracking = explicitTracking;
        b.immediateLeave = immediateLeave; b.ssmRange = ssmRange; b.maxGroups = maxGroups;
        b.maxSourcesPerGroup = maxSourcesPerGroup; b.maxTrackedHosts = maxTrackedHosts;
        b.groupAccess = groupAccess; b.sourceAccess = sourceAccess;
        b.neverQuerier = neverQuerier; b.trustedQueriers = trustedQueriers; b.staticGroups = staticGroups;
        b.ttlThreshold = ttlThreshold; b.altnet = altnet; b.maxGroupsPerHost = maxGroupsPerHost;
        return b;
    }

    /** Builds an {@link InterfaceConfig}; starts from the defaults. */
    public static final class Builder {
        private int version = 3;
        private int robustness = 2;
        private long queryIntervalMs = 125_000;
        private long queryResponseIntervalMs = 10_000;
        private long groupMembershipIntervalMs;
        private long otherQuerierPresentIntervalMs;
        private long startupQueryIntervalMs;
        private int startupQueryCount;
        private long lastMemberQueryIntervalMs = 1_000;
        private int lastMemberQueryCount;
        private long olderHostPresentIntervalMs;
        private boolean querierVersionDowngrade;
        private boolean explicitTracking = true;
        private boolean immediateLeave;
        private Ipv4Prefix ssmRange = Ipv4Prefix.SSM_DEFAULT;
        private int maxGroups = Integer.MAX_VALUE;
        private int maxSourcesPerGroup = Integer.MAX_VALUE;
        private int maxTrackedHosts = Integer.MAX_VALUE;
        private AccessList groupAccess = AccessList.PERMIT_ALL;
        private AccessList sourceAccess = AccessList.PERMIT_ALL;
        private boolean neverQuerier;
        private List<Ipv4Prefix> trustedQueriers = List.of();
        private List<StaticGroup> staticGroups = List.of();
        private int ttlThreshold = 1;
        private List<Ipv4Prefix> altnet = List.of();
        private int maxGroupsPerHost = Integer.MAX_VALUE;

        public Builder version(int v) { version = v; return this; }
        public Builder robustness(int v) { robustness = v; return this; }
        public Builder queryIntervalMs(long v) { queryIntervalMs = v; return this; }
        public Builder queryResponseIntervalMs(long v) { queryResponseIntervalMs = v; return this; }
        public Builder groupMembershipIntervalMs(long v) { groupMembershipIntervalMs = v; return this; }
        public Builder otherQuerierPresentIntervalMs(long v) { otherQuerierPresentIntervalMs = v; return this; }
        public Builder startupQueryIntervalMs(long v) { startupQueryIntervalMs = v; return this; }
        public Builder startupQueryCount(int v) { startupQueryCount = v; return this; }
        public Builder lastMemberQueryIntervalMs(long v) { lastMemberQueryIntervalMs = v; return this; }
        public Builder lastMemberQueryCount(int v) { lastMemberQueryCount = v; return this; }
        public Builder olderHostPresentIntervalMs(long v) { olderHostPresentIntervalMs = v; return this; }
        public Builder querierVersionDowngrade(boolean v) { querierVersionDowngrade = v; return this; }
        public Builder explicitTracking(boolean v) { explicitTracking = v; return this; }
        public Builder immediateLeave(boolean v) { immediateLeave = v; return this; }
        public Builder ssmRange(Ipv4Prefix v) { ssmRange = v; return this; }
        public Builder maxGroups(int v) { maxGroups = v; return this; }
        public Builder maxSourcesPerGroup(int v) { maxSourcesPerGroup = v; return this; }
        public Builder maxTrackedHosts(int v) { maxTrackedHosts = v; return this; }
        public Builder groupAccess(AccessList v) { groupAccess = v; return this; }
        public Builder sourceAccess(AccessList v) { sourceAccess = v; return this; }
        public Builder neverQuerier(boolean v) { neverQuerier = v; return this; }
        public Builder trustedQueriers(List<Ipv4Prefix> v) { trustedQueriers = v; return this; }
        public Builder staticGroups(List<StaticGroup> v) { staticGroups = v; return this; }
        public Builder ttlThreshold(int v) { ttlThreshold = v; return this; }
        public Builder altnet(List<Ipv4Prefix> v) { altnet = v; return this; }
        public Builder maxGroupsPerHost(int v) { maxGroupsPerHost = v; return this; }

        public InterfaceConfig build() {
            return new InterfaceConfig(version, robustness, queryIntervalMs, queryResponseIntervalMs,
                    groupMembershipIntervalMs, otherQuerierPresentIntervalMs, startupQueryIntervalMs, startupQueryCount,
                    lastMemberQueryIntervalMs, lastMemberQueryCount, olderHostPresentIntervalMs, querierVersionDowngrade,
                    explicitTracking, immediateLeave, ssmRange, maxGroups, maxSourcesPerGroup, maxTrackedHosts,
                    groupAccess, sourceAccess, neverQuerier, trustedQueriers, staticGroups, ttlThreshold, altnet, maxGroupsPerHost);
        }
    }
}
