package net.igmp.core.time;

/**
 * A 4-ary min-heap of timed objects keyed by an absolute deadline in milliseconds. It plays the role Agrona's
 * {@code DeadlineTimerWheel} plays there: deadlines are longs, {@code now} is passed in, nothing reads a clock,
 * and expiry is pulled one entry at a time so a caller can bound the work per poll.
 *
 * <p>The heap is intrusive: each scheduled object carries its own slot index ({@link Node}), so cancel and
 * reschedule cost O(log n) with no search and no allocation. Unlike a wheel it knows its exact earliest deadline,
 * which a discrete-event simulator needs to jump time.
 *
 * <p>Callers that refresh a deadline much more often than it fires (a router refreshing a group timer on every
 * report) can keep the node scheduled at an earlier, conservative deadline and re-arm it only when it fires:
 * {@link #scheduleNoLater} does exactly that and costs O(1) when the node is already due sooner.
 */
public final class DeadlineHeap<T extends DeadlineHeap.Node> {

    /** Something that can sit in one {@link DeadlineHeap} at a time. */
    public abstract static class Node {
        int heapIndex = -1;
        long heapDeadline;

        /** True while this node is in a heap. */
        public final boolean isScheduled() {
            return heapIndex >= 0;
        }

        /** The deadline this node is scheduled at; meaningless unless {@link #isScheduled()}. */
        public final long scheduledDeadline() {
            return heapDeadline;
        }
    }

    private Node[] heap;
    /**
     * The deadlines of {@link #heap}, slot for slot: sifting compares these, four children in one cache line,
     * instead of reading each node (a million groups' nodes lie all over memory).
     */
    private long[] keys;
    private int size;

    public DeadlineHeap() {
        this(16);
    }

    /** A heap with room for {@code capacity} nodes before it grows (it doubles when full). */
    public DeadlineHeap(int capacity) {
        heap = new Node[Math.max(1, capacity)];
        keys = new long[heap.length];
    }

    /** Number of scheduled nodes. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Schedules {@code node} at {@code deadline}, moving it if it is already scheduled. */
    public void schedule(T node, long deadline) {
        if (node.heapIndex < 0) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
                keys = java.util.Arrays.copyOf(keys, size * 2);
            }
            node.heapDeadline = deadline;
            int i = size++;
            heap[i] = node;
            keys[i] = deadline;
            siftUp(i);
        } else {
            long old = node.heapDeadline;
            node.heapDeadline = deadline;
            keys[node.heapIndex] = deadline;
            if (deadline < old) siftUp(node.heapIndex);
            else if (deadline > old) siftDown(node.heapIndex);
        }
    }

    /**
     * Makes sure {@code node} fires no later than {@code deadline}: schedules it when it is not scheduled or
     * scheduled later, and leaves it alone (O(1)) when it already fires sooner.
     */
    public void scheduleNoLater(T node, long deadline) {
        if (node.heapIndex < 0 || deadline < node.heapDeadline) schedule(node, deadline);
    }

    /** Removes {@code node}; returns false when it was not scheduled. */
    public boolean cancel(T node) {
        int i = node.heapIndex;
        if (i < 0) return false;
        node.heapIndex = -1;
        Node last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            keys[i] = keys[size];
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
        return true;
    }

    /** The earliest scheduled deadline, or {@link Long#MAX_VALUE} when nothing is scheduled. */
    public long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : keys[0];
    }

    /** Removes and returns the earliest node if its deadline is at or before {@code now}, else null. */
    @SuppressWarnings("unchecked")
    public T pollExpired(long now) {
        if (size == 0 || keys[0] > now) return null;
        T top = (T) heap[0];
        cancel(top);
        return top;
    }

    private void siftUp(int i) {
        Node n = heap[i];
        long d = keys[i];
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pd = keys[parent];
            if (pd <= d) break;
            Node p = heap[parent];
            heap[i] = p;
            keys[i] = pd;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = n;
        keys[i] = d;
        n.heapIndex = i;
    }

    private void siftDown(int i) {
        Node n = heap[i];
        long d = keys[i];
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) break;
            int best = first;
            long bestD = keys[first];
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                long cd = keys[c];
                if (cd < bestD) { best = c; bestD = cd; }
            }
            if (bestD >= d) break;
            Node b = heap[best];
            heap[i] = b;
            keys[i] = bestD;
            b.heapIndex = i;
            i = best;
        }
        heap[i] = n;
        keys[i] = d;
        n.heapIndex = i;
    }
}
