package net.igmp.wire;

import java.util.Arrays;

/** An immutable list of IPv4 source addresses, in wire order, backed by an {@code int[]}. */
public final class SourceList {
    public static final SourceList EMPTY = new SourceList(new int[0]);

    private final int[] addresses;

    private SourceList(int[] addresses) {
        this.addresses = addresses;
    }

    public static SourceList of(int... addresses) {
        return addresses.length == 0 ? EMPTY : new SourceList(addresses.clone());
    }

    public static SourceList of(String... dottedQuads) {
        int[] a = new int[dottedQuads.length];
        for (int i = 0; i < a.length; i++) a[i] = Ipv4.parse(dottedQuads[i]);
        return a.length == 0 ? EMPTY : new SourceList(a);
    }

    /** Takes ownership of the array: the caller must not change it afterwards. */
    static SourceList wrap(int[] addresses) {
        return addresses.length == 0 ? EMPTY : new SourceList(addresses);
    }

    public int size() {
        return addresses.length;
    }

    public boolean isEmpty() {
        return addresses.length == 0;
    }

    public int get(int i) {
        return addresses[i];
    }

    public boolean contains(int address) {
        for (int a : addresses) if (a == address) return true;
        return false;
    }

    public int[] toArray() {
        return addresses.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceList s && Arrays.equals(addresses, s.addresses);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(addresses);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < addresses.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(Ipv4.format(addresses[i]));
        }
        return sb.append(']').toString();
    }
}
