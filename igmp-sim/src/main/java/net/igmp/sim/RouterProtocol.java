package net.igmp.sim;

import net.igmp.wire.IgmpMessage;

/**
 * The router side of IGMP over all interfaces of one router, as the simulator drives it. Implemented over the
 * router engine (and, in proxy mode, the host engine on the upstream interface) by {@link EngineAdapters}.
 * Times are virtual milliseconds; interfaces are numbered in the order the scenario lists them.
 */
public interface RouterProtocol {

    /** An IGMP message heard on interface {@code ifIndex}. */
    void receive(long nowMs, int ifIndex, int source, int destination, IgmpMessage message);

    Transmit pollTransmit();

    /** The next membership, forwarding or querier change, or null. */
    RouterNote pollNote();

    long nextDeadlineMs();

    void handleTimeout(long nowMs);

    /**
     * True when a datagram from {@code source} to {@code group} that arrived on {@code arrivalIf} goes out on
     * {@code ifIndex}: the engine's forwarding state (RFC 9776 section 6.3; RFC 4605 section 4 in proxy mode).
     */
    boolean forwards(int arrivalIf, int ifIndex, int group, int source);

    /** The Group Membership Interval on {@code ifIndex}: how long a group outlives its last report. */
    long groupMembershipIntervalMs(int ifIndex);

    void interfaceDown(long nowMs, int ifIndex);

    void interfaceUp(long nowMs, int ifIndex);

    /** A configuration change from the scenario; {@code ifIndex} -1 means every interface. */
    void configure(long nowMs, int ifIndex, String key, String value);

    /**
     * Until when (virtual ms) interface {@code ifIndex} stays quiet: nothing is sent or forwarded there before it
     * unless a message arrives there or the scenario changes the router ({@code RouterEngine.quietUntil}).
     * {@link Long#MIN_VALUE}, the default, promises nothing: a partitioned run then synchronises its regions at
     * every core latency.
     */
    default long quietUntilMs(int ifIndex) {
        return Long.MIN_VALUE;
    }
}
