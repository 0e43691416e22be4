package net.igmp.core.router;

import net.igmp.core.time.DeadlineHeap;

/** Something with timers in the engine's deadline heap: an interface or a group record. */
abstract sealed class Timed extends DeadlineHeap.Node permits Iface, Group {
    /** "Not running" for any timer field: every comparison with a real time says expired. */
    static final long STOPPED = Long.MIN_VALUE;
    /** "Never" for a due time. */
    static final long NEVER = Long.MAX_VALUE;
}
