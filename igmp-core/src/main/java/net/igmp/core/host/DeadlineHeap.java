package net.igmp.core.host;

import java.util.Arrays;

/**
 * A binary min-heap of timers keyed by deadline; {@link TimerWheel} keeps the far ones here (a primitive {@code long[]} beside the timer array, so sifting
 * never dereferences a timer). Each timer knows its slot, so rescheduling and cancelling are O(log n) and leave
 * no stale entries behind. Scales to millions of timers: no scan of groups or interfaces ever happens.
 */
final class DeadlineHeap {
    /** A timer owned by one interface (and, for group timers, one group). */
    static final class Timer {
        final int kind;
        final HostEngine.Iface iface;
        final HostEngine.Group group;
        long deadline;
        int slot = -1;          // index in a DeadlineHeap, or -1
        int wheelSlot = -1;     // slot in a TimerWheel, or -1
        Timer next;             // the TimerWheel slot's list

        Timer(int kind, HostEngine.Iface iface, HostEngine.Group group) {
            this.kind = kind;
            this.iface = iface;
            this.group = group;
        }

        boolean scheduled() {
            return slot >= 0 || wheelSlot >= 0;
        }

        /** Milliseconds left at {@code now}; only meaningful while scheduled. */
        long remaining(long now) {
            return deadline - now;
        }
    }

    // Starts small and doubles: a host with one group mostly runs one or two timers at a time (a query response
    // and a State-Change retransmission).
    private long[] keys = new long[2];
    private Timer[] timers = new Timer[2];
    private int size;

    int size() {
        return size;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when empty. */
    long peekDeadline() {
        return size == 0 ? Long.MAX_VALUE : keys[0];
    }

    /** Schedules (or reschedules) {@code t} at {@code deadline}. */
    void schedule(Timer t, long deadline) {
        t.deadline = deadline;
        if (t.slot < 0) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                timers = Arrays.copyOf(timers, size * 2);
            }
            int i = size++;
            keys[i] = deadline;
            timers[i] = t;
            t.slot = i;
            up(i);
        } else {
            int i = t.slot;
            keys[i] = deadline;
            up(i);
            down(t.slot);
        }
    }

    void cancel(Timer t) {
        if (t == null || t.slot < 0) return;
        int i = t.slot;
        t.slot = -1;
        int last = --size;
        if (i != last) {
            keys[i] = keys[last];
            timers[i] = timers[last];
            timers[i].slot = i;
            timers[last] = null;
            Timer moved = timers[i];
            up(i);
            down(moved.slot);
        } else {
            timers[last] = null;
        }
    }

    /** Removes and returns the earliest timer if it is due at {@code now}, else null. */
    Timer pollDue(long now) {
        if (size == 0 || keys[0] > now) return null;
        Timer t = timers[0];
        cancel(t);
        return t;
    }

    private void up(int i) {
        long k = keys[i];
        Timer t = timers[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (keys[p] <= k) break;
            keys[i] = keys[p];
            timers[i] = timers[p];
            timers[i].slot = i;
            i = p;
        }
        keys[i] = k;
        timers[i] = t;
        t.slot = i;
    }

    private void down(int i) {
        long k = keys[i];
        Timer t = timers[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < size && keys[c + 1] < keys[c]) c++;
            if (k <= keys[c]) break;
            keys[i] = keys[c];
            timers[i] = timers[c];
            timers[i].slot = i;
            i = c;
        }
        keys[i] = k;
        timers[i] = t;
        t.slot = i;
    }
}
