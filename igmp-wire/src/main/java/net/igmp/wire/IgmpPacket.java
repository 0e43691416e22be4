package net.igmp.wire;

/**
 * An IGMP message, with the IPv4 header that carried it when there was one. Entry point for tools and the
 * Linux runtime: {@link #parse} accepts either a bare IGMP message or an IPv4 packet (first nibble 4).
 *
 * @param ip the IPv4 header, or null for a bare message
 */
public record IgmpPacket(Ipv4Header ip, IgmpMessage message, boolean checksumValid) {

    /** Parses an IPv4 packet carrying IGMP. Error offsets count from {@code off}. */
    public static ParseOutcome parseIpv4(byte[] b, int off, int len) {
        Ipv4Result r = Ipv4Header.parse(b, off, len);
        if (r instanceof Malformed m) return new ParseOutcome(null, m);
        Ipv4Header ip = (Ipv4Header) r;
        if (ip.protocol() != Ipv4Header.PROTOCOL_IGMP) return new ParseOutcome(null, new Malformed(ParseError.NOT_IGMP, 9, "protocol " + ip.protocol()));
        if ((ip.flagsFragment() & 0x3FFF) != 0) return new ParseOutcome(null, new Malformed(ParseError.FRAGMENTED, 6, ""));
        int hl = ip.headerLength();
        ParseResult pr = IgmpParser.parse(b, off + hl, ip.totalLength() - hl);
        return switch (pr) {
            case Malformed m -> new ParseOutcome(null, m.shift(hl));
            case IgmpMessage m -> new ParseOutcome(new IgmpPacket(ip, m, true), null);
            case ParseResult.Parsed.BadChecksum bad -> new ParseOutcome(new IgmpPacket(ip, bad.message(), false), null);
        };
    }

    /** Bare IGMP, or IPv4 when the first nibble is 4 (no IGMP type has 4 as its high nibble). */
    public static ParseOutcome parse(byte[] b, int off, int len) {
        if (b != null && len > 0 && off >= 0 && off < b.length && ((b[off] & 0xF0) == 0x40)) return parseIpv4(b, off, len);
        ParseResult pr = IgmpParser.parse(b, off, len);
        return switch (pr) {
            case Malformed m -> new ParseOutcome(null, m);
            case IgmpMessage m -> new ParseOutcome(new IgmpPacket(null, m, true), null);
            case ParseResult.Parsed.BadChecksum bad -> new ParseOutcome(new IgmpPacket(null, bad.message(), false), null);
        };
    }

    /** The octets {@link #encode} writes: the IPv4 header (when there is one) and the message. */
    public int encodedLength() {
        return (ip == null ? 0 : ip.headerLength()) + message.encodedLength();
    }

    /**
     * Writes the packet at {@code off} and returns its length: the IPv4 header when there is one, with Total
     * Length set to fit the message and a fresh header checksum, then the message with a fresh checksum.
     * @throws IndexOutOfBoundsException if the buffer is too small
     */
    public int encode(byte[] b, int off) {
        int len = encodedLength();
        if (off < 0 || off > b.length - len)
            throw new IndexOutOfBoundsException("buffer of " + b.length + " octets cannot hold " + len + " at offset " + off);
        int hl = 0;
        if (ip != null) {
            hl = ip.write(b, off);
            Ipv4.putShort(b, off + 2, len);
            Ipv4.putShort(b, off + 10, 0);
            Ipv4.putShort(b, off + 10, InternetChecksum.compute(b, off, hl));
        }
        return hl + IgmpEncoder.encode(message, b, off + hl);
    }

    /** Encodes into a new array of the exact size; for tools and tests. */
    public byte[] toBytes() {
        byte[] b = new byte[encodedLength()];
        encode(b, 0);
        return b;
    }

    /** Exactly one of {@code packet} and {@code malformed} is set. */
    public record ParseOutcome(IgmpPacket packet, Malformed malformed) {
        public boolean ok() {
            return packet != null;
        }
    }
}
