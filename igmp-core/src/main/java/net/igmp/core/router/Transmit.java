package net.igmp.core.router;

import net.igmp.wire.IgmpMessage;

/**
 * A message the engine wants sent: on {@code interfaceName}, to {@code destination} (224.0.0.1 for general
 * queries, the group for group-specific ones), from the interface's address, with TTL 1 and Router Alert.
 */
public record Transmit(String interfaceName, int destination, IgmpMessage message) {}
