package net.igmp.linux.dataplane;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.mroute.Upcall;

/**
 * The user data plane's forwarding decision for one received frame, apart from the sockets so that tests can feed
 * it frames and see what it sends. It follows the kernel's ipmr: an (S,G) entry counts every datagram that
 * matches it; one that arrived on another interface than the entry's inbound one is counted as such and raises a
 * WRONGVIF upcall at most every {@link #ASSERT_INTERVAL_MS} (MFC_ASSERT_THRESH); otherwise a copy goes out of
 * each interface whose threshold the TTL exceeds, never out of the interface it came in on. A datagram with no
 * entry raises a NOCACHE upcall, answered at once by the caller (the daemon's {@code MfcTable}), and is then
 * forwarded by the entry it installed. IGMP goes to the control plane, whatever its destination (as the kernel
 * hands every IGMP packet to the multicast routing socket), and is never forwarded.
 */
final class Forwarder {
    /** Where copies go out. */
    interface Transmitter {
        /** Sends {@code len} bytes of {@code frame} out of {@code port}; false when it was dropped (counted by the callee). */
        boolean send(Port port, MemorySegment frame, int len);
    }


    /** The counters of the user data plane, named as in {@code igmp show stats} and the metrics. */
    enum Counter {
        RX_FRAMES, FORWARDED, TX_FRAMES, NOCACHE, IGMP,
        DROP_OWN_FRAME, DROP_NOT_OUR_INTERFACE, DROP_NOT_IPV4, DROP_MALFORMED, DROP_NOT_MULTICAST, DROP_LINK_LOCAL,
        DROP_TRUNCATED, DROP_NO_ROUTE, DROP_WRONG_INTERFACE, DROP_TTL, DROP_MTU, DROP_TX_FULL,
        DROP_RING_FULL, TX_ERRORS
    }

    static final long ASSERT_INTERVAL_MS = 3000;
    private static final int PACKET_OUTGOING = 4;
    private static final int MAX_FRAME = 65536 + Frames.ETH_HLEN;

    /** One routed interface as the user plane sees it. */
    static final class Port {
        final int vif, ifindex;
        final String name;
        final byte[] mac;
        final int mtu;
        long packetsIn, packetsOut, bytesIn, bytesOut;
        /** The sockaddr_ll to send to, built once. */
        MemorySegment address;

        Port(int vif, int ifindex, String name, byte[] mac, int mtu) {
            this.vif = vif;
            this.ifindex = ifindex;
            this.name = name;
            this.mac = mac.clone();
            this.mtu = mtu;
        }
    }

    private final Routes routes = new Routes();
    private final Port[] byVif = new Port[Layouts.MAXVIFS];
    private Port[] byIfindex = new Port[64];
    private final long[] counters = new long[Counter.values().length];
    private final MemorySegment tx = Arena.ofAuto().allocate(MAX_FRAME, 8);
    private final Transmitter transmitter;
    private DataPlane.Input input = new DataPlane.Input() {
        @Override
        public void upcall(Upcall u) {}

        @Override
        public void igmp(MemorySegment packet, long offset, int length, int ifindex) {}
    };

    Forwarder(Transmitter transmitter) {
        this.transmitter = transmitter;
    }

    void input(DataPlane.Input input) {
        this.input = input;
    }

    Routes routes() {
        return routes;
    }

    void addPort(Port p) {
        if (p.ifindex >= byIfindex.length) byIfindex = java.util.Arrays.copyOf(byIfindex, Math.max(p.ifindex + 1, byIfindex.length * 2));
        byVif[p.vif] = p;
        byIfindex[p.ifindex] = p;
    }

    /** Removes the VIF; returns its port, or null. */
    Port removePort(int vif) {
        Port p = byVif[vif];
        if (p == null) return null;
        byVif[vif] = null;
        if (byIfindex[p.ifindex] == p) byIfindex[p.ifindex] = null;
        return p;
    }

    Port port(int vif) {
        return vif >= 0 && vif < byVif.length ? byVif[vif] : null;
    }

