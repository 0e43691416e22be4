package net.igmp.core.router;

import java.util.List;
import net.igmp.core.FilterMode;

/**
 * Operator view of one group record (RFC 9776 section 6.2.1), plain values only.
 * @param groupTimerMs      remaining group timer (EXCLUDE mode), 0 when not running
 * @param compatibilityMode Group Compatibility Mode 1, 2 or 3 (section 7.3.2)
 * @param v1HostTimerMs     remaining IGMPv1 Older Host Present timer, 0 when not running
 * @param v2HostTimerMs     remaining IGMPv2 Older Host Present timer, 0 when not running
 * @param reporters         tracked hosts that report the group
 * @param uptimeMs          time since the group record was created
 * @param forwardMode       the forwarding decision given out last: INCLUDE (only {@code forwardSources}) or
 *                          EXCLUDE (all but {@code forwardSources})
 */
public record GroupState(String group, FilterMode filterMode, long groupTimerMs, int compatibilityMode,
                         long v1HostTimerMs, long v2HostTimerMs, List<String> reporters, long uptimeMs,
                         List<SourceState> sources, FilterMode forwardMode, List<String> forwardSources,
                         String staticMembership) {}
