package net.igmp.core.util;

import java.util.function.IntFunction;

/**
 * Open-addressing map from int keys (group addresses) to objects, for the per-frame paths: no boxing, two flat
 * arrays, linear probing with backward-shift deletion. Starts tiny: a simulated host holds one for its sockets.
 * Not thread-safe.
 */
public final class IntMap<V> {
    private int[] keys;
    private Object[] values;
    private int size;
    /** The entry found last: the same group comes back frame after frame, and this skips both arrays. */
    private int lastKey;
    private Object lastValue;

    public IntMap() {
        this(2);
    }

    /** {@code capacity}: a power of two. */
    public IntMap(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
    }

    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    public V get(int key) {
        if (lastValue != null && lastKey == key) return (V) lastValue;
        Object[] v = values;
        int mask = v.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object o = v[i];
            if (o == null) return null;
            if (keys[i] == key) {
                lastKey = key;
                lastValue = o;
                return (V) o;
            }
        }
    }

    public V computeIfAbsent(int key, IntFunction<V> make) {
        V v = get(key);
        if (v == null) put(key, v = make.apply(key));
        return v;
    }

    /** Puts a non-null value; returns the one it replaced, or null. */
    @SuppressWarnings("unchecked")
    public V put(int key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        lastKey = key;
        lastValue = value;
        int mask = values.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object o = values[i];
            if (o == null) {
                keys[i] = key;
                values[i] = value;
                if (2 * ++size > values.length) rehash();
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) o;
            }
        }
    }

    @SuppressWarnings("unchecked")
    public V remove(int key) {
        if (lastKey == key) lastValue = null;
        int mask = values.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object o = values[i];
            if (o == null) return null;
            if (keys[i] == key) {
                shiftBack(i, mask);
                size--;
                return (V) o;
            }
        }
    }

    private void shiftBack(int hole, int mask) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) break;
            int home = slot(keys[i], mask);
            // move entry i into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
        keys[hole] = 0;
    }

    private void rehash() {
        int[] k = keys;
        Object[] v = values;
        keys = new int[k.length * 2];
        values = new Object[k.length * 2];
        int mask = values.length - 1;
        for (int j = 0; j < k.length; j++) {
            if (v[j] == null) continue;
            int i = slot(k[j], mask);
            while (values[i] != null) i = (i + 1) & mask;
            keys[i] = k[j];
            values[i] = v[j];
        }
    }

    /** The keys, in no particular order (a copy: the map may change while the caller walks it). */
    public int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < values.length; i++) if (values[i] != null) out[n++] = keys[i];
        return out;
    }

    /** A snapshot of the values, in no particular order, for operations that change the map while walking it. */
    @SuppressWarnings("unchecked")
    public java.util.List<V> valuesSnapshot() {
        java.util.ArrayList<V> out = new java.util.ArrayList<>(size);
        for (Object o : values) if (o != null) out.add((V) o);
        return out;
    }
}
