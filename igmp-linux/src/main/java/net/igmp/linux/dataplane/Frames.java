package net.igmp.linux.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The user data plane's view of an Ethernet frame carrying IPv4 multicast, and the rewrite that forwards it. Pure
 * functions over memory segments (the receive ring, or a byte array in tests); nothing here allocates.
 */
final class Frames {
    private Frames() {}

    static final int ETH_HLEN = 14;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int IPPROTO_IGMP = 2;
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Why a frame is not forwardable, or {@link #FORWARDABLE}. */
    static final int FORWARDABLE = 0, NOT_IPV4 = 1, MALFORMED = 2, NOT_MULTICAST = 3, LINK_LOCAL = 4, IGMP = 5;

    /**
     * Checks the frame at {@code off} ({@code len} bytes, Ethernet header first) the way the socket filter already
     * did, and the IPv4 header besides: the filter is the fast path, this is the rule.
     */
    static int classify(MemorySegment s, long off, int len) {
        if (len < ETH_HLEN + 20 || u16(s, off + 12) != ETHERTYPE_IPV4) return NOT_IPV4;
        long ip = off + ETH_HLEN;
        int vihl = u8(s, ip);
        int ihl = (vihl & 0x0F) * 4;
        int total = u16(s, ip + 2);
        if (vihl >> 4 != 4 || ihl < 20 || total < ihl || total > len - ETH_HLEN) return MALFORMED;
        // IGMP belongs to the control plane (RFC 9776 section 6), wherever it is addressed
        if (u8(s, ip + 9) == IPPROTO_IGMP) return IGMP;
        int group = destination(s, off);
        if ((group & 0xF0000000) != 0xE0000000) return NOT_MULTICAST;
        // 224.0.0.0/24 is link-local (RFC 5771): never forwarded, whatever the protocol
        if ((group & 0xFFFFFF00) == 0xE0000000) return LINK_LOCAL;
        return FORWARDABLE;
    }

    static int source(MemorySegment s, long frame) {
        return s.get(BE_INT, frame + ETH_HLEN + 12);
    }

    static int destination(MemorySegment s, long frame) {
        return s.get(BE_INT, frame + ETH_HLEN + 16);
    }

    static int ttl(MemorySegment s, long frame) {
        return u8(s, frame + ETH_HLEN + 8);
    }

    /** The IPv4 total length (header and payload). */
    static int ipLength(MemorySegment s, long frame) {
        return u16(s, frame + ETH_HLEN + 2);
    }

    /**
     * Writes into {@code out} at 0 the frame that forwards the datagram of {@code in} at {@code frame}: Ethernet
     * destination by the RFC 1112 section 6.4 mapping (01:00:5e and the group's low 23 bits), source
     * {@code sourceMac}, and the IPv4 datagram with its TTL one lower and its header checksum updated by RFC 1624.
     * Returns the frame's length. The caller has checked that the TTL is above 1.
     */
    static int rewrite(MemorySegment in, long frame, MemorySegment out, byte[] sourceMac) {
        int group = destination(in, frame);
        int ipLen = ipLength(in, frame);
        out.set(JAVA_BYTE, 0, (byte) 0x01);
        out.set(JAVA_BYTE, 1, (byte) 0x00);
        out.set(JAVA_BYTE, 2, (byte) 0x5e);
        out.set(JAVA_BYTE, 3, (byte) ((group >>> 16) & 0x7F));
        out.set(JAVA_BYTE, 4, (byte) (group >>> 8));
        out.set(JAVA_BYTE, 5, (byte) group);
        MemorySegment.copy(sourceMac, 0, out, JAVA_BYTE, 6, 6);
        out.set(BE_SHORT, 12, (short) ETHERTYPE_IPV4);
        MemorySegment.copy(in, frame + ETH_HLEN, out, ETH_HLEN, ipLen);
        long ip = ETH_HLEN;
        int oldWord = u16(out, ip + 8); // TTL and protocol share one 16-bit word of the checksum
        int newWord = oldWord - 0x0100;
        out.set(BE_SHORT, ip + 8, (short) newWord);
        out.set(BE_SHORT, ip + 10, (short) updatedChecksum(u16(out, ip + 10), oldWord, newWord));
        return ETH_HLEN + ipLen;
    }

    /**
     * Completes the UDP or TCP checksum of the frame in {@code out} at 0, left partial by a sender that counted on
     * checksum offload: the field holds the pseudo-header sum, and the checksum is the complement of the sum over
     * the transport header (with that field) and payload, as the kernel's skb_checksum_help does. A UDP checksum
     * that comes out 0 is sent as 0xffff (RFC 768). Other protocols are left as they are.
     */
    static void completeTransportChecksum(MemorySegment out) {
        long ip = ETH_HLEN;
        int protocol = u8(out, ip + 9);
        int field = protocol == 17 ? 6 : protocol == 6 ? 16 : -1;
        int ihl = (u8(out, ip) & 0x0F) * 4;
        int l4len = u16(out, ip + 2) - ihl;
        if (field < 0 || l4len < field + 2) return;
        long l4 = ip + ihl;
        long sum = 0;
        int i = 0;
        for (; i + 1 < l4len; i += 2) sum += u16(out, l4 + i);
        if (i < l4len) sum += u8(out, l4 + i) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        int checksum = (int) (~sum & 0xFFFF);
        if (checksum == 0 && protocol == 17) checksum = 0xFFFF;
        out.set(BE_SHORT, l4 + field, (short) checksum);
    }

    /** RFC 1624 equation 3: HC' = ~(~HC + ~m + m'), in one's complement arithmetic. */
    static int updatedChecksum(int hc, int oldWord, int newWord) {
        int sum = (~hc & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    private static int u8(MemorySegment s, long off) {
        return s.get(JAVA_BYTE, off) & 0xFF;
    }

    private static int u16(MemorySegment s, long off) {
        return s.get(BE_SHORT, off) & 0xFFFF;
    }
}
