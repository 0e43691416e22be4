package net.igmp.linux.mroute;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.igmp.linux.ffm.Errno;
import net.igmp.linux.ffm.ErrnoException;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.ffm.Libc;
import net.igmp.wire.Ipv4;

/**
 * The namespace's multicast routing socket: one raw IGMP socket on which MRT_INIT was done. IGMP packets and
 * the kernel's upcalls are read from it, queries are sent through it, and VIFs and MFC entries are managed with
 * it (linux/mroute.h, ip(7), and the kernel's net/ipv4/ipmr.c). Closing it removes every VIF and MFC entry.
 *
 * <p>Used by one thread at a time (the daemon loop); {@link #close()} may come from a shutdown hook.
 */
public final class MrouteSocket implements AutoCloseable, MfcTable.Kernel {
    public static final int MRT_INIT = 200;
    public static final int MRT_DONE = 201;
    public static final int MRT_ADD_VIF = 202;
    public static final int MRT_DEL_VIF = 203;
    public static final int MRT_ADD_MFC = 204;
    public static final int MRT_DEL_MFC = 205;
    public static final int MRT_ASSERT = 207;
    /** vifctl flag: {@code vifc_lcl_ifindex} holds an interface index rather than an address. */
    public static final int VIFF_USE_IFINDEX = 0x8;
    /** SIOCPROTOPRIVATE + 1: read the packet counters of one (S,G) entry. */
    public static final long SIOCGETSGCNT = 0x89E1;
    /** RFC 2113 Router Alert, as IP_OPTIONS: type 148, length 4, value 0 ("examine this packet"). */
    static final byte[] ROUTER_ALERT = {(byte) 0x94, 0x04, 0x00, 0x00};
    /** RFC 9776 section 4: IGMP goes out with IP Precedence Internetwork Control. */
    static final int TOS_INTERNETWORK_CONTROL = 0xC0;

    // Field offsets, resolved once: Layouts.offset walks the layout on every call.
    private static final long OFF_CMSGHDR_CMSG_LEN = Layouts.offset(Layouts.CMSGHDR, "cmsg_len");
    private static final long OFF_CMSGHDR_CMSG_LEVEL = Layouts.offset(Layouts.CMSGHDR, "cmsg_level");
    private static final long OFF_CMSGHDR_CMSG_TYPE = Layouts.offset(Layouts.CMSGHDR, "cmsg_type");
    private static final long OFF_IN_PKTINFO_IPI_IFINDEX = Layouts.offset(Layouts.IN_PKTINFO, "ipi_ifindex");
    private static final long OFF_IOVEC_IOV_BASE = Layouts.offset(Layouts.IOVEC, "iov_base");
    private static final long OFF_IOVEC_IOV_LEN = Layouts.offset(Layouts.IOVEC, "iov_len");
    private static final long OFF_IP_MREQN_IMR_IFINDEX = Layouts.offset(Layouts.IP_MREQN, "imr_ifindex");
    private static final long OFF_IP_MREQN_IMR_MULTIADDR = Layouts.offset(Layouts.IP_MREQN, "imr_multiaddr");
    private static final long OFF_MFCCTL_MFCC_MCASTGRP = Layouts.offset(Layouts.MFCCTL, "mfcc_mcastgrp");
    private static final long OFF_MFCCTL_MFCC_ORIGIN = Layouts.offset(Layouts.MFCCTL, "mfcc_origin");
    private static final long OFF_MFCCTL_MFCC_PARENT = Layouts.offset(Layouts.MFCCTL, "mfcc_parent");
    private static final long OFF_MFCCTL_MFCC_TTLS = Layouts.offset(Layouts.MFCCTL, "mfcc_ttls");
    private static final long OFF_MSGHDR_MSG_CONTROL = Layouts.offset(Layouts.MSGHDR, "msg_control");
    private static final long OFF_MSGHDR_MSG_CONTROLLEN = Layouts.offset(Layouts.MSGHDR, "msg_controllen");
    private static final long OFF_MSGHDR_MSG_IOV = Layouts.offset(Layouts.MSGHDR, "msg_iov");
    private static final long OFF_MSGHDR_MSG_IOVLEN = Layouts.offset(Layouts.MSGHDR, "msg_iovlen");
    private static final long OFF_SIOC_SG_REQ_GRP = Layouts.offset(Layouts.SIOC_SG_REQ, "grp");
    private static final long OFF_SIOC_SG_REQ_SRC = Layouts.offset(Layouts.SIOC_SG_REQ, "src");
    private static final long OFF_SOCKADDR_IN_SIN_ADDR = Layouts.offset(Layouts.SOCKADDR_IN, "sin_addr");
    private static final long OFF_SOCKADDR_IN_SIN_FAMILY = Layouts.offset(Layouts.SOCKADDR_IN, "sin_family");
    private static final long OFF_VIFCTL_VIFC_FLAGS = Layouts.offset(Layouts.VIFCTL, "vifc_flags");
    private static final long OFF_VIFCTL_VIFC_LCL_IFINDEX = Layouts.offset(Layouts.VIFCTL, "vifc_lcl_ifindex");
    private static final long OFF_VIFCTL_VIFC_THRESHOLD = Layouts.offset(Layouts.VIFCTL, "vifc_threshold");
    private static final long OFF_VIFCTL_VIFC_VIFI = Layouts.offset(Layouts.VIFCTL, "vifc_vifi");
    private static final int RECV_BUFFER = 65536;
    private static final int CONTROL_BUFFER = 256;

