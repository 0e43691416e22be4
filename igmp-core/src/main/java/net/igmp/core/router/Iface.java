package net.igmp.core.router;

/** Router-side state of one interface: querier election (RFC 9776 section 6.6.2), timers in use, groups, counters. */
final class Iface extends Timed {
    final String name;
    int address;
    InterfaceConfig config;

    boolean querier = true;
    int querierAddress;
    /** When the querier (querierAddress) was last heard, while this router is not querier. */
    long querierHeard;
    /** When the querier in {@code querierAddress} took the role (or was first heard in it). */
    long querierSince;
    /** Other Querier Present timer (section 6.6.2); STOPPED while this router is the querier. */
    long otherQuerierPresent = STOPPED;
    long generalQueryDue = NEVER;
    int startupQueriesLeft;

    /** Querier version in use and the end of a downgrade to it (section 7.3.1). */
    int version;
    long olderQuerierPresent = STOPPED;

    /** QRV and QQI learned from the querier's v3 queries while not querier (0 = not learned). */
    int learnedRobustness;
    long learnedQueryIntervalMs;

    // values in use, recomputed by refreshTimes()
    int robustness;
    long queryInterval, gmi, oqpi, ohpi, lmqt, lmqi, sqi;
    int lmqc, sqc;

    final GroupTable groups = new GroupTable();
    int trackedHosts;
    /** Groups each tracked host holds, kept only while {@code maxGroupsPerHost} limits them (else null). */
    java.util.HashMap<Integer, Integer> hostGroups;
    final long[] counters = new long[MessageCounter.values().length];
    final long[] drops = new long[DropReason.values().length];

    Iface(String name, int address, InterfaceConfig config) {
        this.name = name;
        this.address = address;
        this.querierAddress = address;
        this.config = config;
        this.version = config.version();
        refreshTimes();
    }

    /** Recomputes the section 8 values from the configured or learned Robustness Variable and Query Interval. */
    void refreshTimes() {
        robustness = learnedRobustness != 0 ? learnedRobustness : config.robustness();
        queryInterval = learnedQueryIntervalMs != 0 ? learnedQueryIntervalMs : config.queryIntervalMs();
        gmi = config.groupMembershipInterval(robustness, queryInterval);
        oqpi = config.otherQuerierPresentInterval(robustness, queryInterval);
        ohpi = config.olderHostPresentInterval(robustness, queryInterval);
        lmqc = config.lastMemberQueryCount(robustness);
        lmqi = config.lastMemberQueryIntervalMs();
        lmqt = lmqc * lmqi;
        sqc = config.startupQueryCount(robustness);
        sqi = config.startupQueryInterval(queryInterval);
    }

    void count(MessageCounter c) {
        counters[c.ordinal()]++;
    }

    void drop(DropReason r) {
        drops[r.ordinal()]++;
    }
}
