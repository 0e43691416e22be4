package net.igmp.linux.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import net.igmp.linux.dataplane.Forwarder.Counter;
import net.igmp.linux.dataplane.Forwarder.Port;
import net.igmp.linux.ffm.Errno;
import net.igmp.linux.ffm.ErrnoException;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.ffm.Libc;
import net.igmp.linux.mroute.MrouteException;

/**
 * The daemon's own multicast forwarding, for kernels without multicast routing or where it is taken: one AF_PACKET
 * socket on every interface with a TPACKET_V3 receive ring ({@link PacketRing}) and a classic BPF filter that
 * admits only IPv4 multicast outside 224.0.0.0/24, and IGMP, so that the kernel copies nothing else into the ring;
 * frames the host itself sends are not taken in (PACKET_IGNORE_OUTGOING, and the packet type besides). IGMP goes to
 * the control plane: without multicast routing the host's IP stack delivers no report sent to a group it has not
 * joined itself (IGMPv1/v2 reports go to the group), so the daemon reads IGMP here and not from its raw socket. Each
 * datagram is forwarded by the {@link Forwarder} and sent with one sendto(2) per copy, without blocking: a full
 * queue is a counted drop. Needs CAP_NET_RAW only.
 */
public final class UserDataPlane implements DataPlane {
    /** Blocks read per {@link #receive} call, so that the control plane gets its turn under a flood. */
    static final int BLOCKS_PER_ROUND = 32;
    private static final int ARPHRD_ETHER = 1;
    private static final int PACKET_DROP_MEMBERSHIP = 2;

    /**
     * The socket filter: accept (up to 256 KiB) IGMP, and IPv4 to 224.0.0.0/4 outside 224.0.0.0/24; drop everything
     * else. Offsets are from the Ethernet header (a SOCK_RAW packet socket).
     */
    static final int[][] FILTER = {
            {0x28, 0, 0, 12},          // ldh [12]           EtherType
            {0x15, 0, 9, 0x0800},      // jne #IPv4, drop
            {0x30, 0, 0, 23},          // ldb [23]           protocol
            {0x15, 6, 0, 2},           // jeq #IGMP, accept
            {0x20, 0, 0, 30},          // ld [30]            destination
            {0x54, 0, 0, 0xF0000000},  // and #0xf0000000
            {0x15, 0, 4, 0xE0000000},  // jne #224.0.0.0/4, drop
            {0x20, 0, 0, 30},          // ld [30]
            {0x54, 0, 0, 0xFFFFFF00},  // and #0xffffff00
            {0x15, 1, 0, 0xE0000000},  // jeq #224.0.0.0/24, drop
            {0x06, 0, 0, 0x40000},     // ret #262144        accept
            {0x06, 0, 0, 0},           // drop: ret #0
    };

    private final int fd;
    private final PacketRing ring;
    private final Forwarder forwarder;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment stats;
    private final PacketRing.FrameHandler handler = this::onFrame;
    private long now;
    private boolean closed, bound;

    private UserDataPlane(int fd, PacketRing ring) {
        this.fd = fd;
        this.ring = ring;
        this.forwarder = new Forwarder(this::transmit);
        this.stats = arena.allocate(Layouts.TPACKET_STATS_V3);
    }

