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

    /** {@code struct sockaddr_ll} (linux/if_packet.h): a link-level address, for AF_PACKET bind and send. */
    public static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            BE_SHORT.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");

    /** {@code struct tpacket_req3} (linux/if_packet.h): the shape of a TPACKET_V3 ring, for PACKET_RX_RING. */
    public static final StructLayout TPACKET_REQ3 = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_block_size"),
            JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"),
            JAVA_INT.withName("tp_frame_nr"),
            JAVA_INT.withName("tp_retire_blk_tov"),
            JAVA_INT.withName("tp_sizeof_priv"),
            JAVA_INT.withName("tp_feature_req_word")).withName("tpacket_req3");

    /** {@code struct tpacket_hdr_v1} (linux/if_packet.h): {@code hdr.bh1} of a block descriptor. */
    public static final StructLayout TPACKET_HDR_V1 = MemoryLayout.structLayout(
            JAVA_INT.withName("block_status"),
            JAVA_INT.withName("num_pkts"),
            JAVA_INT.withName("offset_to_first_pkt"),
            JAVA_INT.withName("blk_len"),
            JAVA_LONG.withName("seq_num"),
            MemoryLayout.sequenceLayout(4, JAVA_INT).withName("ts_first_last")).withName("tpacket_hdr_v1");

    /** {@code struct tpacket_block_desc} (linux/if_packet.h): the head of one TPACKET_V3 ring block. */
    public static final StructLayout TPACKET_BLOCK_DESC = MemoryLayout.structLayout(
            JAVA_INT.withName("version"),
            JAVA_INT.withName("offset_to_priv"),
            TPACKET_HDR_V1.withName("hdr")).withName("tpacket_block_desc");

    /** {@code struct tpacket3_hdr} (linux/if_packet.h): one frame in a TPACKET_V3 block. */
    public static final StructLayout TPACKET3_HDR = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_next_offset"),
            JAVA_INT.withName("tp_sec"),
            JAVA_INT.withName("tp_nsec"),
            JAVA_INT.withName("tp_snaplen"),
            JAVA_INT.withName("tp_len"),
            JAVA_INT.withName("tp_status"),
            JAVA_SHORT.withName("tp_mac"),
            JAVA_SHORT.withName("tp_net"),
            MemoryLayout.structLayout( // the anonymous union's only member
                    JAVA_INT.withName("tp_rxhash"),
                    JAVA_INT.withName("tp_vlan_tci"),
                    JAVA_SHORT.withName("tp_vlan_tpid"),
                    JAVA_SHORT.withName("tp_padding")).withName("hv1"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding")).withName("tpacket3_hdr");

    /** {@code struct tpacket_stats_v3} (linux/if_packet.h): PACKET_STATISTICS of a TPACKET_V3 socket. */
    public static final StructLayout TPACKET_STATS_V3 = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_packets"),
            JAVA_INT.withName("tp_drops"),
            JAVA_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");

    /** {@code struct packet_mreq} (linux/if_packet.h): PACKET_ADD_MEMBERSHIP (all-multicast on one interface). */
    public static final StructLayout PACKET_MREQ = MemoryLayout.structLayout(
            JAVA_INT.withName("mr_ifindex"),
            JAVA_SHORT.withName("mr_type"),
            JAVA_SHORT.withName("mr_alen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("mr_address")).withName("packet_mreq");

    /** {@code struct sock_filter} (linux/filter.h): one classic BPF instruction. */
    public static final StructLayout SOCK_FILTER = MemoryLayout.structLayout(
            JAVA_SHORT.withName("code"),
            JAVA_BYTE.withName("jt"),
            JAVA_BYTE.withName("jf"),
            JAVA_INT.withName("k")).withName("sock_filter");

    /** {@code struct sock_fprog} (linux/filter.h): a classic BPF program, for SO_ATTACH_FILTER. */
    public static final StructLayout SOCK_FPROG = MemoryLayout.structLayout(
            JAVA_SHORT.withName("len"),
            MemoryLayout.paddingLayout(6),
            ADDRESS.withName("filter")).withName("sock_fprog");

    /**
     * {@code struct ifreq} (net/if.h) for SIOCGIFHWADDR and SIOCGIFMTU: the name, then the union {@code ifr_ifru}
     * whose {@code ifr_hwaddr} is a {@code struct sockaddr} (family, then the MAC in {@code sa_data}) and whose
     * {@code ifr_mtu} is an int.
     */
    public static final StructLayout IFREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ifr_name"),
            MemoryLayout.unionLayout(
                    MemoryLayout.structLayout(
                            JAVA_SHORT.withName("sa_family"),
                            MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("ifr_hwaddr"),
                    JAVA_INT.withName("ifr_mtu"),
                    MemoryLayout.sequenceLayout(24, JAVA_BYTE).withName("ifr_map")).withName("ifr_ifru")).withName("ifreq");

    /** The byte offset of the field at {@code path} (one name per nesting level) in {@code struct}. */
    public static long offset(StructLayout struct, String... path) {
        PathElement[] p = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) p[i] = PathElement.groupElement(path[i]);
        return struct.byteOffset(p);
    }
}
