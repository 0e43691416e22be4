package net.igmp.sim;

import net.igmp.wire.IgmpMessage;

/**
 * An IGMP message a protocol engine wants sent.
 *
 * @param ifIndex     the interface, in the order the scenario lists them (0 for a host)
 * @param destination the IPv4 destination: 224.0.0.1, 224.0.0.2, 224.0.0.22 or a group address
 */
public record Transmit(int ifIndex, int destination, IgmpMessage message) {}
