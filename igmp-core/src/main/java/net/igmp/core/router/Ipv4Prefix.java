package net.igmp.core.router;

import net.igmp.wire.Ipv4;

/** An IPv4 prefix such as 232.0.0.0/8; the address is an int in network order, host bits must be zero. */
public record Ipv4Prefix(int address, int length) {

    /** The source-specific multicast range of RFC 4607 / RFC 4604: 232.0.0.0/8. */
    public static final Ipv4Prefix SSM_DEFAULT = new Ipv4Prefix(0xE8000000, 8);
    /** Every IPv4 address. */
    public static final Ipv4Prefix ANY = new Ipv4Prefix(0, 0);
    /** No address at all: a zero-length SSM range (length -1 never matches). */
    public static final Ipv4Prefix NONE = new Ipv4Prefix(0, -1);

    public Ipv4Prefix {
        if (length < -1 || length > 32) throw new IllegalArgumentException("prefix length must be 0..32, got " + length);
        if (length >= 0 && (address & ~mask(length)) != 0)
            throw new IllegalArgumentException("prefix " + Ipv4.format(address) + "/" + length + " has host bits set");
    }

    /** Parses "a.b.c.d/len" (or a bare address, taken as /32). */
    public static Ipv4Prefix parse(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) return new Ipv4Prefix(Ipv4.parse(s), 32);
        int len;
        try {
            len = Integer.parseInt(s.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length in '" + s + "'");
        }
        return new Ipv4Prefix(Ipv4.parse(s.substring(0, slash)), len);
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(int a) {
        return length >= 0 && (a & mask(length)) == address;
    }

    /** Whether every address of {@code p} is in this prefix. */
    public boolean containsPrefix(Ipv4Prefix p) {
        return p.length >= length && contains(p.address);
    }

    @Override
    public String toString() {
        return length < 0 ? "none" : Ipv4.format(address) + "/" + length;
    }
}
