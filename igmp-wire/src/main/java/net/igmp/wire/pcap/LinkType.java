package net.igmp.wire.pcap;

/**
 * The link-layer header types this package reads and writes, with their LINKTYPE_ numbers
 * (tcpdump.org "Link-layer header types"). {@link #ipv4Offset} finds the IPv4 packet in a frame.
 */
public final class LinkType {
    private LinkType() {}

    /** BSD loopback: a 4-octet address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** Ethernet II (and 802.3), possibly with 802.1Q / 802.1ad VLAN tags. */
    public static final int ETHERNET = 1;
    /** Raw IP: the frame is the IPv4 or IPv6 packet itself. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is in network byte order. */
    public static final int LOOP = 108;
    /** Linux "cooked" capture v1 (SLL): a 16-octet pseudo-header, protocol at offset 14. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Linux "cooked" capture v2 (SLL2): a 20-octet pseudo-header, protocol at offset 0. */
    public static final int LINUX_SLL2 = 276;

    static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_VLAN = 0x8100, ETHERTYPE_QINQ = 0x88A8, ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int AF_INET = 2;

    public static boolean isSupported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL (BSD loopback)";
            case ETHERNET -> "ETHERNET";
            case RAW -> "RAW";
            case LOOP -> "LOOP (OpenBSD loopback)";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "linktype " + linkType;
        };
    }

    /**
     * The offset of the IPv4 packet inside a frame of {@code len} octets, or -1 when the frame carries something
     * else (ARP, IPv6, ...) or is too short to tell. Never throws.
     */
    public static int ipv4Offset(int linkType, byte[] frame, int len) {
        if (frame == null || len < 0 || len > frame.length) return -1;
        int off = switch (linkType) {
            case RAW, IPV4 -> 0;
            case ETHERNET -> {
                int p = 12;
                while (p + 2 <= len) {
                    int etherType = u16(frame, p);
                    if (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ || etherType == ETHERTYPE_QINQ_OLD) {
                        p += 4; // skip the tag control information; the next EtherType follows
                        continue;
                    }
                    yield etherType == ETHERTYPE_IPV4 ? p + 2 : -1;
                }
                yield -1;
            }
            case LINUX_SLL -> len >= 16 && u16(frame, 14) == ETHERTYPE_IPV4 ? 16 : -1;
            case LINUX_SLL2 -> len >= 20 && u16(frame, 0) == ETHERTYPE_IPV4 ? 20 : -1;
            case NULL -> {
                if (len < 4) yield -1;
                // Host byte order of the capturing machine: accept AF_INET either way round.
                int be = (u16(frame, 0) << 16) | u16(frame, 2);
                yield be == AF_INET || Integer.reverseBytes(be) == AF_INET ? 4 : -1;
            }
            case LOOP -> len >= 4 && ((u16(frame, 0) << 16) | u16(frame, 2)) == AF_INET ? 4 : -1;
            default -> -1;
        };
        if (off < 0 || off >= len || ((frame[off] & 0xF0) != 0x40)) return -1;
        return off;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }
}