    private final int fd;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment recvBuf, recvIov, recvMsg, recvControl;
    private final MemorySegment sendBuf, sendAddr, mreqn;
    private final java.util.Map<Integer, Integer> membershipSockets = new java.util.HashMap<>();
    private volatile boolean closed;
    /** The interface IP_MULTICAST_IF was last set to, so that runs of sends on one interface set it once. */
    private int multicastIf = -1;

    private MrouteSocket(int fd) {
        this.fd = fd;
        recvBuf = arena.allocate(RECV_BUFFER, 8);
        recvIov = arena.allocate(Layouts.IOVEC);
        recvControl = arena.allocate(CONTROL_BUFFER, 8);
        recvMsg = arena.allocate(Layouts.MSGHDR);
        sendBuf = arena.allocate(RECV_BUFFER, 8);
        sendAddr = arena.allocate(Layouts.SOCKADDR_IN);
        mreqn = arena.allocate(Layouts.IP_MREQN);
    }

    /**
     * Opens the raw IGMP socket and makes it the namespace's multicast router (MRT_INIT), with IP_PKTINFO on,
     * multicast loopback off (the router does not hear its own queries), TTL 1 and Router Alert on what it sends.
     */
    public static MrouteSocket open() throws MrouteException {
        MrouteSocket s = openIgmp();
        try {
            s.initRouting();
            return s;
        } catch (MrouteException e) {
            s.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens the raw IGMP socket set up as in {@link #open()} but without MRT_INIT: IGMP in and out only (needs
     * CAP_NET_RAW alone). {@link #initRouting()} can make it the multicast router socket later.
     */
    public static MrouteSocket openIgmp() throws MrouteException {
        int fd;
        try {
            fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, Libc.IPPROTO_IGMP);
        } catch (ErrnoException e) {
            throw explainSocket(e);
        }
        MrouteSocket s = new MrouteSocket(fd);
        try {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, 0);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, 1);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_TTL, 1);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_TOS, TOS_INTERNETWORK_CONTROL);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_OPTIONS, ROUTER_ALERT);
            // A burst of reports (thousands of groups at once) must not overflow the default receive buffer.
            try {
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 32 << 20);
            } catch (ErrnoException e) {
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 32 << 20);
            }
            return s;
        } catch (ErrnoException e) {
            s.closeQuietly();
            throw new MrouteException("cannot set up the raw IGMP socket: " + e.getMessage(), e.errno(), e);
        }
    }

    /**
     * Attaches a socket filter that drops everything: the socket then only sends. For a daemon that reads IGMP
     * elsewhere (the user data plane's packet socket), so that nothing is read twice.
     */
    public void sendOnly() throws MrouteException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insn = a.allocate(Layouts.SOCK_FILTER);
            insn.set(JAVA_SHORT, Layouts.offset(Layouts.SOCK_FILTER, "code"), (short) 0x06); // ret #0
            MemorySegment prog = a.allocate(Layouts.SOCK_FPROG);
            prog.set(JAVA_SHORT, Layouts.offset(Layouts.SOCK_FPROG, "len"), (short) 1);
            prog.set(ADDRESS, Layouts.offset(Layouts.SOCK_FPROG, "filter"), insn);
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, prog);
        } catch (ErrnoException e) {
            throw new MrouteException("cannot make the IGMP socket send-only: " + e.getMessage(), e.errno(), e);
        }
    }

    /** MRT_INIT: this socket becomes the namespace's multicast routing socket (the kernel data plane). */
    public void initRouting() throws MrouteException {
        try {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_INIT, 1);
        } catch (ErrnoException e) {
            throw explainInit(e);
        }
    }

    public int fd() {
        return fd;
    }

    /** MRT_ADD_VIF for an interface by index (VIFF_USE_IFINDEX), threshold 1, no rate limit. */
    public void addVif(int vifi, int ifindex, String ifName) throws MrouteException {
        addVif(vifi, ifindex, ifName, 1);
    }

    /** MRT_ADD_VIF with a TTL threshold: the kernel forwards out of it only packets whose TTL exceeds it. */
    public void addVif(int vifi, int ifindex, String ifName, int ttlThreshold) throws MrouteException {
        if (vifi < 0 || vifi >= Layouts.MAXVIFS)
            throw new MrouteException("too many interfaces: the kernel supports at most " + Layouts.MAXVIFS
                    + " multicast VIFs (MAXVIFS in linux/mroute.h); route fewer interfaces");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Layouts.VIFCTL);
            v.set(JAVA_SHORT, OFF_VIFCTL_VIFC_VIFI, (short) vifi);
            v.set(JAVA_BYTE, OFF_VIFCTL_VIFC_FLAGS, (byte) VIFF_USE_IFINDEX);
            v.set(JAVA_BYTE, OFF_VIFCTL_VIFC_THRESHOLD, (byte) ttlThreshold);
            v.set(JAVA_INT, OFF_VIFCTL_VIFC_LCL_IFINDEX, ifindex);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_ADD_VIF, v);
        } catch (ErrnoException e) {
            throw switch (e.errno()) {
                case Errno.ENFILE -> new MrouteException("too many interfaces: the kernel supports at most "
                        + Layouts.MAXVIFS + " multicast VIFs (MAXVIFS)", e.errno(), e);
                case Errno.EADDRINUSE -> new MrouteException("VIF " + vifi + " is already in use", e.errno(), e);
                case Errno.ENODEV, Errno.EADDRNOTAVAIL -> new MrouteException("interface " + ifName + " (index " + ifindex
                        + ") disappeared or cannot do multicast", e.errno(), e);
                default -> new MrouteException("cannot add " + ifName + " as VIF " + vifi + ": " + e.getMessage(), e.errno(), e);
            };
        }
    }

    public void delVif(int vifi) throws MrouteException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Layouts.VIFCTL);
            v.set(JAVA_SHORT, OFF_VIFCTL_VIFC_VIFI, (short) vifi);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_DEL_VIF, v);
        } catch (ErrnoException e) {
            throw new MrouteException("cannot remove VIF " + vifi + ": " + e.getMessage(), e.errno(), e);
        }
    }

    /**
     * MRT_ADD_MFC: forward (source, group) arriving on {@code parentVif} to every VIF whose {@code ttls} entry is
     * non-zero (datagrams with an IP TTL above that value go out). Replaces an existing entry.
     */
    @Override
    public void addMfc(int source, int group, int parentVif, byte[] ttls) throws MrouteException {
        if (ttls.length > Layouts.MAXVIFS) throw new IllegalArgumentException("ttls has " + ttls.length + " entries");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = mfcctl(a, source, group);
            m.set(JAVA_SHORT, OFF_MFCCTL_MFCC_PARENT, (short) parentVif);
            MemorySegment.copy(ttls, 0, m, JAVA_BYTE, OFF_MFCCTL_MFCC_TTLS, ttls.length);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_ADD_MFC, m);
        } catch (ErrnoException e) {
            throw new MrouteException("cannot add the forwarding entry (" + Ipv4.format(source) + ", " + Ipv4.format(group)
                    + "): " + e.getMessage(), e.errno(), e);
        }
    }

    /** MRT_DEL_MFC; returns false when the kernel had no such entry. */
    @Override
    public boolean delMfc(int source, int group) throws MrouteException {
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_DEL_MFC, mfcctl(a, source, group));
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) return false;
            throw new MrouteException("cannot remove the forwarding entry (" + Ipv4.format(source) + ", " + Ipv4.format(group)
                    + "): " + e.getMessage(), e.errno(), e);
        }
    }

    private static MemorySegment mfcctl(Arena a, int source, int group) {
        MemorySegment m = a.allocate(Layouts.MFCCTL);
        m.set(Layouts.BE_INT, OFF_MFCCTL_MFCC_ORIGIN, source);
        m.set(Layouts.BE_INT, OFF_MFCCTL_MFCC_MCASTGRP, group);
        return m;
    }

    /** Packets that matched the (source, group) entry so far (SIOCGETSGCNT), or -1 when there is no entry. */
    @Override
    public long packetCount(int source, int group) {
        return sgCounter(source, group, "pktcnt");
    }

    /** Packets of the entry that arrived on another interface than its inbound one, or -1 when there is no entry. */
    @Override
    public long wrongInterfaceCount(int source, int group) {
        return sgCounter(source, group, "wrong_if");
    }

    private long sgCounter(int source, int group, String field) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(Layouts.SIOC_SG_REQ);
            r.set(Layouts.BE_INT, OFF_SIOC_SG_REQ_SRC, source);
            r.set(Layouts.BE_INT, OFF_SIOC_SG_REQ_GRP, group);
            Libc.ioctl(fd, SIOCGETSGCNT, r);
            return r.get(JAVA_LONG, Layouts.offset(Layouts.SIOC_SG_REQ, field));
        } catch (ErrnoException e) {
            return -1;
        }
    }

    /** MRT_ASSERT on or off: WRONGVIF upcalls are only sent while it is on. */
    public void setAssert(boolean on) throws MrouteException {
        try {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_ASSERT, on ? 1 : 0);
        } catch (ErrnoException e) {
            throw new MrouteException("MRT_ASSERT: " + e.getMessage(), e.errno(), e);
        }
    }

    /** IP_ADD_MEMBERSHIP of {@code group} on the interface, for this socket. */
    public void join(int group, int ifindex) throws ErrnoException {
        membership(Libc.IP_ADD_MEMBERSHIP, group, ifindex);
    }

    public void leave(int group, int ifindex) throws ErrnoException {
        membership(Libc.IP_DROP_MEMBERSHIP, group, ifindex);
    }

    private void membership(int op, int group, int ifindex) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, op, mreqn(a, group, ifindex));
        }
    }

    /**
     * Makes the kernel accept, on interface {@code ifindex}, packets sent to 224.0.0.2 (v2 Leave Group) and
     * 224.0.0.22 (v3 reports). Link-local groups are delivered only when joined; the joins are held by a UDP socket
     * of their own per interface, so they do not count against this socket's {@code igmp_max_memberships}
     * (20 by default, which would cap the router at ten interfaces).
     */
    public void joinRouterGroups(int ifindex) throws ErrnoException {
        if (membershipSockets.containsKey(ifindex)) return;
        int udp = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, Libc.IPPROTO_UDP);
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockopt(udp, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn(a, Ipv4.ALL_ROUTERS, ifindex));
            Libc.setsockopt(udp, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn(a, Ipv4.ALL_IGMPV3_ROUTERS, ifindex));
        } catch (ErrnoException e) {
            Libc.close(udp);
            throw e;
        }
        membershipSockets.put(ifindex, udp);
    }

    /** Undoes {@link #joinRouterGroups}. */
    public void leaveRouterGroups(int ifindex) {
        Integer udp = membershipSockets.remove(ifindex);
        if (udp == null) return;
        try {
            Libc.close(udp);
        } catch (ErrnoException ignored) {
            // the joins go with the socket either way
        }
    }

    static MemorySegment mreqn(Arena a, int group, int ifindex) {
        MemorySegment m = a.allocate(Layouts.IP_MREQN);
        m.set(Layouts.BE_INT, OFF_IP_MREQN_IMR_MULTIADDR, group);
        m.set(JAVA_INT, OFF_IP_MREQN_IMR_IFINDEX, ifindex);
        return m;
    }

    /** What {@link #receive} read. */
    public sealed interface Received {}

    /**
     * An IPv4 packet carrying IGMP, copied to the start of the caller's buffer.
     *
     * @param ifindex the interface it arrived on (IP_PKTINFO), 0 if the kernel did not say
     */
    public record Packet(int ifindex, int length) implements Received {}

    /** A kernel upcall. */
    public record KernelUpcall(Upcall upcall) implements Received {}

    /** A datagram too short to be either (counted as malformed by the caller). */
    public record Runt(int ifindex, int length) implements Received {}

    /** Reads one message without blocking; returns null when nothing is queued. */
    public Received receive(byte[] into) throws ErrnoException {
        recvIov.set(ADDRESS, OFF_IOVEC_IOV_BASE, recvBuf);
        recvIov.set(JAVA_LONG, OFF_IOVEC_IOV_LEN, Math.min(into.length, RECV_BUFFER));
        recvMsg.fill((byte) 0);
        recvMsg.set(ADDRESS, OFF_MSGHDR_MSG_IOV, recvIov);
        recvMsg.set(JAVA_LONG, OFF_MSGHDR_MSG_IOVLEN, 1L);
        recvMsg.set(ADDRESS, OFF_MSGHDR_MSG_CONTROL, recvControl);
        recvMsg.set(JAVA_LONG, OFF_MSGHDR_MSG_CONTROLLEN, (long) CONTROL_BUFFER);
        long n = Libc.recvmsg(fd, recvMsg, Libc.MSG_DONTWAIT);
        if (n < 0) return null;
        int len = (int) n;
        MemorySegment.copy(recvBuf, JAVA_BYTE, 0, into, 0, len);
        int ifindex = arrivalInterface(recvControl, recvMsg.get(JAVA_LONG, OFF_MSGHDR_MSG_CONTROLLEN));
        if (len < Upcall.SIZE) return new Runt(ifindex, len);
        // The kernel's upcalls overlay an IPv4 header with protocol 0 (struct igmpmsg, im_mbz).
        if (into[9] == 0) {
            Upcall u = Upcall.parse(into, 0, len);
            return u == null ? new Runt(ifindex, len) : new KernelUpcall(u);
        }
        return new Packet(ifindex, len);
    }

    /** Walks the control messages for IP_PKTINFO. */
    static int arrivalInterface(MemorySegment control, long controlLen) {
        long off = 0;
        long hdr = Layouts.CMSGHDR.byteSize();
        while (off + hdr <= controlLen) {
            long cmsgLen = control.get(JAVA_LONG, off + OFF_CMSGHDR_CMSG_LEN);
            int level = control.get(JAVA_INT, off + OFF_CMSGHDR_CMSG_LEVEL);
            int type = control.get(JAVA_INT, off + OFF_CMSGHDR_CMSG_TYPE);
            if (cmsgLen < hdr) break;
            if (level == Libc.IPPROTO_IP && type == Libc.IP_PKTINFO && cmsgLen >= hdr + Layouts.IN_PKTINFO.byteSize())
                return control.get(JAVA_INT, off + Layouts.CMSG_DATA_OFFSET + OFF_IN_PKTINFO_IPI_IFINDEX);
            off += (cmsgLen + 7) & ~7L; // CMSG_ALIGN
        }
        return 0;
    }

    /**
     * Sends an IGMP message (without IP header: the kernel adds it, with TTL 1 and Router Alert) to
     * {@code destination} out of interface {@code ifindex}.
     */
    public void send(int ifindex, int destination, byte[] igmp, int off, int len) throws ErrnoException {
        if (ifindex != multicastIf) {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqnInto(mreqn, 0, ifindex));
            multicastIf = ifindex;
        }
        MemorySegment.copy(igmp, off, sendBuf, JAVA_BYTE, 0, len);
        sendAddr.fill((byte) 0);
        sendAddr.set(JAVA_SHORT, OFF_SOCKADDR_IN_SIN_FAMILY, (short) Libc.AF_INET);
        sendAddr.set(Layouts.BE_INT, OFF_SOCKADDR_IN_SIN_ADDR, destination);
        Libc.sendto(fd, sendBuf.asSlice(0, len), 0, sendAddr);
    }

    private static MemorySegment mreqnInto(MemorySegment m, int group, int ifindex) {
        m.fill((byte) 0);
        m.set(Layouts.BE_INT, OFF_IP_MREQN_IMR_MULTIADDR, group);
        m.set(JAVA_INT, OFF_IP_MREQN_IMR_IFINDEX, ifindex);
        return m;
    }

    /** MRT_DONE and close: the kernel drops every VIF and MFC entry this socket made. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, MRT_DONE, 1);
        } catch (ErrnoException ignored) {
            // not initialised, or already done: closing below flushes the same state
        }
        for (int ifindex : java.util.List.copyOf(membershipSockets.keySet())) leaveRouterGroups(ifindex);
        closeQuietly();
    }

    public boolean isClosed() {
        return closed;
    }

    private void closeQuietly() {
        closed = true;
        try {
            Libc.close(fd);
        } catch (ErrnoException ignored) {
            // nothing left to release
        }
    }

    private static MrouteException explainSocket(ErrnoException e) {
        if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES)
            return new MrouteException("opening a raw IGMP socket is not permitted: run as root or with CAP_NET_RAW and CAP_NET_ADMIN", e.errno(), e);
        return new MrouteException("cannot open a raw IGMP socket: " + e.getMessage(), e.errno(), e);
    }

    private MrouteException explainInit(ErrnoException e) {
        return switch (e.errno()) {
            case Errno.EPERM, Errno.EACCES -> new MrouteException(
                    "multicast routing (MRT_INIT) needs CAP_NET_ADMIN: run as root or grant cap_net_admin", e.errno(), e);
            case Errno.EADDRINUSE -> new MrouteException("multicast routing is already taken in this network namespace"
                    + MrouteHolder.describe(fd).map(h -> " by " + h).orElse(" by another process (igmpproxy, pimd, smcroute, mrouted?)")
                    + "; stop it first", e.errno(), e);
            case Errno.ENOPROTOOPT, Errno.EOPNOTSUPP -> new MrouteException(
                    "this kernel has no IPv4 multicast routing (CONFIG_IP_MROUTE)", e.errno(), e);
            default -> new MrouteException("MRT_INIT failed: " + e.getMessage(), e.errno(), e);
        };
    }
}
