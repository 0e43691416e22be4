package net.igmp.core.host;

import net.igmp.core.time.DeadlineHeap;

/**
 * The host engine's timers: once there are many ({@value #WHEEL_FROM}), a hashed wheel of millisecond slots for the next {@value #SLOTS} ms, where response
 * and retransmission timers live (O(1) to schedule, cancel and expire), and a {@link DeadlineHeap} for the few
 * timers further out (the Older Version Querier Present timers). A bitmap of occupied slots finds the next
 * deadline without visiting empty slots one by one.
 *
 * <p>Invariants: every wheel timer's slot time lies in [cursor, cursor + SLOTS); every heap timer's deadline is
 * at or after cursor + SLOTS, so the wheel always holds the earliest timers. A slot holds timers of one slot
 * time, in the order they were scheduled. The cursor only moves forward, to times the caller has reached.
 */
final class TimerWheel {
    static final int SLOTS = 1 << 16;
    private static final int MASK = SLOTS - 1, WORDS = SLOTS / 64;

    /** Below this many timers the heap alone is used, so an engine with a few hosts stays small. */
    static final int WHEEL_FROM = 512;

    private HostTimer[] heads;   // null until the engine holds many timers
    private HostTimer[] tails;
    private long[] occupied;
    private final DeadlineHeap<HostTimer> later;
    private long cursor = Long.MIN_VALUE / 4;
    private int wheelCount;
    private long firstCache = Long.MIN_VALUE; // earliest occupied slot time, MIN_VALUE when unknown

    TimerWheel() {
        later = new DeadlineHeap<>(2);
    }

    /**
     * Takes over {@code heap}, which a small engine used alone, once it holds many timers: the wheel starts at
     * {@code now} (the caller's current time) and pulls the near timers out of the heap.
     */
    TimerWheel(DeadlineHeap<HostTimer> heap, long now) {
        later = heap;
        cursor = now;
        startWheel();
    }

    int size() {
        return wheelCount + later.size();
    }

    /** Schedules (or reschedules) {@code t} at {@code deadline}; {@code now} is the caller's current time. */
    void schedule(HostTimer t, long now, long deadline) {
        cancel(t);
        if (now > cursor && (wheelCount == 0 || firstOccupied() >= now)) advance(now);
        t.deadline = deadline;
        place(t);
        if (heads == null && later.size() >= WHEEL_FROM) startWheel();
    }

    private void startWheel() {
        heads = new HostTimer[SLOTS];
        tails = new HostTimer[SLOTS];
        occupied = new long[WORDS];
        advance(cursor);
    }

    void cancel(HostTimer t) {
        if (t == null) return;
        if (t.wheelSlot >= 0) unlink(t);
        else later.cancel(t);
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when there is none. */
    long peekDeadline() {
        // a timer scheduled behind the cursor (the caller had not yet run due timers) waits in the cursor's
        // slot; it is due at the slot time, which the caller has already reached
        return wheelCount == 0 ? later.nextDeadline() : firstOccupied();
    }

    /** Removes and returns a timer due at {@code now} (earliest first), or null when none is due. */
    HostTimer pollDue(long now) {
        if (heads == null) {
            if (now > cursor) cursor = now;
            return later.pollExpired(now);
        }
        while (true) {
            long first = wheelCount > 0 ? firstOccupied() : Long.MAX_VALUE;
            if (first <= now) {
                if (first > cursor) advance(first);
                HostTimer t = heads[(int) (first & MASK)];
                unlink(t);
                return t;
            }
            long next = later.nextDeadline();
            if (next > now) {
                if (now > cursor) advance(now);
                return null;
            }
            advance(next); // brings the due far timers into the wheel, in deadline order
        }
    }

    private void place(HostTimer t) {
        long at = Math.max(t.deadline, cursor);
        if (heads == null || at - cursor >= SLOTS) {
            later.schedule(t, t.deadline);
            return;
        }
        int s = (int) (at & MASK);
        // a singly linked list per slot: expiring the head touches no other timer (they are cold in memory)
        t.next = null;
        if (heads[s] == null) {
            heads[s] = t;
            occupied[s >>> 6] |= 1L << (s & 63);
        } else {
            tails[s].next = t;
        }
        tails[s] = t;
        t.wheelSlot = s;
        wheelCount++;
        if (firstCache != Long.MIN_VALUE && at < firstCache) firstCache = at;
        if (wheelCount == 1) firstCache = at;
    }

    private void unlink(HostTimer t) {
        int s = t.wheelSlot;
        if (heads[s] == t) {
            heads[s] = t.next;
        } else { // a cancel from the middle: walk the slot (one millisecond's timers)
            HostTimer p = heads[s];
            while (p.next != t) p = p.next;
            p.next = t.next;
            if (tails[s] == t) tails[s] = p;
        }
        if (heads[s] == null) {
            tails[s] = null;
            occupied[s >>> 6] &= ~(1L << (s & 63));
            if (firstCache != Long.MIN_VALUE && (firstCache & MASK) == s) firstCache = Long.MIN_VALUE;
        }
        t.next = null;
        t.wheelSlot = -1;
        wheelCount--;
    }

    /** Moves the cursor forward to {@code to} (no wheel timer is earlier) and pulls far timers into the wheel. */
    private void advance(long to) {
        cursor = to;
        if (heads == null) return;
        while (later.nextDeadline() - cursor < SLOTS) {
            HostTimer t = later.pollExpired(Long.MAX_VALUE);
            place(t);
        }
    }

    /** The slot time of the earliest occupied slot; the wheel must not be empty. */
    private long firstOccupied() {
        if (firstCache != Long.MIN_VALUE) return firstCache;
        int start = (int) (cursor & MASK);
        int word = start >>> 6;
        long bits = occupied[word] & (-1L << (start & 63));
        for (int scanned = 0; bits == 0; scanned++) {
            if (scanned > WORDS) throw new IllegalStateException("timer wheel count out of step with its bitmap");
            word = (word + 1) & (WORDS - 1);
            bits = occupied[word];
        }
        int slot = (word << 6) | Long.numberOfTrailingZeros(bits);
        firstCache = cursor + ((slot - start) & MASK);
        return firstCache;
    }
}
