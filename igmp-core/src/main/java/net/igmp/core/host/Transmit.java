package net.igmp.core.host;

import net.igmp.wire.IgmpMessage;

/**
 * One message the host engine wants sent: on interface {@code iface}, from {@code source} (the interface
 * address, RFC 9776 section 4.2.13) to {@code destination} (224.0.0.22 for v3 reports, the group for v1/v2
 * reports, 224.0.0.2 for a v2 Leave). The runtime adds the IPv4 header with TTL 1 and Router Alert.
 */
public record Transmit(int iface, int source, int destination, IgmpMessage message) {
}
