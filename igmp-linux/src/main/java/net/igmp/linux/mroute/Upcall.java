package net.igmp.linux.mroute;

import net.igmp.wire.Ipv4;

/**
 * A message from the kernel's multicast forwarding code ({@code struct igmpmsg}, linux/mroute.h), read from the
 * multicast routing socket. It overlays an IPv4 header whose protocol byte is 0.
 *
 * @param vif    the VIF the datagram arrived on
 * @param source the datagram's source (S)
 * @param group  its destination group (G)
 */
public record Upcall(Type type, int vif, int source, int group) {

    /** {@code im_msgtype}. */
    public enum Type {
        /** IGMPMSG_NOCACHE: a datagram for (S,G) has no MFC entry; the kernel holds it until one is added. */
        NOCACHE,
        /** IGMPMSG_WRONGVIF: an (S,G) datagram arrived on a VIF other than the entry's parent (needs MRT_ASSERT). */
        WRONGVIF,
        /** IGMPMSG_WHOLEPKT: a whole packet for a PIM register VIF. */
        WHOLEPKT,
        /** IGMPMSG_WRVIFWHOLE: WRONGVIF with the whole packet (MRT_PIM). */
        WRVIFWHOLE,
        /** Any other value, kept so that the daemon can count it. */
        UNKNOWN;

        static Type of(int code) {
            return switch (code) {
                case 1 -> NOCACHE;
                case 2 -> WRONGVIF;
                case 3 -> WHOLEPKT;
                case 4 -> WRVIFWHOLE;
                default -> UNKNOWN;
            };
        }
    }

    /** Offsets of {@code struct igmpmsg}, checked against the header by a test. */
    static final int MSGTYPE = 8, MBZ = 9, VIF = 10, VIF_HI = 11, SRC = 12, DST = 16, SIZE = 20;

    /** Parses an upcall from {@code b[off..off+len)}, or returns null when it is too short to be one. */
    public static Upcall parse(byte[] b, int off, int len) {
        if (len < SIZE || b[off + MBZ] != 0) return null;
        int vif = (b[off + VIF] & 0xFF) | ((b[off + VIF_HI] & 0xFF) << 8);
        return new Upcall(Type.of(b[off + MSGTYPE] & 0xFF), vif, be32(b, off + SRC), be32(b, off + DST));
    }

    private static int be32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return type + " vif " + vif + " (" + Ipv4.format(source) + ", " + Ipv4.format(group) + ")";
    }
}
