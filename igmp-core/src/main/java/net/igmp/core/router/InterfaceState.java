package net.igmp.core.router;

import java.util.List;
import java.util.Map;

/**
 * Operator view of one interface, plain values only (easy to turn into JSON).
 * @param version                    querier version in use (lower than configured while downgraded)
 * @param robustness                 Robustness Variable in use (learned from the querier's QRV when not querier)
 * @param queryIntervalMs            Query Interval in use (learned from QQIC when not querier)
 * @param generalQueryInMs           time to the next general query, 0 when this router is not the querier
 * @param otherQuerierPresentInMs    Other Querier Present timer, 0 when not running
 * @param olderQuerierPresentInMs    time left in a version downgrade, 0 when not downgraded
 * @param counters                   {@link MessageCounter#label()} to count
 * @param drops                      {@link DropReason} name to count
 * @param groups                     the group records, empty when not asked for
 */
public record InterfaceState(String name, String address, boolean querier, String querierAddress, int version,
                             int configuredVersion, int robustness, long queryIntervalMs, int startupQueriesLeft,
                             long generalQueryInMs, long otherQuerierPresentInMs, long olderQuerierPresentInMs,
                             int groupCount, int trackedHosts, Map<String, Long> counters, Map<String, Long> drops,
                             List<GroupState> groups, boolean neverQuerier, long querierSinceMs) {}
