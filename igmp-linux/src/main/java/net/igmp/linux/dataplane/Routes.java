package net.igmp.linux.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * The user data plane's forwarding entries by (S,G): an open-addressing hash table keyed by a {@code long}, so
 * that the lookup per datagram allocates nothing (a {@code HashMap<Long, ...>} would box every key).
 */
final class Routes {

    /** One (S,G) entry: the user plane's counterpart of a kernel MFC entry, with the same counters. */
    static final class Route {
        final int source, group;
        int parentVif;
        /** Per VIF: 0 = not forwarded there, else the TTL a datagram must exceed to go out (as mfcc_ttls). */
        final byte[] ttls;
        long packets, bytes, wrongInterface;
        long lastAssertMs = Long.MIN_VALUE / 2;

        Route(int source, int group, int parentVif, byte[] ttls) {
            this.source = source;
            this.group = group;
            this.parentVif = parentVif;
            this.ttls = ttls.clone();
        }
    }

    /** Key 0 marks a free slot: a real key always has a multicast group in its low half. */
    private long[] keys = new long[64];
    private Route[] values = new Route[64];
    private int size;

    static long key(int source, int group) {
        return ((long) source << 32) | (group & 0xFFFFFFFFL);
    }

    int size() {
        return size;
    }

    Route get(int source, int group) {
        long k = key(source, group);
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            long at = keys[i];
            if (at == k) return values[i];
            if (at == 0) return null;
        }
    }

    void put(Route r) {
        if ((size + 1) * 2 > keys.length) grow();
        long k = key(r.source, r.group);
        int mask = keys.length - 1;
        int i = slot(k, mask);
        while (keys[i] != 0 && keys[i] != k) i = (i + 1) & mask;
        if (keys[i] == 0) size++;
        keys[i] = k;
        values[i] = r;
    }

    Route remove(int source, int group) {
        long k = key(source, group);
        int mask = keys.length - 1;
        int i = slot(k, mask);
        while (keys[i] != k) {
            if (keys[i] == 0) return null;
            i = (i + 1) & mask;
        }
        Route removed = values[i];
        size--;
        // Backward-shift deletion: later members of the probe run move up so that every lookup still finds them.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        return removed;
    }

    List<Route> all() {
        List<Route> out = new ArrayList<>(size);
        for (Route r : values) if (r != null) out.add(r);
        return out;
    }

    void clear() {
        java.util.Arrays.fill(keys, 0);
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Route[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Route[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != 0) put(oldValues[i]);
    }

    private static int slot(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
