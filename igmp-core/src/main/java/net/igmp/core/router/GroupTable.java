package net.igmp.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The groups of one interface, laid out for the per-report path with a million groups, where every report finds
 * its group at a random place in memory and each cache line touched is a likely miss.
 *
 * <ul>
 * <li>Lookup: open addressing over an int[] of (group address, group index) pairs, linear probing, load at most
 *     1/2, backward-shift deletion. A probe reads only this array (eight pairs per cache line), never a group
 *     object that turns out to be the wrong one.
 * <li>Groups are numbered densely (0..size-1; a deleted group's number goes to the last group). By that number sit
 *     the {@link Group} object with the full state and a 32-byte record of the fields a steady-state report
 *     refresh writes: the Group Timer, the IGMPv2 Older Host Present timer, when the first tracked host was last
 *     heard, and the host whose plain v2 refresh needs nothing else ({@link RouterEngine} keeps it current).
 * </ul>
 *
 * A v2 report that refreshes a known group from its first tracked host thus touches two cache lines: its pair in the
 * lookup array and its hot record.
 */
final class GroupTable {
    static final int GROUP_TIMER = 0, V2_HOST_TIMER = 1, HOST0_HEARD = 2, REFRESH_HOST = 3;
    private static final int HOT = 4;
    /**
     * Longs skipped at the start of {@link #hot}: an array's data begins 16 bytes in, so 48 more bytes put every
     * 32-byte record inside one 64-byte line whenever the array itself starts on a line (G1 starts a large array
     * on a region boundary).
     */
    private static final int HOT_BASE = 6;

    /** (address, index) pairs; address 0 marks a free slot (0.0.0.0 is never a group). */
    private int[] slots = new int[2 * 16];
    private Group[] groups = new Group[8];
    /** Hot records by group index; read and written through {@link #at}. */
    long[] hot = new long[HOT_BASE + HOT * 8];
    private int size;

    private static int hash(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Position of field {@code field} of group {@code index} in {@link #hot}. */
    static int at(int index, int field) {
        return HOT_BASE + HOT * index + field;
    }

    int size() {
        return size;
    }

    /** The group's index, or -1 when the address has no group. */
    int indexOf(int address) {
        if (address == 0) return -1;
        int[] s = slots;
        int mask = (s.length >>> 1) - 1;
        for (int i = hash(address) & mask; ; i = (i + 1) & mask) {
            int a = s[2 * i];
            if (a == address) return s[2 * i + 1];
            if (a == 0) return -1;
        }
    }

    Group at(int index) {
        return groups[index];
    }

    Group get(int address) {
        int index = indexOf(address);
        return index < 0 ? null : groups[index];
    }

    /** Adds a group whose address is not in the table yet; its hot fields start stopped / zero. */
    void add(Group g) {
        if (g.address == 0) throw new IllegalArgumentException("0.0.0.0 is not a group");
        if (2 * (size + 1) > slots.length >>> 1) growSlots();
        if (size == groups.length) {
            groups = Arrays.copyOf(groups, size * 2);
            hot = Arrays.copyOf(hot, HOT_BASE + HOT * size * 2);
        }
        int index = size++;
        groups[index] = g;
        g.index = index;
        hot[at(index, GROUP_TIMER)] = Timed.STOPPED;
        hot[at(index, V2_HOST_TIMER)] = Timed.STOPPED;
        hot[at(index, HOST0_HEARD)] = 0;
        hot[at(index, REFRESH_HOST)] = 0;
        insert(slots, g.address, index);
    }

    private static void insert(int[] s, int address, int index) {
        int mask = (s.length >>> 1) - 1;
        int i = hash(address) & mask;
        while (s[2 * i] != 0) i = (i + 1) & mask;
        s[2 * i] = address;
        s[2 * i + 1] = index;
    }

    private void growSlots() {
        int[] old = slots;
        slots = new int[old.length * 2];
        for (int i = 0; i < old.length; i += 2) if (old[i] != 0) insert(slots, old[i], old[i + 1]);
    }

    /** Removes the group; the last group takes its index. */
    void remove(Group g) {
        int index = g.index;
        if (index < 0 || groups[index] != g) return;
        removeSlot(g.address);
        int last = --size;
        if (index != last) {
            Group moved = groups[last];
            groups[index] = moved;
            moved.index = index;
            System.arraycopy(hot, at(last, 0), hot, at(index, 0), HOT);
            setSlotIndex(moved.address, index);
        }
        groups[last] = null;
        g.index = -1;
    }

    private void setSlotIndex(int address, int index) {
        int[] s = slots;
        int mask = (s.length >>> 1) - 1;
        int i = hash(address) & mask;
        while (s[2 * i] != address) i = (i + 1) & mask;
        s[2 * i + 1] = index;
    }

    private void removeSlot(int address) {
        int[] s = slots;
        int mask = (s.length >>> 1) - 1;
        int hole = hash(address) & mask;
        while (true) {
            int a = s[2 * hole];
            if (a == 0) return;
            if (a == address) break;
            hole = (hole + 1) & mask;
        }
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            int a = s[2 * i];
            if (a == 0) break;
            int home = hash(a) & mask;
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                s[2 * hole] = a;
                s[2 * hole + 1] = s[2 * i + 1];
                hole = i;
            }
        }
        s[2 * hole] = 0;
        s[2 * hole + 1] = 0;
    }

    /** Visits every group without copying; the table must not change meanwhile. */
    void forEach(java.util.function.Consumer<Group> action) {
        for (int k = 0; k < size; k++) action.accept(groups[k]);
    }

    List<Group> snapshot() {
        return new ArrayList<>(Arrays.asList(groups).subList(0, size));
    }
}
