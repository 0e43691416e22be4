package net.igmp.wire;

/**
 * Parses IGMP messages into values. Never throws on any input: bad bytes come back as
 * {@link ParseResult.Malformed} with the offset of the problem. Allocates only the resulting value.
 */
public final class IgmpParser {
    private IgmpParser() {}

    private static final int[] NO_SOURCES = new int[0];

    public static ParseResult parse(byte[] b) {
        return parse(b, 0, b.length);
    }

    /** Parses the IGMP message that fills {@code len} octets at {@code off}; offsets in errors count from {@code off}. */
    public static ParseResult parse(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len)
            return new Malformed(ParseError.TRUNCATED, 0, "buffer bounds");
        if (len < 8) return new Malformed(ParseError.TRUNCATED, len, "IGMP needs at least 8 octets, got " + len);
        boolean checksumValid = InternetChecksum.verify(b, off, len);
        int type = b[off] & 0xFF;
        int code = b[off + 1] & 0xFF;
        int group = Ipv4.getInt(b, off + 4);
        IgmpMessage m;
        switch (type) {
            case IgmpMessage.TYPE_MEMBERSHIP_QUERY -> {
                // RFC 9776 section 7.1: the version of a query follows from its length and Max Resp Code.
                if (len == 8) {
                    m = code == 0 ? new MembershipQuery(1, 0, group, false, 0, 0, SourceList.EMPTY) : new MembershipQuery(2, code, group, false, 0, 0, SourceList.EMPTY);
                } else if (len < 12) {
                    return new Malformed(ParseError.INVALID_QUERY_LENGTH, 8, "a query has 8 or at least 12 octets, got " + len);
                } else {
                    int flags = b[off + 8] & 0xFF;
                    int n = Ipv4.getShort(b, off + 10);
                    if (12 + 4L * n > len)
                        return new Malformed(ParseError.SOURCE_COUNT_OVERRUN, 10,
                                n + " sources need " + (12 + 4 * n) + " octets, got " + len);
                    int[] src = n == 0 ? NO_SOURCES : new int[n];
                    for (int i = 0; i < n; i++) src[i] = Ipv4.getInt(b, off + 12 + 4 * i);
                    // Resv bits are ignored on receipt (section 4.1.4); octets after the sources too (4.1.10).
                    m = new MembershipQuery(3, code, group, (flags & 0x08) != 0, flags & 0x07,
                            b[off + 9] & 0xFF, SourceList.wrap(src));
                }
            }
            case IgmpMessage.TYPE_V1_MEMBERSHIP_REPORT -> m = new V1MembershipReport(group);
            case IgmpMessage.TYPE_V2_MEMBERSHIP_REPORT -> m = new V2MembershipReport(group);
            case IgmpMessage.TYPE_LEAVE_GROUP -> m = new LeaveGroup(group);
            case IgmpMessage.TYPE_V3_MEMBERSHIP_REPORT -> {
                int nRecords = Ipv4.getShort(b, off + 6);
                // Every record takes 8 octets or more: more than fit is an overrun found below. One array holds
                // the index of each record's block and the blocks (type and source count, group, sources; see
                // RecordList): each block takes at most a quarter as many ints as its record takes octets.
                int fit = Math.min(nRecords, (len - 8) >>> 3);
                int[] data = new int[fit + ((len - 8) >>> 2)];
                int w = fit;
                int p = 8;
                for (int r = 0; r < nRecords; r++) {
                    if (p + 8 > len)
                        return new Malformed(ParseError.RECORD_OVERRUN, p,
                                "record " + (r + 1) + " of " + nRecords + " starts past the end");
                    int h = Ipv4.getInt(b, off + p); // Record Type, Aux Data Len, Number of Sources
                    int auxWords = (h >>> 16) & 0xFF;
                    int n = h & 0xFFFF;
                    long end = p + 8 + 4L * n + 4L * auxWords;
                    if (end > len)
                        return new Malformed(ParseError.RECORD_OVERRUN, p,
                                "record " + (r + 1) + " with " + n + " sources and " + auxWords + " aux words ends at " + end + ", packet has " + len);
                    data[r] = w;
                    data[w] = (h >>> 24) | n << 8;
                    data[w + 1] = Ipv4.getInt(b, off + p + 4);
                    for (int i = 0, s = off + p + 8; i < n; i++, s += 4) data[w + 2 + i] = Ipv4.getInt(b, s);
                    w += 2 + n;
                    p = (int) end;
                }
                m = new V3MembershipReport(new RecordList(data, nRecords));
            }
            default -> {
                byte[] body = new byte[len - 4];
                System.arraycopy(b, off + 4, body, 0, body.length);
                m = new UnknownMessage(type, code, body);
            }
        }
        return new ParseResult.Parsed(m, checksumValid);
    }
}
