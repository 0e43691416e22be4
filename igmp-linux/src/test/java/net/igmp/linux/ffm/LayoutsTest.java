package net.igmp.linux.ffm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every struct the runtime hands to the kernel, compared field by field with the C headers through gcc. */
class LayoutsTest {

    private static final List<StructLayout> STRUCTS = List.of(Layouts.SOCKADDR_IN, Layouts.IN_PKTINFO, Layouts.IP_MREQN,
            Layouts.IOVEC, Layouts.MSGHDR, Layouts.CMSGHDR, Layouts.POLLFD, Layouts.VIFCTL, Layouts.MFCCTL,
            Layouts.IGMPMSG, Layouts.SIOC_SG_REQ, Layouts.IFADDRS, Layouts.SOCKADDR_NL, Layouts.NLMSGHDR, Layouts.IFINFOMSG,
            Layouts.IFADDRMSG, Layouts.RTATTR, 
            Layouts.SOCKADDR_LL, Layouts.TPACKET_REQ3,
            Layouts.TPACKET_HDR_V1, Layouts.TPACKET_BLOCK_DESC, Layouts.TPACKET3_HDR, Layouts.TPACKET_STATS_V3,
            Layouts.PACKET_MREQ, Layouts.SOCK_FILTER, Layouts.SOCK_FPROG, Layouts.IFREQ);

    /** Nested fields: the path in the layout, and the C member designator gcc is asked about. */
    private static final List<Object[]> NESTED = List.of(
            new Object[] {Layouts.TPACKET_BLOCK_DESC, new String[] {"hdr", "block_status"}, "tpacket_block_desc.hdr.bh1.block_status"},
            new Object[] {Layouts.TPACKET_BLOCK_DESC, new String[] {"hdr", "num_pkts"}, "tpacket_block_desc.hdr.bh1.num_pkts"},
            new Object[] {Layouts.TPACKET_BLOCK_DESC, new String[] {"hdr", "offset_to_first_pkt"}, "tpacket_block_desc.hdr.bh1.offset_to_first_pkt"},
            new Object[] {Layouts.TPACKET3_HDR, new String[] {"hv1", "tp_vlan_tci"}, "tpacket3_hdr.hv1.tp_vlan_tci"},
            new Object[] {Layouts.IFREQ, new String[] {"ifr_ifru", "ifr_hwaddr"}, "ifreq.ifr_hwaddr"},
            new Object[] {Layouts.IFREQ, new String[] {"ifr_ifru", "ifr_mtu"}, "ifreq.ifr_mtu"});