    /** Opens the packet socket with its filter and ring, bound to IPv4 on every interface. */
    public static UserDataPlane open() throws MrouteException {
        int fd;
        try {
            fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES)
                throw new MrouteException("the user data plane needs CAP_NET_RAW for its packet socket: run as root or grant cap_net_raw", e.errno(), e);
            throw new MrouteException("cannot open the user data plane's packet socket: " + e.getMessage(), e.errno(), e);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(Layouts.SOCK_FILTER, FILTER.length);
            long insn = Layouts.SOCK_FILTER.byteSize();
            for (int i = 0; i < FILTER.length; i++) {
                prog.set(JAVA_SHORT, i * insn + Layouts.offset(Layouts.SOCK_FILTER, "code"), (short) FILTER[i][0]);
                prog.set(JAVA_BYTE, i * insn + Layouts.offset(Layouts.SOCK_FILTER, "jt"), (byte) FILTER[i][1]);
                prog.set(JAVA_BYTE, i * insn + Layouts.offset(Layouts.SOCK_FILTER, "jf"), (byte) FILTER[i][2]);
                prog.set(JAVA_INT, i * insn + Layouts.offset(Layouts.SOCK_FILTER, "k"), FILTER[i][3]);
            }
            MemorySegment fprog = a.allocate(Layouts.SOCK_FPROG);
            fprog.set(JAVA_SHORT, Layouts.offset(Layouts.SOCK_FPROG, "len"), (short) FILTER.length);
            fprog.set(java.lang.foreign.ValueLayout.ADDRESS, Layouts.offset(Layouts.SOCK_FPROG, "filter"), prog);
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, fprog);
            try {
                Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_IGNORE_OUTGOING, 1);
            } catch (ErrnoException e) {
                // before Linux 4.20: the Forwarder drops PACKET_OUTGOING frames itself
            }
            return new UserDataPlane(fd, PacketRing.attach(fd));
        } catch (ErrnoException e) {
            try {
                Libc.close(fd);
            } catch (ErrnoException ignored) {
                // nothing more to release
            }
            throw new MrouteException("cannot set up the user data plane (packet socket, filter, TPACKET_V3 ring): " + e.getMessage(), e.errno(), e);
        }
    }

    @Override
    public String name() {
        return "user";
    }

    /**
     * Binds the socket to IPv4 on every interface (the forwarder ignores those it does not route). Done with the
     * first interface, not at open: a ring that nobody reads (during start-up) would only fill and count drops.
     */
    private void bind() throws ErrnoException {
        if (bound) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sll = a.allocate(Layouts.SOCKADDR_LL);
            sll.set(JAVA_SHORT, Layouts.offset(Layouts.SOCKADDR_LL, "sll_family"), (short) Libc.AF_PACKET);
            sll.set(Layouts.BE_SHORT, Layouts.offset(Layouts.SOCKADDR_LL, "sll_protocol"), (short) Libc.ETH_P_IP);
            Libc.bind(fd, sll);
        }
        bound = true;
    }

    @Override
    public void addInterface(int vif, int ifindex, String ifName, int ttlThreshold) throws MrouteException {
        if (vif < 0 || vif >= Layouts.MAXVIFS)
            throw new MrouteException("too many interfaces: at most " + Layouts.MAXVIFS + " are routed (as the kernel's MAXVIFS)");
        vifThresholds[vif] = (byte) Math.clamp(ttlThreshold, 1, 255);
        byte[] mac = new byte[6];
        int mtu;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(Layouts.IFREQ);
            MemorySegment.copy(ifName.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, ifr, JAVA_BYTE, 0, ifName.length());
            Libc.ioctl(fd, Libc.SIOCGIFHWADDR, ifr);
            long hw = Layouts.offset(Layouts.IFREQ, "ifr_ifru", "ifr_hwaddr");
            int type = ifr.get(JAVA_SHORT, hw) & 0xFFFF;
            if (type != ARPHRD_ETHER)
                throw new MrouteException("interface " + ifName + " is not Ethernet (ARPHRD " + type + "); the user data plane forwards on Ethernet interfaces only");
            MemorySegment.copy(ifr, JAVA_BYTE, hw + 2, mac, 0, 6);
            Libc.ioctl(fd, Libc.SIOCGIFMTU, ifr);
            mtu = ifr.get(JAVA_INT, Layouts.offset(Layouts.IFREQ, "ifr_ifru", "ifr_mtu"));
            // all multicast frames, not only those of groups the host joined, must pass the device's filter
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_ADD_MEMBERSHIP, allMulti(a, ifindex));
            bind();
        } catch (ErrnoException e) {
            throw new MrouteException("cannot route " + ifName + " (index " + ifindex + ") on the user data plane: " + e.getMessage(), e.errno(), e);
        }
        Port p = new Port(vif, ifindex, ifName, mac, mtu);
        p.address = arena.allocate(Layouts.SOCKADDR_LL);
        p.address.set(JAVA_SHORT, Layouts.offset(Layouts.SOCKADDR_LL, "sll_family"), (short) Libc.AF_PACKET);
        p.address.set(Layouts.BE_SHORT, Layouts.offset(Layouts.SOCKADDR_LL, "sll_protocol"), (short) Libc.ETH_P_IP);
        p.address.set(JAVA_INT, Layouts.offset(Layouts.SOCKADDR_LL, "sll_ifindex"), ifindex);
        forwarder.addPort(p);
    }

    private static MemorySegment allMulti(Arena a, int ifindex) {
        MemorySegment m = a.allocate(Layouts.PACKET_MREQ);
        m.set(JAVA_INT, Layouts.offset(Layouts.PACKET_MREQ, "mr_ifindex"), ifindex);
        m.set(JAVA_SHORT, Layouts.offset(Layouts.PACKET_MREQ, "mr_type"), (short) Libc.PACKET_MR_ALLMULTI);
        return m;
    }

    @Override
    public void removeInterface(int vif) {
        Port p = forwarder.removePort(vif);
        if (p == null) return;
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockopt(fd, Libc.SOL_PACKET, PACKET_DROP_MEMBERSHIP, allMulti(a, p.ifindex));
        } catch (ErrnoException e) {
            // the device is gone, and its membership with it
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void receive(long now, Input input) {
        this.now = now;
        forwarder.input(input);
        ring.drain(handler, BLOCKS_PER_ROUND);
    }

    private void onFrame(MemorySegment s, long frame, int snaplen, int wireLen, int status, int ifindex, int pkttype) {
        forwarder.onFrame(s, frame, snaplen, wireLen, (status & Libc.TP_STATUS_CSUMNOTREADY) != 0, ifindex, pkttype, now);
    }

    private boolean transmit(Port port, MemorySegment frame, int len) {
        long r = Libc.sendtoOrErrno(fd, frame, len, Libc.MSG_DONTWAIT, port.address);
        if (r >= 0) return true;
        forwarder.count(r == -Errno.EAGAIN || r == -Errno.ENOBUFS ? Counter.DROP_TX_FULL : Counter.TX_ERRORS);
        return false;
    }

    /** Each interface's TTL threshold (the VIF's, in the kernel plane), by VIF number. */
    private final byte[] vifThresholds = new byte[Layouts.MAXVIFS];

    @Override
    public void addMfc(int source, int group, int parentVif, byte[] entryTtls) {
        // as the kernel: a datagram leaves an interface only with a TTL above both the entry's and the VIF's threshold
        byte[] ttls = entryTtls.clone();
        for (int v = 0; v < ttls.length && v < vifThresholds.length; v++)
            if (ttls[v] != 0) ttls[v] = (byte) Math.max(ttls[v] & 0xFF, vifThresholds[v] & 0xFF);
        Routes.Route r = forwarder.routes().get(source, group);
        if (r == null) forwarder.routes().put(new Routes.Route(source, group, parentVif, ttls));
        else { // as MRT_ADD_MFC on an existing entry: new parent and thresholds, counters kept
            r.parentVif = parentVif;
            System.arraycopy(ttls, 0, r.ttls, 0, Math.min(ttls.length, r.ttls.length));
        }
    }

    @Override
    public boolean delMfc(int source, int group) {
        return forwarder.routes().remove(source, group) != null;
    }

    @Override
    public long packetCount(int source, int group) {
        Routes.Route r = forwarder.routes().get(source, group);
        return r == null ? -1 : r.packets;
    }

    @Override
    public long wrongInterfaceCount(int source, int group) {
        Routes.Route r = forwarder.routes().get(source, group);
        return r == null ? -1 : r.wrongInterface;
    }

    @Override
    public Map<String, Traffic> interfaceCounters() {
        Map<String, Traffic> out = new LinkedHashMap<>();
        for (int v = 0; v < Layouts.MAXVIFS; v++) {
            Port p = forwarder.port(v);
            if (p != null) out.put(p.name, new Traffic(p.packetsIn, p.bytesIn, p.packetsOut, p.bytesOut));
        }
        return out;
    }

    @Override
    public Map<String, Long> counters() {
        readRingDrops();
        Map<String, Long> out = new LinkedHashMap<>();
        forwarder.counters().forEach((k, v) -> out.put(k.name().toLowerCase(), v));
        return out;
    }

    /** PACKET_STATISTICS: frames the kernel could not put in a full ring (the read resets the kernel's count). */
    private void readRingDrops() {
        if (closed) return;
        try {
            Libc.getsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, stats);
            forwarder.count(Counter.DROP_RING_FULL, stats.get(JAVA_INT, Layouts.offset(Layouts.TPACKET_STATS_V3, "tp_drops")) & 0xFFFFFFFFL);
        } catch (ErrnoException e) {
            // no statistics this time
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        forwarder.routes().clear();
        ring.close();
        try {
            Libc.close(fd);
        } catch (ErrnoException ignored) {
            // nothing more to release
        }
    }
}
