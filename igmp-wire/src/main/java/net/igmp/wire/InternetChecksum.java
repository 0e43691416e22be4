package net.igmp.wire;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class InternetChecksum {
    private InternetChecksum() {}

    /** The checksum of {@code len} bytes at {@code off}, as it would be written into the checksum field. */
    public static int compute(byte[] b, int off, int len) {
        return ~fold(sum(b, off, len)) & 0xFFFF;
    }

    /** True when the bytes, checksum field included, sum to all ones. */
    public static boolean verify(byte[] b, int off, int len) {
        return compute(b, off, len) == 0;
    }

    /**
     * The sum of {@code len} bytes at {@code off} as 32-bit big-endian words, carries not yet folded; an odd last
     * octet is padded with a zero. The one's complement sum does not care how words are grouped (RFC 1071 section
     * 2(C)), so sums of pieces that start at even offsets of a message add up to the sum of the message. Below
     * 2^62 for any array.
     */
    static long sum(byte[] b, int off, int len) {
        long sum = 0;
        int i = off, end = off + len;
        for (; i + 7 < end; i += 8) {
            long w = Ipv4.getLong(b, i);
            sum += (w >>> 32) + (w & 0xFFFFFFFFL);
        }
        if (i + 3 < end) { sum += Ipv4.getInt(b, i) & 0xFFFFFFFFL; i += 4; }
        if (i + 1 < end) { sum += Ipv4.getShort(b, i); i += 2; }
        if (i < end) sum += (b[i] & 0xFF) << 8; // odd length: pad with a zero octet
        return sum;
    }

    /**
     * True when a {@link #sum} of a message, its checksum field included, folds to all ones: the checksum holds.
     * Folding keeps the value modulo 0xFFFF (2^16 = 1 modulo 0xFFFF) and turns any non-zero sum into one of
     * 1..0xFFFF, so the folded sum is 0xFFFF exactly when the sum is a non-zero multiple of 0xFFFF. Whether it is
     * takes one multiplication, where folding takes a dozen dependent steps; it is on the path of every parse.
     * Granlund and Montgomery's divisibility test: times 0xFFFEFFFEFFFEFFFF (the inverse of 0xFFFF modulo 2^64),
     * a multiple k * 0xFFFF becomes k, at most (2^64 - 1) / 0xFFFF = 0x0001000100010001, and any other number
     * becomes more; less one (unsigned), k = 0 wraps to the top too, so the one comparison also rejects zero.
     */
    static boolean verifies(long sum) {
        return Long.compareUnsigned(sum * 0xFFFEFFFEFFFEFFFFL - 1, 0x0001000100010001L) < 0;
    }

    /** Folds the carries of a {@link #sum} back in: the 16-bit one's complement sum (RFC 1071 section 2(B)). */
    static int fold(long sum) {
        // Without a loop: 64 -> 33 -> 32 bits, then 32 -> 17 -> 16; the sum is below 2^62, so two folds at each
        // step are enough.
        sum = (sum & 0xFFFFFFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFFFFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) sum;
    }
}
