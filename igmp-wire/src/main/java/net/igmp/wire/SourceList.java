package net.igmp.wire;

import java.util.Arrays;

/**
 * An immutable list of IPv4 source addresses, in wire order, backed by a range of an {@code int[]}. The parser
 * puts the sources of all records of a report into one array and gives each record its range of it.
 */
public final class SourceList {
    public static final SourceList EMPTY = new SourceList(new int[0], 0, 0);

    private final int[] addresses;
    private final int from, size;

    private SourceList(int[] addresses, int from, int size) {
        this.addresses = addresses;
        this.from = from;
        this.size = size;
    }

    public static SourceList of(int... addresses) {
        return addresses.length == 0 ? EMPTY : new SourceList(addresses.clone(), 0, addresses.length);
    }

    public static SourceList of(String... dottedQuads) {
        int[] a = new int[dottedQuads.length];
        for (int i = 0; i < a.length; i++) a[i] = Ipv4.parse(dottedQuads[i]);
        return a.length == 0 ? EMPTY : new SourceList(a, 0, a.length);
    }

    /** Takes ownership of the array: the caller must not change it afterwards. */
    static SourceList wrap(int[] addresses) {
        return addresses.length == 0 ? EMPTY : new SourceList(addresses, 0, addresses.length);
    }

    /** Takes a range of an array no one will change afterwards. */
    static SourceList wrap(int[] addresses, int from, int size) {
        return size == 0 ? EMPTY : new SourceList(addresses, from, size);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("index " + i + " of " + size + " sources");
        return addresses[from + i];
    }

    public boolean contains(int address) {
        for (int i = from; i < from + size; i++) if (addresses[i] == address) return true;
        return false;
    }

    public int[] toArray() {
        return Arrays.copyOfRange(addresses, from, from + size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceList s && Arrays.equals(addresses, from, from + size, s.addresses, s.from, s.from + s.size);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = from; i < from + size; i++) h = 31 * h + addresses[i];
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(Ipv4.format(addresses[from + i]));
        }
        return sb.append(']').toString();
    }
}
