package net.igmp.wire;

import net.igmp.wire.ParseResult.Parsed;

/**
 * Parses IGMP messages into values. Never throws on any input: bad bytes come back as
 * {@link ParseResult.Malformed} with the offset of the problem. Allocates only the resulting value.
 *
 * <p>One pass: every word read for a field is also added into the checksum (RFC 1071), and the octets no field
 * covers (auxiliary data, octets after the message) are summed where they lie, so each octet is loaded once.
 */
public final class IgmpParser {
    private IgmpParser() {}

    private static final long U32 = 0xFFFFFFFFL;

    public static ParseResult parse(byte[] b) {
        return parse(b, 0, b.length);
    }

    // The methods on the way to a message are kept short in bytecode, and the making of errors (text) is in methods of
    // its own: the JIT inlines a method of at most 325 bytecodes (FreqInlineSize) into a hot caller, so that the parser
    // can become part of a receive loop.

    /** Parses the IGMP message that fills {@code len} octets at {@code off}; offsets in errors count from {@code off}. */
    public static ParseResult parse(byte[] b, int off, int len) {
        if (b == null || (off | len) < 0 || off > b.length - len || len < 8) return truncated(b, off, len);
        // Type, Max Resp Code, Checksum, Group Address (in a v3 report: Reserved, Number of Group Records).
        // The checksum sum starts as these eight octets taken as one number: the sum matters only modulo 0xFFFF
        // (InternetChecksum.verifies), where 2^32 = 1, so they count as their two 32-bit words would; and every known
        // type octet is below 0x40, which keeps the number below 2^62, with room for the rest of any message.
        long head = Ipv4.getLong(b, off);
        int group = (int) head;
        return switch ((int) (head >>> 56)) {
            case IgmpMessage.TYPE_MEMBERSHIP_QUERY -> query(b, off, len, head);
            case IgmpMessage.TYPE_V1_MEMBERSHIP_REPORT -> Parsed.of(new V1MembershipReport(group), intact(head, b, off + 8, len - 8));
            case IgmpMessage.TYPE_V2_MEMBERSHIP_REPORT -> Parsed.of(new V2MembershipReport(group), intact(head, b, off + 8, len - 8));
            case IgmpMessage.TYPE_LEAVE_GROUP -> Parsed.of(new LeaveGroup(group), intact(head, b, off + 8, len - 8));
            case IgmpMessage.TYPE_V3_MEMBERSHIP_REPORT -> report(b, off, len, group & 0xFFFF, head);
            default -> unknown(b, off, len, head);
        };
    }

