package net.igmp.linux.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The C structs the runtime passes to the kernel, as {@link MemoryLayout}s for Linux on 64-bit targets
 * (LP64). Field names are the C names so a test can compare every offset with {@code offsetof} from the
 * headers. Addresses ({@code struct in_addr}) are kept in network byte order: read and write them with
 * {@link #BE_INT}.
 */
public final class Layouts {
    private Layouts() {}

    /** A 32-bit value in network byte order: {@code in_addr_t}, {@code be32}. */
    public static final ValueLayout.OfInt BE_INT = JAVA_INT.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    /** A 16-bit value in network byte order: {@code in_port_t}. */
    public static final ValueLayout.OfShort BE_SHORT = JAVA_SHORT.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout SIZE_T = JAVA_LONG;

    /** {@code struct sockaddr_in} (netinet/in.h). */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            BE_SHORT.withName("sin_port"),
            BE_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    /** {@code struct in_pktinfo}: the IP_PKTINFO control message (arrival interface of a packet). */
    public static final StructLayout IN_PKTINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("ipi_ifindex"),
            BE_INT.withName("ipi_spec_dst"),
            BE_INT.withName("ipi_addr")).withName("in_pktinfo");

    /** {@code struct ip_mreqn}: IP_ADD_MEMBERSHIP and IP_MULTICAST_IF by interface index. */
    public static final StructLayout IP_MREQN = MemoryLayout.structLayout(
            BE_INT.withName("imr_multiaddr"),
            BE_INT.withName("imr_address"),
            JAVA_INT.withName("imr_ifindex")).withName("ip_mreqn");

    /** {@code struct iovec}. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            SIZE_T.withName("iov_len")).withName("iovec");

    /** {@code struct msghdr} (sys/socket.h). */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            SIZE_T.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            SIZE_T.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");

    /** {@code struct cmsghdr}; the data follows at {@link #CMSG_DATA_OFFSET}. */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            SIZE_T.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    /** {@code CMSG_DATA(c) - c}: the header size aligned to {@code size_t}. */
    public static final long CMSG_DATA_OFFSET = CMSGHDR.byteSize();

    /** {@code struct pollfd} (poll.h). */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    /** {@code struct vifctl} (linux/mroute.h): a virtual interface for MRT_ADD_VIF / MRT_DEL_VIF. */
    public static final StructLayout VIFCTL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("vifc_vifi"),
            JAVA_BYTE.withName("vifc_flags"),
            JAVA_BYTE.withName("vifc_threshold"),
            JAVA_INT.withName("vifc_rate_limit"),
            // union { struct in_addr vifc_lcl_addr; int vifc_lcl_ifindex; }: the index when VIFF_USE_IFINDEX
            JAVA_INT.withName("vifc_lcl_ifindex"),
            BE_INT.withName("vifc_rmt_addr")).withName("vifctl");

    /** MAXVIFS in linux/mroute.h: the size of {@code mfcc_ttls} and the kernel's limit on VIFs. */
    public static final int MAXVIFS = 32;

    /** {@code struct mfcctl} (linux/mroute.h): a forwarding cache entry for MRT_ADD_MFC / MRT_DEL_MFC. */
    public static final StructLayout MFCCTL = MemoryLayout.structLayout(
            BE_INT.withName("mfcc_origin"),
            BE_INT.withName("mfcc_mcastgrp"),
            JAVA_SHORT.withName("mfcc_parent"),
            MemoryLayout.sequenceLayout(MAXVIFS, JAVA_BYTE).withName("mfcc_ttls"),
            MemoryLayout.paddingLayout(2),
            JAVA_INT.withName("mfcc_pkt_cnt"),
            JAVA_INT.withName("mfcc_byte_cnt"),
            JAVA_INT.withName("mfcc_wrong_if"),
            JAVA_INT.withName("mfcc_expire")).withName("mfcctl");

    /** {@code struct igmpmsg} (linux/mroute.h): a kernel upcall read from the multicast routing socket. */
    public static final StructLayout IGMPMSG = MemoryLayout.structLayout(
            JAVA_INT.withName("unused1"),
            JAVA_INT.withName("unused2"),
            JAVA_BYTE.withName("im_msgtype"),
            JAVA_BYTE.withName("im_mbz"),
            JAVA_BYTE.withName("im_vif"),
            JAVA_BYTE.withName("im_vif_hi"),
            BE_INT.withName("im_src"),
            BE_INT.withName("im_dst")).withName("igmpmsg");

    /** {@code struct sioc_sg_req} (linux/mroute.h): SIOCGETSGCNT, packet counters of one (S,G) entry. */
    public static final StructLayout SIOC_SG_REQ = MemoryLayout.structLayout(
            BE_INT.withName("src"),
            BE_INT.withName("grp"),
            JAVA_LONG.withName("pktcnt"),
            JAVA_LONG.withName("bytecnt"),
            JAVA_LONG.withName("wrong_if")).withName("sioc_sg_req");

    /** {@code struct ifaddrs} (ifaddrs.h). */
    public static final StructLayout IFADDRS = MemoryLayout.structLayout(
            ADDRESS.withName("ifa_next"),
            ADDRESS.withName("ifa_name"),
            JAVA_INT.withName("ifa_flags"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("ifa_addr"),
            ADDRESS.withName("ifa_netmask"),
            ADDRESS.withName("ifa_ifu"),
            ADDRESS.withName("ifa_data")).withName("ifaddrs");

    /** {@code struct sockaddr_nl} (linux/netlink.h): a netlink socket's address and multicast groups. */
    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups")).withName("sockaddr_nl");

    /** {@code struct nlmsghdr} (linux/netlink.h): the header of every netlink message, in host byte order. */
    public static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT.withName("nlmsg_len"),
            JAVA_SHORT.withName("nlmsg_type"),
            JAVA_SHORT.withName("nlmsg_flags"),
            JAVA_INT.withName("nlmsg_seq"),
            JAVA_INT.withName("nlmsg_pid")).withName("nlmsghdr");

    /** {@code struct ifinfomsg} (linux/rtnetlink.h): the body of RTM_NEWLINK and RTM_DELLINK. */
    public static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifi_family"),
            JAVA_BYTE.withName("__ifi_pad"),
            JAVA_SHORT.withName("ifi_type"),
            JAVA_INT.withName("ifi_index"),
            JAVA_INT.withName("ifi_flags"),
            JAVA_INT.withName("ifi_change")).withName("ifinfomsg");

    /** {@code struct ifaddrmsg} (linux/if_addr.h): the body of RTM_NEWADDR and RTM_DELADDR. */
    public static final StructLayout IFADDRMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifa_family"),
            JAVA_BYTE.withName("ifa_prefixlen"),
            JAVA_BYTE.withName("ifa_flags"),
            JAVA_BYTE.withName("ifa_scope"),
            JAVA_INT.withName("ifa_index")).withName("ifaddrmsg");

    /** {@code struct rtattr} (linux/rtnetlink.h): the header of each attribute after the message body. */
    public static final StructLayout RTATTR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("rta_len"),
            JAVA_SHORT.withName("rta_type")).withName("rtattr");

    /** The byte offset of {@code field} in {@code struct}. */
    public static long offset(StructLayout struct, String field) {
        return struct.byteOffset(PathElement.groupElement(field));
    }
}
