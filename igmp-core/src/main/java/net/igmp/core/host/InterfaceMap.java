package net.igmp.core.host;

import net.igmp.core.util.IntMap;

import java.util.Arrays;

/**
 * A host engine's interfaces by number, for the per-packet interface lookup. Small non-negative numbers (the usual
 * interface numbers, 0 up to {@value #DENSE_LIMIT}) index an array directly, so hosts numbered 0..N are looked up
 * in order of memory; other numbers go to the project's {@link IntMap}.
 */
final class InterfaceMap<V> {
    static final int DENSE_LIMIT = 1 << 22;

    private Object[] dense = new Object[0];
    private int denseCount; // entries in the dense array
    private final IntMap<V> sparse = new IntMap<>();

    int size() {
        return denseCount + sparse.size();
    }

    private static boolean isDense(int key) {
        return key >= 0 && key < DENSE_LIMIT;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        if (isDense(key)) return key < dense.length ? (V) dense[key] : null;
        return sparse.get(key);
    }

    void put(int key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        if (!isDense(key)) {
            sparse.put(key, value);
            return;
        }
        if (key >= dense.length) dense = Arrays.copyOf(dense, Math.min(DENSE_LIMIT, Math.max(key + 1, 2 * dense.length)));
        if (dense[key] == null) denseCount++;
        dense[key] = value;
    }

    @SuppressWarnings("unchecked")
    V remove(int key) {
        if (!isDense(key)) return sparse.remove(key);
        if (key >= dense.length || dense[key] == null) return null;
        V old = (V) dense[key];
        dense[key] = null;
        denseCount--;
        return old;
    }

    @Override
    public String toString() {
        return "InterfaceMap[" + size() + "]";
    }
}
