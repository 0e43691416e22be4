package net.igmp.wire;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The group records of a parsed report, packed into one {@code int[]} that the parser fills in a single pass
 * and no one else holds, so that {@link V3MembershipReport} can keep it without a copy. A {@link GroupRecord}
 * is made when asked for; its {@link SourceList} is a range of the same array.
 *
 * <p>Layout: {@code data[r]} (r &lt; size) is the index of record r's block; a block is
 * {@code [recordType | sourceCount << 8, group, source 1, ..., source n]}.
 */
final class RecordList extends AbstractList<GroupRecord> implements RandomAccess {
    private final int[] data;
    private final int size;

    RecordList(int[] data, int size) {
        this.data = data;
        this.size = size;
    }

    @Override
    public GroupRecord get(int index) {
        Objects.checkIndex(index, size);
        int p = data[index], h = data[p];
        return new GroupRecord(h & 0xFF, data[p + 1], SourceList.wrap(data, p + 2, h >>> 8));
    }

    @Override
    public int size() {
        return size;
    }

    /** Writes the records at {@code p} as {@link IgmpEncoder} does, without making them; returns the end. */
    int encode(byte[] b, int p) {
        for (int r = 0; r < size; r++) {
            int q = data[r], h = data[q], n = h >>> 8;
            b[p] = (byte) h;
            b[p + 1] = 0; // Aux Data Len: IGMPv3 defines no auxiliary data (section 4.2.6)
            Ipv4.putShort(b, p + 2, n);
            Ipv4.putInt(b, p + 4, data[q + 1]);
            for (int i = 0; i < n; i++) Ipv4.putInt(b, p + 8 + 4 * i, data[q + 2 + i]);
            p += 8 + 4 * n;
        }
        return p;
    }

    /** The octets the records take on the wire (auxiliary data dropped), without making the records. */
    int encodedLength() {
        int n = 0;
        for (int r = 0; r < size; r++) n += 8 + 4 * (data[data[r]] >>> 8);
        return n;
    }
}
