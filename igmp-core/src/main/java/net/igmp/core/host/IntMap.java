package net.igmp.core.host;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A map from int keys to values without boxing, for the per-packet interface lookup. Small non-negative keys (the
 * usual interface numbers, 0 up to {@value #DENSE_LIMIT}) index an array directly, so hosts numbered 0..N are
 * looked up in order of memory; other keys go to an open-addressing table.
 */
final class IntMap<V> {
    static final int DENSE_LIMIT = 1 << 22;

    private Object[] dense = new Object[0];
    private int[] keys = new int[4];
    private Object[] values = new Object[4];
    private int hashed;     // entries in the open-addressing table
    private int denseCount; // entries in the dense array

    int size() {
        return hashed + denseCount;
    }

    /**
     * Multiplicative (Fibonacci) scrambling: consecutive keys (interface numbers, host addresses) must not form one
     * long run of occupied slots, which would make misses and removals under linear probing linear in the run.
     */
    private static int hash(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static boolean isDense(int key) {
        return key >= 0 && key < DENSE_LIMIT;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        if (isDense(key)) return key < dense.length ? (V) dense[key] : null;
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    void put(int key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        if (isDense(key)) {
            if (key >= dense.length) dense = Arrays.copyOf(dense, Math.min(DENSE_LIMIT, Math.max(key + 1, 2 * dense.length)));
            if (dense[key] == null) denseCount++;
            dense[key] = value;
            return;
        }
        if (2 * (hashed + 1) > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                hashed++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(int key) {
        if (isDense(key)) {
            if (key >= dense.length || dense[key] == null) return null;
            V old = (V) dense[key];
            dense[key] = null;
            denseCount--;
            return old;
        }
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (values[i] != null && keys[i] != key) i = (i + 1) & mask;
        if (values[i] == null) return null;
        V old = (V) values[i];
        values[i] = null;
        hashed--;
        // re-insert the rest of the cluster so lookups never stop early
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int k = keys[j];
            Object v = values[j];
            values[j] = null;
            hashed--;
            put(k, (V) v);
        }
        return old;
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (Object v : dense) if (v != null) action.accept((V) v);
        for (Object v : values) if (v != null) action.accept((V) v);
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        hashed = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != null) putFresh(oldKeys[i], oldValues[i]);
    }

    private void putFresh(int key, Object value) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (values[i] != null) i = (i + 1) & mask;
        keys[i] = key;
        values[i] = value;
        hashed++;
    }

    @Override
    public String toString() {
        return "IntMap[" + size() + "]";
    }
}
