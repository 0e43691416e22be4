package net.igmp.core.host;

import java.util.Arrays;
import java.util.function.Consumer;

/** An open-addressing map from int keys to values: no boxing on the per-packet interface lookup. */
final class IntMap<V> {
    // Starts small and doubles: most engines (a simulated host, a laptop) have one or two interfaces.
    private int[] keys = new int[2];
    private Object[] values = new Object[2];
    private int size;

    int size() {
        return size;
    }

    /** Consecutive keys (interface numbers, host addresses) land in consecutive slots: cache-friendly sweeps. */
    private static int hash(int k) {
        return k ^ (k >>> 16);
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    void put(int key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
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
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (values[i] != null && keys[i] != key) i = (i + 1) & mask;
        if (values[i] == null) return null;
        V old = (V) values[i];
        values[i] = null;
        size--;
        // re-insert the rest of the cluster so lookups never stop early
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int k = keys[j];
            Object v = values[j];
            values[j] = null;
            size--;
            put(k, (V) v);
        }
        return old;
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (Object v : values) if (v != null) action.accept((V) v);
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != null) putFresh(oldKeys[i], oldValues[i]);
    }

    private void putFresh(int key, Object value) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (values[i] != null) i = (i + 1) & mask;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    @Override
    public String toString() {
        return "IntMap[" + size + " of " + Arrays.stream(values).filter(v -> v != null).count() + "]";
    }
}
