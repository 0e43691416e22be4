package net.igmp.core.router;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of one interface, laid out for the per-report path with a million groups, where every report finds
 * its group at a random place in memory and each cache line touched is a likely miss.
 *
 * <p>One open-addressing table (linear probing, load at most 1/2, backward-shift deletion) whose slots are 32-byte
 * records in a long[]: the group address and the fields a steady-state report refresh reads and writes, that is
 * the host whose plain refresh needs nothing else ({@link RouterEngine} keeps it current), the Group Timer, the
 * IGMPv2 Older Host Present timer and when the first tracked host was last heard. Beside it, by slot, the
 * {@link Group} object with the full state. A group's number ({@link Group#index}) is its slot, which changes
 * when the table grows or a deletion shifts it back.
 *
 * <p>A report that refreshes a known group from its first tracked host thus touches one cache line: the probe
 * that finds the group lands on the record it writes.
 */
final class GroupTable {
    /** Fields of a slot's record: the address (high half) with the refresh host (low half), then three times. */
    private static final int KEY = 0, GROUP_TIMER = 1, V2_HOST_TIMER = 2, HOST0_HEARD = 3;
    private static final int RECORD = 4;
    /**
     * Longs skipped at the start of {@link #records}: an array's data begins 16 bytes in, so 48 more bytes put
     * every 32-byte record inside one 64-byte line whenever the array itself starts on a line.
     */
    private static final int BASE = 6;

    private long[] records = new long[BASE + RECORD * 16];
    private Group[] groups = new Group[16];
    private int size;

    private static int hash(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int at(int slot, int field) {
        return BASE + RECORD * slot + field;
    }

    private static int address(long key) {
        return (int) (key >>> 32);
    }

    int size() {
        return size;
    }

    /** The group's slot, or -1 when the address has no group. */
    int indexOf(int address) {
        if (address == 0) return -1;
        long[] r = records;
        int mask = groups.length - 1;
        for (int i = hash(address) & mask; ; i = (i + 1) & mask) {
            int a = address(r[at(i, KEY)]);
            if (a == address) return i;
            if (a == 0) return -1;
        }
    }

    Group at(int slot) {
        return groups[slot];
    }

    Group get(int address) {
        int slot = indexOf(address);
        return slot < 0 ? null : groups[slot];
    }

    // The hot fields, by slot.

    long groupTimer(int slot) { return records[at(slot, GROUP_TIMER)]; }

    void groupTimer(int slot, long deadline) { records[at(slot, GROUP_TIMER)] = deadline; }

    long v2HostTimer(int slot) { return records[at(slot, V2_HOST_TIMER)]; }

    void v2HostTimer(int slot, long deadline) { records[at(slot, V2_HOST_TIMER)] = deadline; }

    long host0Heard(int slot) { return records[at(slot, HOST0_HEARD)]; }

    void host0Heard(int slot, long heard) { records[at(slot, HOST0_HEARD)] = heard; }

    /** The host whose plain refresh needs nothing else; 0: none. */
    int refreshHost(int slot) {
        return (int) records[at(slot, KEY)];
    }

    void refreshHost(int slot, int host) {
        long key = records[at(slot, KEY)];
        records[at(slot, KEY)] = (key & 0xFFFF_FFFF_0000_0000L) | (host & 0xFFFF_FFFFL);
    }

    /** Adds a group whose address is not in the table yet; its hot fields start stopped / zero. */
    void add(Group g) {
        if (g.address == 0) throw new IllegalArgumentException("0.0.0.0 is not a group");
        if (2 * (size + 1) > groups.length) grow();
        int slot = insert(records, groups, g);
        records[at(slot, GROUP_TIMER)] = Timed.STOPPED;
        records[at(slot, V2_HOST_TIMER)] = Timed.STOPPED;
        records[at(slot, HOST0_HEARD)] = 0;
        size++;
    }

    /**
     * Puts {@code g} in the first free slot of its probe sequence (probing the records, as a lookup does: the line
     * a failed lookup just read), writes its address there, sets its index and returns the slot.
     */
    private static int insert(long[] r, Group[] gs, Group g) {
        int mask = gs.length - 1;
        int i = hash(g.address) & mask;
        while (address(r[at(i, KEY)]) != 0) i = (i + 1) & mask;
        r[at(i, KEY)] = (long) g.address << 32;
        gs[i] = g;
        g.index = i;
        return i;
    }

    private void grow() {
        long[] oldRecords = records;
        Group[] oldGroups = groups;
        groups = new Group[oldGroups.length * 2];
        records = new long[BASE + RECORD * groups.length];
        for (int k = 0; k < oldGroups.length; k++) {
            if (oldGroups[k] == null) continue;
            int slot = insert(records, groups, oldGroups[k]);
            System.arraycopy(oldRecords, at(k, 0), records, at(slot, 0), RECORD);
        }
    }

    /** Removes the group; groups after it in its probe run may move back a slot. */
    void remove(Group g) {
        int hole = g.index;
        if (hole < 0 || groups[hole] != g) return;
        int mask = groups.length - 1;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            int a = address(records[at(i, KEY)]);
            if (a == 0) break;
            int home = hash(a) & mask;
            // move entry i into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                System.arraycopy(records, at(i, 0), records, at(hole, 0), RECORD);
                Group moved = groups[i];
                groups[hole] = moved;
                moved.index = hole;
                hole = i;
            }
        }
        groups[hole] = null;
        records[at(hole, KEY)] = 0;
        g.index = -1;
        size--;
    }

    /** Visits every group without copying; the table must not change meanwhile. */
    void forEach(java.util.function.Consumer<Group> action) {
        for (Group g : groups) if (g != null) action.accept(g);
    }

    /** The groups in address order (not slot order, which depends on the table's past sizes). */
    List<Group> snapshot() {
        List<Group> out = new ArrayList<>(size);
        forEach(out::add);
        out.sort((a, b) -> Integer.compareUnsigned(a.address, b.address));
        return out;
    }
}
