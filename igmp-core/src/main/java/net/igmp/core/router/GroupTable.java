package net.igmp.core.router;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of one interface by address: open addressing over a single array of {@link Group} references,
 * compared by their own address field, so a lookup touches one slot and the group it needs anyway (one cache
 * miss fewer than parallel key/value arrays). Linear probing, load at most 1/2, backward-shift deletion.
 */
final class GroupTable {
    private Group[] slots = new Group[16];
    private int size;

    private static int hash(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    Group get(int address) {
        Group[] s = slots;
        int mask = s.length - 1;
        for (int i = hash(address) & mask; ; i = (i + 1) & mask) {
            Group g = s[i];
            if (g == null || g.address == address) return g;
        }
    }

    /** Adds a group whose address is not in the table yet. */
    void add(Group g) {
        if (2 * (size + 1) > slots.length) grow();
        insert(slots, g);
        size++;
    }

    private static void insert(Group[] s, Group g) {
        int mask = s.length - 1;
        int i = hash(g.address) & mask;
        while (s[i] != null) i = (i + 1) & mask;
        s[i] = g;
    }

    private void grow() {
        Group[] old = slots;
        slots = new Group[old.length * 2];
        for (Group g : old) if (g != null) insert(slots, g);
    }

    void remove(int address) {
        Group[] s = slots;
        int mask = s.length - 1;
        int hole = hash(address) & mask;
        while (true) {
            Group g = s[hole];
            if (g == null) return;
            if (g.address == address) break;
            hole = (hole + 1) & mask;
        }
        size--;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            Group g = s[i];
            if (g == null) break;
            int home = hash(g.address) & mask;
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                s[hole] = g;
                hole = i;
            }
        }
        s[hole] = null;
    }

    /** Visits every group without copying; the table must not change meanwhile. */
    void forEach(java.util.function.Consumer<Group> action) {
        for (Group g : slots) if (g != null) action.accept(g);
    }

    List<Group> snapshot() {
        List<Group> out = new ArrayList<>(size);
        for (Group g : slots) if (g != null) out.add(g);
        return out;
    }
}