    private static Malformed truncated(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) return new Malformed(ParseError.TRUNCATED, 0, "buffer bounds");
        return new Malformed(ParseError.TRUNCATED, len, "IGMP needs at least 8 octets, got " + len);
    }

    /**
     * Whether the checksum holds: {@code sum} plus the sum of the {@code restLen} octets at {@code rest}. A query
     * and a report work it out before making the message, so that fewer values are live across its allocation.
     */
    private static boolean intact(long sum, byte[] b, int rest, int restLen) {
        if (restLen != 0) sum += InternetChecksum.sum(b, rest, restLen); // the common case has no octets left
        return InternetChecksum.verifies(sum);
    }

    /** A query; {@code head} is its first eight octets, and the checksum sum so far. */
    private static ParseResult query(byte[] b, int off, int len, long head) {
        int code = (int) (head >>> 48) & 0xFF;
        // RFC 9776 section 7.1: the version of a query follows from its length and Max Resp Code.
        if (len == 8) return Parsed.of(MembershipQuery.parsedV1V2(code, (int) head), InternetChecksum.verifies(head));
        if (len < 12) return invalidQueryLength(len);
        int w = Ipv4.getInt(b, off + 8); // Resv, S, QRV; QQIC; Number of Sources
        long sum = head + (w & U32);
        // Resv bits are ignored on receipt (section 4.1.4), and so are octets after the sources (4.1.10), but
        // those count in the checksum.
        if ((w & 0xFFFF) != 0) return sourceQuery(b, off, len, code, (int) head, w, sum);
        boolean intact = intact(sum, b, off + 12, len - 12); // a general or group-specific query: the common case
        return Parsed.of(MembershipQuery.parsedV3(code, (int) head, w >>> 16, SourceList.EMPTY), intact);
    }

    /** A group-and-source-specific query: {@code w} is octets 8 to 11, {@code sum} the checksum sum up to them. */
    private static ParseResult sourceQuery(byte[] b, int off, int len, int code, int group, int w, long sum) {
        int n = w & 0xFFFF;
        if (12 + 4 * n > len) return sourceCountOverrun(n, len); // n < 2^16: no overflow
        int[] src = new int[n];
        for (int i = 0, p = off + 12; i < n; i++, p += 4) {
            int s = Ipv4.getInt(b, p);
            src[i] = s;
            sum += s & U32;
        }
        boolean intact = intact(sum, b, off + 12 + 4 * n, len - 12 - 4 * n);
        return Parsed.of(MembershipQuery.parsedV3(code, group, w >>> 16, SourceList.wrap(src)), intact);
    }

    private static Malformed invalidQueryLength(int len) {
        return new Malformed(ParseError.INVALID_QUERY_LENGTH, 8, "a query has 8 or at least 12 octets, got " + len);
    }

    private static Malformed sourceCountOverrun(int n, int len) {
        return new Malformed(ParseError.SOURCE_COUNT_OVERRUN, 10, n + " sources need " + (12 + 4 * n) + " octets, got " + len);
    }

    /** A type this parser does not know: kept whole (RFC 9776 section 4: ignored by the protocol, shown by tools). */
    private static ParseResult unknown(byte[] b, int off, int len, long head) {
        byte[] body = new byte[len - 4];
        System.arraycopy(b, off + 4, body, 0, body.length);
        // Any type octet here: the head is summed as two 32-bit words (below 2^33) rather than as one number.
        long sum = (head >>> 32) + (head & U32);
        return Parsed.of(new UnknownMessage((int) (head >>> 56), (int) (head >>> 48) & 0xFF, body), intact(sum, b, off + 8, len - 8));
    }

    private static ParseResult report(byte[] b, int off, int len, int nRecords, long sum) {
        // Every record takes 8 octets or more: more than fit is an overrun found below. One array holds the index of
        // each record's block and the blocks (type and source count, group, sources; see RecordList): a block takes
        // at most a quarter as many ints as its record takes octets.
        int fit = Math.min(nRecords, (len - 8) >>> 3);
        int[] data = new int[fit + ((len - 8) >>> 2)];
        int w = fit;
        int p = 8;
        for (int r = 0; r < nRecords; r++) {
            if (len - p < 8) return recordPastTheEnd(p, r, nRecords);
            long hg = Ipv4.getLong(b, off + p); // Record Type, Aux Data Len, Number of Sources; Multicast Address
            int h = (int) (hg >>> 32);
            int auxWords = (h >>> 16) & 0xFF;
            int n = h & 0xFFFF;
            long end = p + 8 + 4L * n + 4L * auxWords; // long: near the top of a huge buffer an int could wrap
            if (end > len) return recordOverrun(p, r, n, auxWords, end, len);
            sum += (hg >>> 32) + (hg & U32);
            data[r] = w;
            data[w] = (h >>> 24) | n << 8;
            data[w + 1] = (int) hg;
            w += 2;
            // The sources. A few (the common case) take a plain loop: as a counted loop (s < sEnd) the JIT would
            // split it into a pre-, an unrolled main and a post-loop, whose set-up costs more than a few iterations
            // (measured here: 20 records of 4 sources, 154 ns rather than 185). Many take the counted loop, where the
            // unrolling pays (3 records of 100 sources: 197 ns rather than 296).
            int s = off + p + 8, sEnd = s + 4 * n;
            if (n < 8) {
                for (; s != sEnd; s += 4) { // != keeps it a plain loop; it ends, as s starts 4 * n below sEnd
                    int a = Ipv4.getInt(b, s);
                    data[w++] = a;
                    sum += a & U32;
                }
            } else {
                for (; s < sEnd; s += 4) {
                    int a = Ipv4.getInt(b, s);
                    data[w++] = a;
                    sum += a & U32;
                }
            }
            // Auxiliary data is skipped (section 4.2.10: receivers ignore it) but counts in the checksum.
            if (auxWords != 0) sum += InternetChecksum.sum(b, off + p + 8 + 4 * n, 4 * auxWords);
            p = (int) end;
        }
        boolean intact = intact(sum, b, off + p, len - p);
        return Parsed.of(new V3MembershipReport(new RecordList(data, nRecords)), intact);
    }

    private static Malformed recordPastTheEnd(int p, int r, int nRecords) {
        return new Malformed(ParseError.RECORD_OVERRUN, p, "record " + (r + 1) + " of " + nRecords + " starts past the end");
    }

    private static Malformed recordOverrun(int p, int r, int n, int auxWords, long end, int len) {
        return new Malformed(ParseError.RECORD_OVERRUN, p, "record " + (r + 1) + " with " + n + " sources and " + auxWords
                + " aux words ends at " + end + ", packet has " + len);
    }
}