    @Test
    void layoutsMatchTheCHeaders() throws Exception {
        Map<String, Long> c = compileAndRun();
        int checked = 0;
        for (StructLayout s : STRUCTS) {
            String name = s.name().orElseThrow();
            assertThat(s.byteSize()).as("sizeof(struct %s)", name).isEqualTo(c.get(name));
            for (var m : s.memberLayouts()) {
                if (m.name().isEmpty()) continue; // padding
                String field = m.name().get();
                String key = name + "." + field;
                assertThat(c).as("gcc printed %s", key).containsKey(key);
                assertThat(Layouts.offset(s, field)).as("offsetof(struct %s, %s)", name, field).isEqualTo(c.get(key));
                checked++;
            }
        }
        for (Object[] n : NESTED)
            assertThat(Layouts.offset((StructLayout) n[0], (String[]) n[1])).as("offsetof %s", n[2]).isEqualTo(c.get((String) n[2]));
        assertThat(Layouts.TPACKET_HDR_V1.byteSize()).as("sizeof(struct tpacket_hdr_v1)").isEqualTo(c.get("tpacket_hdr_v1"));
        assertThat(Layouts.CMSG_DATA_OFFSET).as("CMSG_DATA offset").isEqualTo(c.get("CMSG_DATA"));
        assertThat((long) Layouts.MAXVIFS).isEqualTo(c.get("MAXVIFS"));
        assertThat(c.get("mfcctl.ttls_size")).isEqualTo((long) Layouts.MAXVIFS);
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void constantsMatchTheCHeaders() throws Exception {
        Map<String, Long> c = compileAndRun();
        assertThat(c.get("MRT_INIT")).isEqualTo(200L);
        assertThat(c.get("MRT_ADD_MFC")).isEqualTo(204L);
        assertThat(c.get("VIFF_USE_IFINDEX")).isEqualTo((long) net.igmp.linux.mroute.MrouteSocket.VIFF_USE_IFINDEX);
        assertThat(c.get("SIOCGETSGCNT")).isEqualTo(net.igmp.linux.mroute.MrouteSocket.SIOCGETSGCNT);
        assertThat(c.get("IP_PKTINFO")).isEqualTo((long) Libc.IP_PKTINFO);
        assertThat(c.get("IP_MULTICAST_ALL")).isEqualTo((long) Libc.IP_MULTICAST_ALL);
        assertThat(c.get("IP_MULTICAST_IF")).isEqualTo((long) Libc.IP_MULTICAST_IF);
        assertThat(c.get("IP_ADD_MEMBERSHIP")).isEqualTo((long) Libc.IP_ADD_MEMBERSHIP);
        assertThat(c.get("SOCK_NONBLOCK")).isEqualTo((long) Libc.SOCK_NONBLOCK);
        assertThat(c.get("SOCK_CLOEXEC")).isEqualTo((long) Libc.SOCK_CLOEXEC);
        assertThat(c.get("EADDRINUSE")).isEqualTo((long) Errno.EADDRINUSE);
        assertThat(c.get("ENOPROTOOPT")).isEqualTo((long) Errno.ENOPROTOOPT);
        assertThat(c.get("IFF_MULTICAST")).isEqualTo((long) Libc.IFF_MULTICAST);
        assertThat(c.get("AF_NETLINK")).isEqualTo((long) Libc.AF_NETLINK);
        assertThat(c.get("NETLINK_ROUTE")).isEqualTo((long) Libc.NETLINK_ROUTE);
        assertThat(c.get("ENOBUFS")).isEqualTo((long) Errno.ENOBUFS);
        assertThat(c.get("RTMGRP_LINK")).isEqualTo((long) Rtnetlink.RTMGRP_LINK);
        assertThat(c.get("RTMGRP_IPV4_IFADDR")).isEqualTo((long) Rtnetlink.RTMGRP_IPV4_IFADDR);
        assertThat(c.get("RTM_NEWLINK")).isEqualTo((long) Rtnetlink.RTM_NEWLINK);
        assertThat(c.get("RTM_DELLINK")).isEqualTo((long) Rtnetlink.RTM_DELLINK);
        assertThat(c.get("RTM_NEWADDR")).isEqualTo((long) Rtnetlink.RTM_NEWADDR);
        assertThat(c.get("RTM_DELADDR")).isEqualTo((long) Rtnetlink.RTM_DELADDR);
        assertThat(c.get("NLMSG_NOOP")).isEqualTo((long) Rtnetlink.NLMSG_NOOP);
        assertThat(c.get("NLMSG_ERROR")).isEqualTo((long) Rtnetlink.NLMSG_ERROR);
        assertThat(c.get("NLMSG_DONE")).isEqualTo((long) Rtnetlink.NLMSG_DONE);
        assertThat(c.get("NLMSG_OVERRUN")).isEqualTo((long) Rtnetlink.NLMSG_OVERRUN);
        assertThat(c.get("NLMSG_ALIGNTO")).isEqualTo((long) Rtnetlink.ALIGNTO);
        assertThat(c.get("RTA_ALIGNTO")).isEqualTo((long) Rtnetlink.ALIGNTO);
        assertThat(c.get("IFLA_IFNAME")).isEqualTo((long) Rtnetlink.IFLA_IFNAME);
        assertThat(c.get("IFA_ADDRESS")).isEqualTo((long) Rtnetlink.IFA_ADDRESS);
        assertThat(c.get("IFA_LOCAL")).isEqualTo((long) Rtnetlink.IFA_LOCAL);
        assertThat(c.get("IFA_LABEL")).isEqualTo((long) Rtnetlink.IFA_LABEL);
        assertThat(c.get("AF_PACKET")).isEqualTo((long) Libc.AF_PACKET);
        assertThat(c.get("ETH_P_IP")).isEqualTo((long) Libc.ETH_P_IP);
        assertThat(c.get("SOL_PACKET")).isEqualTo((long) Libc.SOL_PACKET);
        assertThat(c.get("SO_ATTACH_FILTER")).isEqualTo((long) Libc.SO_ATTACH_FILTER);
        assertThat(c.get("PACKET_ADD_MEMBERSHIP")).isEqualTo((long) Libc.PACKET_ADD_MEMBERSHIP);
        assertThat(c.get("PACKET_RX_RING")).isEqualTo((long) Libc.PACKET_RX_RING);
        assertThat(c.get("PACKET_STATISTICS")).isEqualTo((long) Libc.PACKET_STATISTICS);
        assertThat(c.get("PACKET_VERSION")).isEqualTo((long) Libc.PACKET_VERSION);
        assertThat(c.get("PACKET_IGNORE_OUTGOING")).isEqualTo((long) Libc.PACKET_IGNORE_OUTGOING);
        assertThat(c.get("PACKET_MR_ALLMULTI")).isEqualTo((long) Libc.PACKET_MR_ALLMULTI);
        assertThat(c.get("TPACKET_V3")).isEqualTo((long) Libc.TPACKET_V3);
        assertThat(c.get("PACKET_OUTGOING")).isEqualTo((long) Libc.PACKET_OUTGOING);
        assertThat(c.get("TP_STATUS_USER")).isEqualTo((long) Libc.TP_STATUS_USER);
        assertThat(c.get("SIOCGIFHWADDR")).isEqualTo(Libc.SIOCGIFHWADDR);
        assertThat(c.get("SIOCGIFMTU")).isEqualTo(Libc.SIOCGIFMTU);
        assertThat(c.get("MAP_SHARED")).isEqualTo((long) Libc.MAP_SHARED);
        assertThat(c.get("PROT_WRITE")).isEqualTo((long) Libc.PROT_WRITE);
        assertThat(c.get("ARPHRD_ETHER")).isEqualTo(1L);
        assertThat(c.get("TPACKET3_SLL")).as("TPACKET_ALIGN(sizeof(struct tpacket3_hdr))").isEqualTo((Layouts.TPACKET3_HDR.byteSize() + 15) & ~15L);
    }

    private static final String PROGRAM = """
            #include <stdio.h>
            #include <stddef.h>
            #include <errno.h>
            #include <poll.h>
            #include <ifaddrs.h>
            #include <net/if.h>
            #include <netinet/in.h>
            #include <sys/socket.h>
            #include <sys/uio.h>
            #include <linux/mroute.h>
            #include <linux/netlink.h>
            #include <linux/rtnetlink.h>
            #include <linux/if_addr.h>
            #include <linux/if_link.h>
            #include <linux/if_packet.h>
            #include <linux/if_ether.h>
            #include <linux/if_arp.h>
            #include <linux/filter.h>
            #include <sys/ioctl.h>
            #include <sys/mman.h>
            #define S(t) printf(#t " %zu\\n", sizeof(struct t));
            #define O(t, f) printf(#t "." #f " %zu\\n", offsetof(struct t, f));
            #define C(n) printf(#n " %ld\\n", (long) (n));
            int main(void) {
              S(sockaddr_in) O(sockaddr_in, sin_family) O(sockaddr_in, sin_port) O(sockaddr_in, sin_addr) O(sockaddr_in, sin_zero)
              S(in_pktinfo) O(in_pktinfo, ipi_ifindex) O(in_pktinfo, ipi_spec_dst) O(in_pktinfo, ipi_addr)
              S(ip_mreqn) O(ip_mreqn, imr_multiaddr) O(ip_mreqn, imr_address) O(ip_mreqn, imr_ifindex)
              S(iovec) O(iovec, iov_base) O(iovec, iov_len)
              S(msghdr) O(msghdr, msg_name) O(msghdr, msg_namelen) O(msghdr, msg_iov) O(msghdr, msg_iovlen)
              O(msghdr, msg_control) O(msghdr, msg_controllen) O(msghdr, msg_flags)
              S(cmsghdr) O(cmsghdr, cmsg_len) O(cmsghdr, cmsg_level) O(cmsghdr, cmsg_type)
              { struct cmsghdr c; printf("CMSG_DATA %ld\\n", (long) ((unsigned char *) CMSG_DATA(&c) - (unsigned char *) &c)); }
              S(pollfd) O(pollfd, fd) O(pollfd, events) O(pollfd, revents)
              S(vifctl) O(vifctl, vifc_vifi) O(vifctl, vifc_flags) O(vifctl, vifc_threshold) O(vifctl, vifc_rate_limit)
              O(vifctl, vifc_lcl_ifindex) O(vifctl, vifc_rmt_addr)
              S(mfcctl) O(mfcctl, mfcc_origin) O(mfcctl, mfcc_mcastgrp) O(mfcctl, mfcc_parent) O(mfcctl, mfcc_ttls)
              O(mfcctl, mfcc_pkt_cnt) O(mfcctl, mfcc_byte_cnt) O(mfcctl, mfcc_wrong_if) O(mfcctl, mfcc_expire)
              { struct mfcctl m; printf("mfcctl.ttls_size %zu\\n", sizeof(m.mfcc_ttls)); }
              S(igmpmsg) O(igmpmsg, unused1) O(igmpmsg, unused2) O(igmpmsg, im_msgtype) O(igmpmsg, im_mbz)
              O(igmpmsg, im_vif) O(igmpmsg, im_vif_hi) O(igmpmsg, im_src) O(igmpmsg, im_dst)
              S(sioc_sg_req) O(sioc_sg_req, src) O(sioc_sg_req, grp) O(sioc_sg_req, pktcnt) O(sioc_sg_req, bytecnt) O(sioc_sg_req, wrong_if)
              S(ifaddrs) O(ifaddrs, ifa_next) O(ifaddrs, ifa_name) O(ifaddrs, ifa_flags) O(ifaddrs, ifa_addr)
              O(ifaddrs, ifa_netmask) O(ifaddrs, ifa_ifu) O(ifaddrs, ifa_data)
              S(sockaddr_nl) O(sockaddr_nl, nl_family) O(sockaddr_nl, nl_pad) O(sockaddr_nl, nl_pid) O(sockaddr_nl, nl_groups)
              S(nlmsghdr) O(nlmsghdr, nlmsg_len) O(nlmsghdr, nlmsg_type) O(nlmsghdr, nlmsg_flags) O(nlmsghdr, nlmsg_seq) O(nlmsghdr, nlmsg_pid)
              S(ifinfomsg) O(ifinfomsg, ifi_family) O(ifinfomsg, __ifi_pad) O(ifinfomsg, ifi_type) O(ifinfomsg, ifi_index)
              O(ifinfomsg, ifi_flags) O(ifinfomsg, ifi_change)
              S(ifaddrmsg) O(ifaddrmsg, ifa_family) O(ifaddrmsg, ifa_prefixlen) O(ifaddrmsg, ifa_flags) O(ifaddrmsg, ifa_scope) O(ifaddrmsg, ifa_index)
              S(rtattr) O(rtattr, rta_len) O(rtattr, rta_type)
              C(AF_NETLINK) C(NETLINK_ROUTE) C(ENOBUFS) C(RTMGRP_LINK) C(RTMGRP_IPV4_IFADDR) C(RTM_NEWLINK) C(RTM_DELLINK)
              C(RTM_NEWADDR) C(RTM_DELADDR) C(NLMSG_NOOP) C(NLMSG_ERROR) C(NLMSG_DONE) C(NLMSG_OVERRUN) C(NLMSG_ALIGNTO)
              C(RTA_ALIGNTO) C(IFLA_IFNAME) C(IFA_ADDRESS) C(IFA_LOCAL) C(IFA_LABEL)
              S(sockaddr_ll) O(sockaddr_ll, sll_family) O(sockaddr_ll, sll_protocol) O(sockaddr_ll, sll_ifindex)
              O(sockaddr_ll, sll_hatype) O(sockaddr_ll, sll_pkttype) O(sockaddr_ll, sll_halen) O(sockaddr_ll, sll_addr)
              S(tpacket_req3) O(tpacket_req3, tp_block_size) O(tpacket_req3, tp_block_nr) O(tpacket_req3, tp_frame_size)
              O(tpacket_req3, tp_frame_nr) O(tpacket_req3, tp_retire_blk_tov) O(tpacket_req3, tp_sizeof_priv) O(tpacket_req3, tp_feature_req_word)
              S(tpacket_hdr_v1) O(tpacket_hdr_v1, block_status) O(tpacket_hdr_v1, num_pkts) O(tpacket_hdr_v1, offset_to_first_pkt)
              O(tpacket_hdr_v1, blk_len) O(tpacket_hdr_v1, seq_num)
              printf("tpacket_hdr_v1.ts_first_last %zu\\n", offsetof(struct tpacket_hdr_v1, ts_first_pkt));
              S(tpacket_block_desc) O(tpacket_block_desc, version) O(tpacket_block_desc, offset_to_priv) O(tpacket_block_desc, hdr)
              O(tpacket_block_desc, hdr.bh1.block_status) O(tpacket_block_desc, hdr.bh1.num_pkts) O(tpacket_block_desc, hdr.bh1.offset_to_first_pkt)
              S(tpacket3_hdr) O(tpacket3_hdr, tp_next_offset) O(tpacket3_hdr, tp_sec) O(tpacket3_hdr, tp_nsec) O(tpacket3_hdr, tp_snaplen)
              O(tpacket3_hdr, tp_len) O(tpacket3_hdr, tp_status) O(tpacket3_hdr, tp_mac) O(tpacket3_hdr, tp_net) O(tpacket3_hdr, hv1)
              O(tpacket3_hdr, hv1.tp_vlan_tci) O(tpacket3_hdr, tp_padding)
              S(tpacket_stats_v3) O(tpacket_stats_v3, tp_packets) O(tpacket_stats_v3, tp_drops) O(tpacket_stats_v3, tp_freeze_q_cnt)
              S(packet_mreq) O(packet_mreq, mr_ifindex) O(packet_mreq, mr_type) O(packet_mreq, mr_alen) O(packet_mreq, mr_address)
              S(sock_filter) O(sock_filter, code) O(sock_filter, jt) O(sock_filter, jf) O(sock_filter, k)
              S(sock_fprog) O(sock_fprog, len) O(sock_fprog, filter)
              S(ifreq) O(ifreq, ifr_name) O(ifreq, ifr_ifru) O(ifreq, ifr_hwaddr) O(ifreq, ifr_mtu)
              printf("TPACKET3_SLL %ld\\n", (long) TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));
              C(AF_PACKET) C(ETH_P_IP) C(SOL_PACKET) C(SO_ATTACH_FILTER) C(PACKET_ADD_MEMBERSHIP) C(PACKET_RX_RING)
              C(PACKET_STATISTICS) C(PACKET_VERSION) C(PACKET_IGNORE_OUTGOING) C(PACKET_MR_ALLMULTI) C(TPACKET_V3)
              C(PACKET_OUTGOING) C(TP_STATUS_USER) C(SIOCGIFHWADDR) C(SIOCGIFMTU) C(MAP_SHARED) C(PROT_WRITE) C(ARPHRD_ETHER)
              C(MAXVIFS) C(MRT_INIT) C(MRT_ADD_MFC) C(VIFF_USE_IFINDEX) C(SIOCGETSGCNT) C(IP_PKTINFO) C(IP_MULTICAST_ALL)
              C(IP_MULTICAST_IF) C(IP_ADD_MEMBERSHIP) C(SOCK_NONBLOCK) C(SOCK_CLOEXEC) C(EADDRINUSE) C(ENOPROTOOPT) C(IFF_MULTICAST)
              return 0;
            }
            """;

    private static Map<String, Long> cached;

    private static synchronized Map<String, Long> compileAndRun() throws IOException, InterruptedException {
        if (cached != null) return cached;
        if (!onPath("gcc")) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but gcc is not installed");
            Assumptions.abort("skipped: gcc is not installed, cannot read the C headers");
        }
        Path dir = Files.createTempDirectory("igmp-layouts");
        try {
            Path src = dir.resolve("layouts.c");
            Path bin = dir.resolve("layouts");
            Files.writeString(src, PROGRAM);
            run(List.of("gcc", "-o", bin.toString(), src.toString()));
            String out = run(List.of(bin.toString()));
            Map<String, Long> m = new HashMap<>();
            for (String line : out.split("\n")) {
                String[] kv = line.trim().split(" ");
                if (kv.length == 2) m.put(kv[0], Long.parseLong(kv[1]));
            }
            cached = m;
            return m;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (new java.io.File(dir, command).canExecute()) return true;
        return false;
    }
}
