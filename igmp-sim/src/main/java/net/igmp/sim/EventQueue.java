package net.igmp.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: events ordered by (time, order of scheduling). Events that share a time are kept in a
 * first-in first-out bucket, and only the distinct times sit in a binary heap. Scheduling order is the sequence
 * number, so a bucket's FIFO order is exactly (time, sequence) order: the simulation is a function of its seed.
 * Engines count in milliseconds, so thousands of hosts' timers fall on the same instant; the heap stays small.
 */
final class EventQueue {
    /** Min-heap of the distinct times that have events. */
    private long[] heap = new long[256];
    private int heapSize;
    /** Open-addressing map from time to its bucket (linear probing; keys are never Long.MIN_VALUE). */
    private long[] keys = new long[512];
    private Bucket[] buckets = new Bucket[512];
    private int mapSize;
    private int size;
    private Bucket spare;
    /**
     * The bucket events were last added to, and the bucket being drained: most additions go to the time of the one
     * before (frames sent at one instant arrive together) and most polls to the time of the one before, so these
     * skip the hash lookup. {@code null} when not known.
     */
    private long lastAddTime, headTime;
    private Bucket lastAdd, head;

    private static final long EMPTY = Long.MIN_VALUE;

    EventQueue() {
        Arrays.fill(keys, EMPTY);
    }

    /** A FIFO of events at one time. */
    private static final class Bucket {
        Object[] items = new Object[4];
        int head, tail;

        void add(Object e) {
            if (tail == items.length) {
                if (head > 0) {
                    System.arraycopy(items, head, items, 0, tail - head);
                    Arrays.fill(items, tail - head, tail, null);
                    tail -= head;
                    head = 0;
                } else {
                    items = Arrays.copyOf(items, items.length * 2);
                }
            }
            items[tail++] = e;
        }

        Object poll() {
            Object e = items[head];
            items[head++] = null;
            return e;
        }

        boolean isEmpty() {
            return head == tail;
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long at, Object event) {
        Bucket b = lastAdd != null && lastAddTime == at ? lastAdd : get(at);
        if (b == null) {
            b = spare != null ? spare : new Bucket();
            spare = null;
            put(at, b);
            push(at);
        }
        lastAdd = b;
        lastAddTime = at;
        b.add(event);
        size++;
    }

    long peekTime() {
        return heap[0];
    }

    /** Removes the first event; its time was {@link #peekTime()}. */
    Object poll() {
        long t = heap[0];
        Bucket b = head != null && headTime == t ? head : get(t);
        head = b;
        headTime = t;
        Object e = b.poll();
        size--;
        if (b.isEmpty()) {
            if (lastAdd == b) lastAdd = null;
            head = null;
            remove(t);
            pop();
            b.head = b.tail = 0;
            if (b.items.length <= 64) spare = b; // reuse small buckets; let big ones go
        }
        return e;
    }

    // ------------------------------------------------------------------ heap of times

    private void push(long t) {
        if (heapSize == heap.length) heap = Arrays.copyOf(heap, heapSize * 2);
        int i = heapSize++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p] <= t) break;
            heap[i] = heap[p];
            i = p;
        }
        heap[i] = t;
    }

    private void pop() {
        long last = heap[--heapSize];
        int i = 0, half = heapSize >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < heapSize && heap[c + 1] < heap[c]) c++;
            if (heap[c] >= last) break;
            heap[i] = heap[c];
            i = c;
        }
        if (heapSize > 0) heap[i] = last;
    }

    // ------------------------------------------------------------------ time -> bucket

    private static int hash(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return (int) (k ^ (k >>> 32));
    }

    private Bucket get(long k) {
        int mask = keys.length - 1;
        for (int i = hash(k) & mask; ; i = (i + 1) & mask) {
            long x = keys[i];
            if (x == k) return buckets[i];
            if (x == EMPTY) return null;
        }
    }

    private void put(long k, Bucket b) {
        if (2 * (mapSize + 1) > keys.length) grow();
        int mask = keys.length - 1;
        int i = hash(k) & mask;
        while (keys[i] != EMPTY) i = (i + 1) & mask;
        keys[i] = k;
        buckets[i] = b;
        mapSize++;
    }

    private void remove(long k) {
        int mask = keys.length - 1;
        int i = hash(k) & mask;
        while (keys[i] != k) i = (i + 1) & mask;
        // Backward-shift deletion keeps every probe chain unbroken.
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == EMPTY) break;
            int home = hash(keys[j]) & mask;
            boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (between) continue;
            keys[i] = keys[j];
            buckets[i] = buckets[j];
            i = j;
        }
        keys[i] = EMPTY;
        buckets[i] = null;
        mapSize--;
    }

    private void grow() {
        long[] oldK = keys;
        Bucket[] oldB = buckets;
        keys = new long[oldK.length * 2];
        buckets = new Bucket[oldK.length * 2];
        Arrays.fill(keys, EMPTY);
        mapSize = 0;
        for (int i = 0; i < oldK.length; i++) if (oldK[i] != EMPTY) put(oldK[i], oldB[i]);
    }
}
