package net.igmp.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events keyed by (time, sequence). The sequence number is the order of scheduling, so
 * that two events at the same virtual time always run in the same order: the simulation is a function of its seed.
 */
final class EventQueue {
    private long[] time = new long[1024];
    private long[] seq = new long[1024];
    private Object[] item = new Object[1024];
    private int size;
    private long nextSeq;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long at, Object event) {
        if (size == time.length) {
            int n = size * 2;
            time = Arrays.copyOf(time, n);
            seq = Arrays.copyOf(seq, n);
            item = Arrays.copyOf(item, n);
        }
        long s = nextSeq++;
        int i = size++;
        while (i > 0) { // sift up
            int parent = (i - 1) >>> 1;
            if (!less(at, s, time[parent], seq[parent])) break;
            time[i] = time[parent];
            seq[i] = seq[parent];
            item[i] = item[parent];
            i = parent;
        }
        time[i] = at;
        seq[i] = s;
        item[i] = event;
    }

    long peekTime() {
        return time[0];
    }

    /** Removes the first event; its time was {@link #peekTime()}. */
    Object poll() {
        Object first = item[0];
        int last = --size;
        long t = time[last], s = seq[last];
        Object x = item[last];
        item[last] = null;
        int i = 0;
        int half = last >>> 1;
        while (i < half) { // sift down
            int c = 2 * i + 1, r = c + 1;
            if (r < last && less(time[r], seq[r], time[c], seq[c])) c = r;
            if (!less(time[c], seq[c], t, s)) break;
            time[i] = time[c];
            seq[i] = seq[c];
            item[i] = item[c];
            i = c;
        }
        if (last > 0) {
            time[i] = t;
            seq[i] = s;
            item[i] = x;
        }
        return first;
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
