package net.igmp.core.host;

import net.igmp.core.time.DeadlineHeap;

/**
 * A host timer owned by one interface (and, for group timers, one group). It waits either in the engine's
 * {@link DeadlineHeap} or, once an engine holds many timers, in its {@link TimerWheel}.
 */
final class HostTimer extends DeadlineHeap.Node {
    final int kind;
    final HostEngine.Iface iface;
    final HostEngine.Group group;
    long deadline;
    int wheelSlot = -1;     // slot in a TimerWheel, or -1
    HostTimer next;         // the TimerWheel slot's list

    HostTimer(int kind, HostEngine.Iface iface, HostEngine.Group group) {
        this.kind = kind;
        this.iface = iface;
        this.group = group;
    }

    boolean scheduled() {
        return isScheduled() || wheelSlot >= 0;
    }

    /** Milliseconds left at {@code now}; only meaningful while scheduled. */
    long remaining(long now) {
        return deadline - now;
    }
}
