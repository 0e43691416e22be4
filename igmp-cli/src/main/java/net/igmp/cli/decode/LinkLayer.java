package net.igmp.cli.decode;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.pcap.LinkType;

/**
 * What carries the IPv4 packet in octets given by hand: nothing (the octets are the IPv4 packet or the bare IGMP
 * message), an Ethernet frame with its VLAN tags, or a Linux cooked capture header. Input that plainly carries
 * something else than IPv4 (an IPv6 packet, an ARP frame) is refused with a one-line reason.
 *
 * @param offset where the IPv4 packet or the IGMP message starts
 * @param layers one detail line per link-layer header, outermost first
 * @param json   the link-layer header for {@code --json}, or null when there is none
 */
public record LinkLayer(int offset, List<String> layers, ObjectNode json) {
    private static final LinkLayer NONE = new LinkLayer(0, List.of(), null);
    private static final int ETHERTYPE_IPV4 = 0x0800, ETHERTYPE_IPV6 = 0x86DD;
    private static final int SLL_HEADER = 16, SLL2_HEADER = 20, IPV6_HEADER = 40;

    /** Finds the IPv4 packet or IGMP message in {@code b}; {@link IllegalArgumentException} when it cannot be IGMP. */
    public static LinkLayer find(byte[] b) {
        int n = b.length;
        if (n > 0 && version(b, 0) == 4 && isIpv4(b, 0)) return NONE;
        int p = LinkType.ethernetPayload(b, n);
        if (p >= 0 && !isIgmpType(b[0])) {
            int etherType = u16(b, p - 2);
            if (etherType == ETHERTYPE_IPV4 && p < n && version(b, p) == 4) return ethernet(b, p);
            String carried = etherTypeName(etherType);
            if (carried != null || p > 14) // a known EtherType, or VLAN tags: an Ethernet frame beyond doubt
                throw new IllegalArgumentException(String.format("not IGMP: an Ethernet frame carrying %s (EtherType 0x%04x)%s",
                        carried == null ? "something else than IPv4" : carried, etherType, etherType == ETHERTYPE_IPV6 ? mld() : ""));
        } else if (p >= 0 && u16(b, p - 2) == ETHERTYPE_IPV4 && p < n && isIpv4(b, p)) {
            return ethernet(b, p);
        }
        if (n > SLL_HEADER && b[0] == 0 && (b[1] & 0xFF) <= 4 && LinkType.ipv4Offset(LinkType.LINUX_SLL, b, n) == SLL_HEADER && isIpv4(b, SLL_HEADER))
            return cooked(SLL_HEADER, "Linux cooked capture v1", "linux-sll");
        if (n > SLL2_HEADER && b[2] == 0 && b[3] == 0 && LinkType.ipv4Offset(LinkType.LINUX_SLL2, b, n) == SLL2_HEADER && isIpv4(b, SLL2_HEADER))
            return cooked(SLL2_HEADER, "Linux cooked capture v2", "linux-sll2");
        if (n >= IPV6_HEADER && version(b, 0) == 6) throw new IllegalArgumentException("not IGMP: an IPv6 packet" + mld());
        return NONE;
    }

    private static String mld() {
        return "; IGMP runs over IPv4 only, IPv6 hosts use MLD";
    }

    private static LinkLayer ethernet(byte[] b, int payload) {
        List<String> layers = new ArrayList<>();
        String dst = mac(b, 0), src = mac(b, 6);
        layers.add("Ethernet II, Src: " + src + ", Dst: " + dst);
        ObjectNode o = IgmpJson.object();
        o.put("type", "ethernet");
        o.put("src", src);
        o.put("dst", dst);
        var vlans = o.putArray("vlans");
        for (int t = 12; t + 4 < payload; t += 4) {
            int tci = u16(b, t + 2);
            layers.add(String.format("%s Virtual LAN, PRI: %d, DEI: %d, ID: %d", u16(b, t) == 0x8100 ? "802.1Q" : "802.1ad",
                    tci >>> 13, (tci >>> 12) & 1, tci & 0xFFF));
            vlans.add(tci & 0xFFF);
        }
        return new LinkLayer(payload, List.copyOf(layers), o);
    }

    private static LinkLayer cooked(int payload, String name, String type) {
        ObjectNode o = IgmpJson.object();
        o.put("type", type);
        return new LinkLayer(payload, List.of(name), o);
    }

    /** The first line of a refusal for an IPv4 packet that is not IGMP, or null when it is IGMP (or not IPv4). */
    public String notIgmp(byte[] b) {
        if (!(Ipv4Header.parse(b, offset, b.length - offset) instanceof Ipv4Header ip) || ip.protocol() == Ipv4Header.PROTOCOL_IGMP)
            return null;
        String name = switch (ip.protocol()) {
            case 1 -> " (ICMP)";
            case 4 -> " (IPv4 in IPv4)";
            case 6 -> " (TCP)";
            case 17 -> " (UDP)";
            case 41 -> " (IPv6 in IPv4)";
            case 47 -> " (GRE)";
            case 50 -> " (ESP)";
            case 89 -> " (OSPF)";
            case 103 -> " (PIM)";
            case 112 -> " (VRRP)";
            default -> "";
        };
        return "not IGMP: the IPv4 packet carries protocol " + ip.protocol() + name + ", not IGMP (2)";
    }

    private static String etherTypeName(int etherType) {
        return switch (etherType) {
            case 0x0806 -> "ARP";
            case 0x8035 -> "RARP";
            case ETHERTYPE_IPV6 -> "IPv6";
            case 0x8847, 0x8848 -> "MPLS";
            case 0x8863, 0x8864 -> "PPPoE";
            case 0x88CC -> "LLDP";
            case 0x888E -> "EAPOL";
            default -> null;
        };
    }

    private static boolean isIgmpType(byte type) {
        return switch (type & 0xFF) {
            case IgmpMessage.TYPE_MEMBERSHIP_QUERY, IgmpMessage.TYPE_V1_MEMBERSHIP_REPORT, IgmpMessage.TYPE_V2_MEMBERSHIP_REPORT,
                 IgmpMessage.TYPE_LEAVE_GROUP, IgmpMessage.TYPE_V3_MEMBERSHIP_REPORT -> true;
            default -> false;
        };
    }

    private static boolean isIpv4(byte[] b, int off) {
        return Ipv4Header.parse(b, off, b.length - off) instanceof Ipv4Header;
    }

    private static int version(byte[] b, int off) {
        return (b[off] & 0xF0) >>> 4;
    }

    private static String mac(byte[] b, int off) {
        return java.util.HexFormat.ofDelimiter(":").formatHex(b, off, off + 6);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }
}