    void count(Counter c) {
        counters[c.ordinal()]++;
    }

    void count(Counter c, long n) {
        counters[c.ordinal()] += n;
    }

    long counter(Counter c) {
        return counters[c.ordinal()];
    }

    Map<Counter, Long> counters() {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) m.put(c, counters[c.ordinal()]);
        return m;
    }

    /**
     * One frame from the ring: {@code len} bytes captured at {@code frame} of {@code s}, {@code wireLen} on the wire,
     * arrived on {@code ifindex} with link-level packet type {@code pkttype}. {@code checksumPending}: a sender on
     * this host left the UDP or TCP checksum to offload (TP_STATUS_CSUMNOTREADY), so each copy completes it.
     */
    void onFrame(MemorySegment s, long frame, int len, int wireLen, boolean checksumPending, int ifindex, int pkttype, long now) {
        counters[Counter.RX_FRAMES.ordinal()]++;
        if (pkttype == PACKET_OUTGOING) { // our own copies (and the host's), should PACKET_IGNORE_OUTGOING be missing
            count(Counter.DROP_OWN_FRAME);
            return;
        }
        Port in = ifindex >= 0 && ifindex < byIfindex.length ? byIfindex[ifindex] : null;
        if (in == null) {
            count(Counter.DROP_NOT_OUR_INTERFACE);
            return;
        }
        if (len < wireLen) {
            count(Counter.DROP_TRUNCATED);
            return;
        }
        switch (Frames.classify(s, frame, len)) {
            case Frames.FORWARDABLE -> {}
            case Frames.NOT_IPV4 -> { count(Counter.DROP_NOT_IPV4); return; }
            case Frames.NOT_MULTICAST -> { count(Counter.DROP_NOT_MULTICAST); return; }
            case Frames.LINK_LOCAL -> { count(Counter.DROP_LINK_LOCAL); return; }
            case Frames.IGMP -> { // for the control plane, never forwarded
                count(Counter.IGMP);
                input.igmp(s, frame + Frames.ETH_HLEN, Frames.ipLength(s, frame), ifindex);
                return;
            }
            default -> { count(Counter.DROP_MALFORMED); return; }
        }
        int source = Frames.source(s, frame), group = Frames.destination(s, frame);
        int ipLen = Frames.ipLength(s, frame);
        in.packetsIn++;
        in.bytesIn += ipLen;
        Routes.Route r = routes.get(source, group);
        if (r == null) {
            count(Counter.NOCACHE);
            input.upcall(new Upcall(Upcall.Type.NOCACHE, in.vif, source, group));
            r = routes.get(source, group);
            if (r == null) {
                count(Counter.DROP_NO_ROUTE);
                return;
            }
        }
        r.packets++;
        r.bytes += ipLen;
        if (r.parentVif != in.vif) {
            r.wrongInterface++;
            count(Counter.DROP_WRONG_INTERFACE);
            if (now - r.lastAssertMs >= ASSERT_INTERVAL_MS) {
                r.lastAssertMs = now;
                input.upcall(new Upcall(Upcall.Type.WRONGVIF, in.vif, source, group));
            }
            return;
        }
        count(Counter.FORWARDED);
        int ttl = Frames.ttl(s, frame);
        byte[] ttls = r.ttls;
        for (int v = 0; v < ttls.length; v++) {
            int threshold = ttls[v] & 0xFF;
            if (threshold == 0 || v == in.vif) continue; // never back out of the interface it came in on
            Port out = byVif[v];
            if (out == null) continue;
            if (ttl <= threshold) {
                count(Counter.DROP_TTL);
                continue;
            }
            if (ipLen > out.mtu) { // counted and dropped: the user plane does not fragment
                count(Counter.DROP_MTU);
                continue;
            }
            int n = Frames.rewrite(s, frame, tx, out.mac);
            if (checksumPending) Frames.completeTransportChecksum(tx);
            if (transmitter.send(out, tx, n)) {
                out.packetsOut++;
                out.bytesOut += ipLen;
                counters[Counter.TX_FRAMES.ordinal()]++;
            }
        }
    }
}
