package net.igmp.core.router;

/**
 * Operator view of one source record (RFC 9776 section 6.2.3).
 * @param timerMs   remaining source timer, 0 when expired or not running
 * @param forwarded whether traffic from this source is forwarded (section 6.3)
 */
public record SourceState(String source, long timerMs, boolean forwarded) {}
