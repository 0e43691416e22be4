package net.igmp.wire;

import java.util.Arrays;

/**
 * An IPv4 header (RFC 791) with its options, as IGMP needs it: TTL 1, ToS, and the Router Alert option
 * (RFC 2113) that every IGMPv2/v3 message carries.
 *
 * @param options the option octets, a multiple of 4 long (padded), at most 40
 */
public record Ipv4Header(int tos, int totalLength, int identification, int flagsFragment, int ttl, int protocol,
                         int headerChecksum, int source, int destination, byte[] options) implements Ipv4Result {

    public static final int PROTOCOL_IGMP = 2;
    /** Router Alert, copied flag set, option 20: {@code 94 04 00 00} (RFC 2113 section 2.1). */
    static final byte[] ROUTER_ALERT = {(byte) 0x94, 0x04, 0x00, 0x00};
    /** ToS of IGMP messages: Internetwork Control (precedence 6), as the Linux kernel sends them. */
    public static final int TOS_INTERNETWORK_CONTROL = 0xC0;

    public Ipv4Header {
        options = options.clone();
        if (options.length % 4 != 0 || options.length > 40) throw new IllegalArgumentException("options must be padded to 4 octets, at most 40");
        if (ttl < 0 || ttl > 255 || tos < 0 || tos > 255 || protocol < 0 || protocol > 255) throw new IllegalArgumentException("octet field out of range");
        if ((totalLength | identification | flagsFragment | headerChecksum) >>> 16 != 0) throw new IllegalArgumentException("16-bit field out of range");
        if (totalLength < 20 + options.length) throw new IllegalArgumentException("total length " + totalLength + " is shorter than the header");
    }

    /** A header for an IGMP message of {@code igmpLength} octets: TTL 1, ToS 0xC0, with or without Router Alert. */
    public static Ipv4Header forIgmp(int source, int destination, int igmpLength, boolean routerAlert) {
        byte[] opts = routerAlert ? ROUTER_ALERT : new byte[0];
        return new Ipv4Header(TOS_INTERNETWORK_CONTROL, 20 + opts.length + igmpLength, 0, 0x4000 /* DF */, 1,
                PROTOCOL_IGMP, 0, source, destination, opts);
    }

    @Override
    public byte[] options() {
        return options.clone();
    }

    public int headerLength() {
        return 20 + options.length;
    }

    public int payloadLength() {
        return totalLength - headerLength();
    }

    /** True when the options carry Router Alert (option type 148). */
    public boolean routerAlert() {
        return hasRouterAlert(options, 0, options.length);
    }

    static boolean hasRouterAlert(byte[] b, int off, int len) {
        int p = off, end = off + len;
        while (p < end) {
            int t = b[p] & 0xFF;
            if (t == 0) return false;        // End of Option List
            if (t == 1) { p++; continue; }   // No Operation
            if (p + 1 >= end) return false;
            int l = b[p + 1] & 0xFF;
            if (l < 2) return false;
            if (t == 0x94 && l == 4) return true;
            p += l;
        }
        return false;
    }

    /** Writes the header at {@code off} with a freshly computed checksum; returns the header length. */
    public int write(byte[] b, int off) {
        int hl = headerLength();
        if (off < 0 || off > b.length - hl) throw new IndexOutOfBoundsException("buffer too small for a " + hl + "-octet IPv4 header");
        b[off] = (byte) (0x40 | (hl / 4));
        b[off + 1] = (byte) tos;
        Ipv4.putShort(b, off + 2, totalLength);
        Ipv4.putShort(b, off + 4, identification);
        Ipv4.putShort(b, off + 6, flagsFragment);
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        Ipv4.putShort(b, off + 10, 0);
        Ipv4.putInt(b, off + 12, source);
        Ipv4.putInt(b, off + 16, destination);
        System.arraycopy(options, 0, b, off + 20, options.length);
        Ipv4.putShort(b, off + 10, InternetChecksum.compute(b, off, hl));
        return hl;
    }

    /** True when the header checksum as parsed is right for the other fields. */
    public boolean checksumValid() {
        byte[] tmp = new byte[headerLength()];
        new Ipv4Header(tos, totalLength, identification, flagsFragment, ttl, protocol, 0, source, destination, options).write(tmp, 0);
        return Ipv4.getShort(tmp, 10) == headerChecksum;
    }

    /** Parses the header at {@code off}; never throws. Total Length may be smaller than {@code len} (link padding). */
    public static Ipv4Result parse(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) return new Malformed(ParseError.TRUNCATED, 0, "buffer bounds");
        if (len < 20) return new Malformed(ParseError.TRUNCATED, len, "IPv4 header needs 20 octets, got " + len);
        int vihl = b[off] & 0xFF;
        if ((vihl >>> 4) != 4) return new Malformed(ParseError.BAD_IP_VERSION, 0, "version " + (vihl >>> 4));
        int hl = (vihl & 0x0F) * 4;
        if (hl < 20 || hl > len) return new Malformed(ParseError.BAD_IHL, 0, "IHL " + (vihl & 0x0F) + " (" + hl + " octets) with " + len + " octets given");
        int total = Ipv4.getShort(b, off + 2);
        if (total < hl || total > len) return new Malformed(ParseError.BAD_TOTAL_LENGTH, 2, "total length " + total + " with header " + hl + " and " + len + " octets given");
        // Validate option lengths so that later scans are safe.
        int p = off + 20, end = off + hl;
        while (p < end) {
            int t = b[p] & 0xFF;
            if (t == 0) break;
            if (t == 1) { p++; continue; }
            if (p + 1 >= end || (b[p + 1] & 0xFF) < 2 || p + (b[p + 1] & 0xFF) > end)
                return new Malformed(ParseError.BAD_IP_OPTION, p - off, "option " + t);
            p += b[p + 1] & 0xFF;
        }
        return new Ipv4Header(b[off + 1] & 0xFF, total, Ipv4.getShort(b, off + 4), Ipv4.getShort(b, off + 6), b[off + 8] & 0xFF,
                b[off + 9] & 0xFF, Ipv4.getShort(b, off + 10), Ipv4.getInt(b, off + 12), Ipv4.getInt(b, off + 16),
                Arrays.copyOfRange(b, off + 20, off + hl));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Header h && h.tos == tos && h.totalLength == totalLength && h.identification == identification
                && h.flagsFragment == flagsFragment && h.ttl == ttl && h.protocol == protocol && h.headerChecksum == headerChecksum
                && h.source == source && h.destination == destination && Arrays.equals(h.options, options);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(options) * 31 + source * 17 + destination;
    }

    @Override
    public String toString() {
        return "Ipv4Header[" + Ipv4.format(source) + " > " + Ipv4.format(destination) + ", ttl=" + ttl + ", tos=0x"
                + Integer.toHexString(tos) + ", proto=" + protocol + (routerAlert() ? ", router-alert" : "") + "]";
    }
}
