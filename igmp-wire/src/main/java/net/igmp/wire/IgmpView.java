package net.igmp.wire;

/**
 * A zero-copy, zero-allocation view over an IGMP message in a byte array, for a router's fast path
 * (the {@code smoltcp} style: check the length once, then every accessor is in bounds).
 * Reusable: {@link #wrap} it over each received packet.
 *
 * <p>Records of a v3 report are walked with a cursor: {@code for (int r = v.firstRecord(); r >= 0; r = v.nextRecord(r))}.
 */
public final class IgmpView {
    private byte[] b;
    private int off, len;
    private ParseError error;
    private int errorOffset;
    private int recordsEnd;

    /** Wraps the bytes and checks every length; returns true when the message is well-formed. */
    public boolean wrap(byte[] buf, int offset, int length) {
        this.b = buf;
        this.off = offset;
        this.len = length;
        this.error = null;
        this.errorOffset = 0;
        this.recordsEnd = 0;
        if (buf == null || offset < 0 || length < 0 || offset > buf.length - length) return fail(ParseError.TRUNCATED, 0);
        if (length < 8) return fail(ParseError.TRUNCATED, length);
        switch (type()) {
            case IgmpMessage.TYPE_MEMBERSHIP_QUERY -> {
                if (length > 8 && length < 12) return fail(ParseError.INVALID_QUERY_LENGTH, 8);
                if (length >= 12 && 12 + 4 * sourceCount() > length) return fail(ParseError.SOURCE_COUNT_OVERRUN, 10);
            }
            case IgmpMessage.TYPE_V3_MEMBERSHIP_REPORT -> {
                int n = recordCount(), p = 8;
                for (int r = 0; r < n; r++) {
                    if (p + 8 > length) return fail(ParseError.RECORD_OVERRUN, p);
                    // long: near the top of a huge buffer the sum could wrap an int
                    long end = p + 8 + 4L * Ipv4.getShort(b, off + p + 2) + 4L * (b[off + p + 1] & 0xFF);
                    if (end > length) return fail(ParseError.RECORD_OVERRUN, p);
                    p = (int) end;
                }
                recordsEnd = p;
            }
            default -> { }
        }
        return true;
    }

    private boolean fail(ParseError e, int at) {
        error = e;
        errorOffset = at;
        return false;
    }

    /** Why the last {@link #wrap} failed, or null. */
    public ParseError error() { return error; }

    public int errorOffset() { return errorOffset; }

    public int length() { return len; }

    public int type() { return b[off] & 0xFF; }

    public int maxRespCode() { return b[off + 1] & 0xFF; }

    public boolean checksumValid() { return InternetChecksum.verify(b, off, len); }

    /** Group Address of queries, v1/v2 reports and leaves. */
    public int group() { return Ipv4.getInt(b, off + 4); }

    /** Query version by RFC 9776 section 7.1. */
    public int queryVersion() { return len >= 12 ? 3 : maxRespCode() == 0 ? 1 : 2; }

    /** v3 query: the S flag. */
    public boolean suppressRouterProcessing() { return len >= 12 && (b[off + 8] & 0x08) != 0; }

    /** v3 query: QRV. */
    public int qrv() { return len >= 12 ? b[off + 8] & 0x07 : 0; }

    /** v3 query: QQIC. */
    public int qqic() { return len >= 12 ? b[off + 9] & 0xFF : 0; }

    /** v3 query: Number of Sources. */
    public int sourceCount() { return len >= 12 ? Ipv4.getShort(b, off + 10) : 0; }

    public int source(int i) { return Ipv4.getInt(b, off + 12 + 4 * i); }

    /** v3 report: Number of Group Records. */
    public int recordCount() { return Ipv4.getShort(b, off + 6); }

    /** Cursor of the first record of a v3 report, or -1 when there is none. */
    public int firstRecord() { return recordCount() > 0 ? 8 : -1; }

    /** Cursor of the record after {@code r}, or -1 after the last. Only valid after a successful {@link #wrap}. */
    public int nextRecord(int r) {
        int next = r + 8 + 4 * recordSourceCount(r) + 4 * recordAuxDataWords(r);
        return next < recordsEnd ? next : -1;
    }

    public int recordType(int r) { return b[off + r] & 0xFF; }

    public int recordGroup(int r) { return Ipv4.getInt(b, off + r + 4); }

    public int recordSourceCount(int r) { return Ipv4.getShort(b, off + r + 2); }

    /** Aux Data Len of the record at {@code r}, in 32-bit words (RFC 9776 section 4.2.6); the data itself is skipped. */
    public int recordAuxDataWords(int r) { return b[off + r + 1] & 0xFF; }

    public int recordSource(int r, int i) { return Ipv4.getInt(b, off + r + 8 + 4 * i); }
}
