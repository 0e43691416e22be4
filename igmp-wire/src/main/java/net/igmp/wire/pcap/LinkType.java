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

    /** The LINKTYPE_ name without its prefix and the number, e.g. "IEEE802_11_RADIOTAP (127)"; the number alone for rare types. */
    public static String name(int linkType) {
        String name = switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case 6 -> "IEEE802_5";
            case 8 -> "SLIP";
            case 9 -> "PPP";
            case 10 -> "FDDI";
            case 50 -> "PPP_HDLC";
            case 51 -> "PPP_ETHER";
            case 104 -> "C_HDLC";
            case 105 -> "IEEE802_11";
            case 107 -> "FRELAY";
            case 117 -> "PFLOG";
            case 119 -> "IEEE802_11_PRISM";
            case 127 -> "IEEE802_11_RADIOTAP";
            case 163 -> "IEEE802_11_AVS";
            case 192 -> "PPI";
            case 195 -> "IEEE802_15_4_WITHFCS";
            case 197 -> "ERF";
            case 201 -> "BLUETOOTH_HCI_H4_WITH_PHDR";
            case 220 -> "USB_LINUX_MMAPPED";
            case 229 -> "IPV6";
            case 239 -> "NFLOG";
            case 249 -> "USBPCAP";
            case 252 -> "WIRESHARK_UPPER_PDU";
            case 253 -> "NETLINK";
            default -> linkType >= 147 && linkType <= 162 ? "USER" + (linkType - 147) : null;
        };
        return name == null ? "link type " + linkType : name + " (" + linkType + ")";
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
                int p = ethernetPayload(frame, len);
                yield p >= 0 && u16(frame, p - 2) == ETHERTYPE_IPV4 ? p : -1;
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

    /**
     * The offset of an Ethernet frame's payload after its 802.1Q / 802.1ad VLAN tags (the payload's EtherType is
     * in the two octets before it), or -1 when the frame ends first. Never throws.
     */
    public static int ethernetPayload(byte[] frame, int len) {
        if (frame == null || len < 0 || len > frame.length) return -1;
        for (int p = 12; p + 2 <= len; p += 4) { // each tag is its TPID and 2 octets of tag control information
            int etherType = u16(frame, p);
            if (etherType != ETHERTYPE_VLAN && etherType != ETHERTYPE_QINQ && etherType != ETHERTYPE_QINQ_OLD) return p + 2;
        }
        return -1;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }
}
