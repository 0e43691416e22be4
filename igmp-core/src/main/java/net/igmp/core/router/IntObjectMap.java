package net.igmp.core.router;

import java.util.function.Consumer;

/**
 * Open-addressing map from int keys (group addresses) to objects: no boxing, two flat arrays, linear probing
 * with backward-shift deletion. Lookups cost O(1) whatever the number of groups.
 */
final class IntObjectMap<V> {
    private int[] keys;
    private Object[] values;
    private int size;
    private int mask;
    private int resizeAt;

    IntObjectMap() {
        alloc(16);
    }

    private void alloc(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        resizeAt = (int) (capacity * 0.7);
    }

    private int slot(int key) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    void put(int key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) rehash();
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
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return (V) v;
            }
        }
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) break;
            int home = slot(keys[i]);
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
        alloc(k.length * 2);
        size = 0;
        for (int i = 0; i < k.length; i++) if (v[i] != null) put0(k[i], v[i]);
    }

    private void put0(int key, Object value) {
        int i = slot(key);
        while (values[i] != null) i = (i + 1) & mask;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Visits every value; the map must not change during the visit. */
    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        Object[] v = values;
        for (Object o : v) if (o != null) action.accept((V) o);
    }

    /** A snapshot of the values, for operations that change the map while walking it. */
    @SuppressWarnings("unchecked")
    java.util.List<V> valuesSnapshot() {
        java.util.ArrayList<V> out = new java.util.ArrayList<>(size);
        for (Object o : values) if (o != null) out.add((V) o);
        return out;
    }
}
