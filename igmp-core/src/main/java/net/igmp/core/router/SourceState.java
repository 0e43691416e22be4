package net.igmp.core.router;

/**
 * Operator view of one source record (RFC 9776 section 6.2.3).
 * @param timerMs   remaining source timer, 0 when expired or not running
 * @param forwarded whether traffic from this source is forwarded (section 6.3)
 * @param reporters tracked hosts that want this source (listed in INCLUDE mode, or not excluded in EXCLUDE mode)
 */
public record SourceState(String source, long timerMs, boolean forwarded, java.util.List<String> reporters) {}
