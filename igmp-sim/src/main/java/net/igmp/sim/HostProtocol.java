package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.wire.IgmpMessage;

/**
 * The host side of IGMP on one interface, as the simulator drives it. Implemented over the host engine by
 * {@link EngineAdapters}; the simulator itself decides nothing about the protocol. Times are virtual
 * milliseconds.
 */
public interface HostProtocol {

    /**
     * The socket layer's wish for {@code group} (RFC 9776 section 2, IPMulticastListen): EXCLUDE with no
     * sources is an any-source join, INCLUDE with sources a source-specific join, INCLUDE with none a leave.
     */
    void listen(long nowMs, int group, FilterMode mode, int[] sources);

    /**
     * The socket layer leaves {@code oldGroup} and joins {@code newGroup} with the given filter in one step
     * (a channel switch). In IGMPv3 this is one State-Change Report carrying both records, so that a router
     * starts the new group and stops the old one at the same moment; {@code oldGroup != newGroup}.
     */
    void switchGroup(long nowMs, int oldGroup, int newGroup, FilterMode mode, int[] sources);

    /** An IGMP message heard on the interface. */
    void receive(long nowMs, int source, int destination, IgmpMessage message);

    /** The next message to send, or null. */
    Transmit pollTransmit();

    /** When {@link #handleTimeout} should next be called; {@link Long#MAX_VALUE} when no timer runs. */
    long nextDeadlineMs();

    void handleTimeout(long nowMs);

    /** A configuration change from the scenario (e.g. {@code version: 2}); throws for keys it does not know. */
    void configure(long nowMs, String key, String value);
}
