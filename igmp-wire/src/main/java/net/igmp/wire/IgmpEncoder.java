package net.igmp.wire;

/** Writes IGMP messages into a buffer the caller owns, checksum included. Allocates nothing. */
public final class IgmpEncoder {
    private IgmpEncoder() {}

    /**
     * Encodes {@code m} at {@code off} and returns the number of octets written.
     * @throws IndexOutOfBoundsException if the buffer is too small (a caller's mistake, not remote input)
     */
    public static int encode(IgmpMessage m, byte[] b, int off) {
        int len = m.encodedLength();
        if (off < 0 || off > b.length - len)
            throw new IndexOutOfBoundsException("buffer of " + b.length + " octets cannot hold " + len + " at offset " + off);
        b[off] = (byte) m.type();
        b[off + 2] = 0;
        b[off + 3] = 0;
        switch (m) {
            case MembershipQuery q -> {
                b[off + 1] = (byte) q.maxRespCode();
                Ipv4.putInt(b, off + 4, q.group());
                if (q.version() == 3) {
                    b[off + 8] = (byte) ((q.suppressRouterProcessing() ? 0x08 : 0) | q.qrv()); // Resv = 0
                    b[off + 9] = (byte) q.qqic();
                    SourceList s = q.sources();
                    Ipv4.putShort(b, off + 10, s.size());
                    for (int i = 0; i < s.size(); i++) Ipv4.putInt(b, off + 12 + 4 * i, s.get(i));
                }
            }
            case V1MembershipReport r -> { b[off + 1] = 0; Ipv4.putInt(b, off + 4, r.group()); }
            case V2MembershipReport r -> { b[off + 1] = 0; Ipv4.putInt(b, off + 4, r.group()); }
            case LeaveGroup r -> { b[off + 1] = 0; Ipv4.putInt(b, off + 4, r.group()); }
            case V3MembershipReport r -> {
                b[off + 1] = 0;
                Ipv4.putShort(b, off + 4, 0); // Reserved
                Ipv4.putShort(b, off + 6, r.records().size());
                int p = off + 8;
                if (r.records() instanceof RecordList parsed) p = parsed.encode(b, p); // a parsed report: no records made
                else for (GroupRecord g : r.records()) {
                    b[p] = (byte) g.recordTypeCode();
                    b[p + 1] = 0; // Aux Data Len: IGMPv3 defines no auxiliary data (section 4.2.6)
                    SourceList s = g.sources();
                    Ipv4.putShort(b, p + 2, s.size());
                    Ipv4.putInt(b, p + 4, g.group());
                    for (int i = 0; i < s.size(); i++) Ipv4.putInt(b, p + 8 + 4 * i, s.get(i));
                    p += g.encodedLength();
                }
            }
            case UnknownMessage u -> {
                b[off + 1] = (byte) u.code();
                byte[] body = u.body();
                System.arraycopy(body, 0, b, off + 4, body.length);
            }
        }
        Ipv4.putShort(b, off + 2, InternetChecksum.compute(b, off, len));
        return len;
    }

    /** Encodes into a new array of the exact size; for tools and tests. */
    public static byte[] toBytes(IgmpMessage m) {
        byte[] b = new byte[m.encodedLength()];
        encode(m, b, 0);
        return b;
    }
}
