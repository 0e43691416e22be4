package net.igmp.wire;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class InternetChecksum {
    private InternetChecksum() {}

    /** The checksum of {@code len} bytes at {@code off}, as it would be written into the checksum field. */
    public static int compute(byte[] b, int off, int len) {
        long sum = 0;
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        if (i < end) sum += (b[i] & 0xFF) << 8; // odd length: pad with a zero octet
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    /** True when the bytes, checksum field included, sum to all ones. */
    public static boolean verify(byte[] b, int off, int len) {
        return compute(b, off, len) == 0;
    }
}
