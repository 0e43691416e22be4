package net.igmp.linux.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import net.igmp.linux.dataplane.Forwarder.Counter;
import net.igmp.linux.dataplane.Forwarder.Port;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.mroute.Upcall;
import net.igmp.wire.InternetChecksum;
import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user data plane's forwarding decision and header rewrite, frame by frame and byte by byte. */
class ForwarderTest {
    static final int SRC = Ipv4.parse("10.80.0.2"), GROUP = Ipv4.parse("239.1.129.7");
    static final byte[] MAC_IN = {2, 0, 0, 0, 0, 1}, MAC_A = {2, 0, 0, 0, 0, 0x0a}, MAC_B = {2, 0, 0, 0, 0, 0x0b};
    static final int IN = 0, A = 1, B = 2;

    record Sent(String port, byte[] frame) {}

    final List<Sent> sent = new ArrayList<>();
    final List<Upcall> upcalls = new ArrayList<>();
    final List<String> igmp = new ArrayList<>();
    Forwarder f;

    @BeforeEach
    void setUp() {
        f = new Forwarder((port, frame, len) -> {
            sent.add(new Sent(port.name, frame.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            return true;
        });
        f.input(input(upcalls::add));
        f.addPort(new Port(IN, 7, "src0", MAC_IN, 1500));
        f.addPort(new Port(A, 8, "lan1", MAC_A, 1500));
        f.addPort(new Port(B, 300, "lan2", MAC_B, 576));
    }

    DataPlane.Input input(java.util.function.Consumer<Upcall> onUpcall) {
        return new DataPlane.Input() {
            @Override
            public void upcall(Upcall u) {
                onUpcall.accept(u);
            }

            @Override
            public void igmp(MemorySegment packet, long offset, int length, int ifindex) {
                igmp.add(ifindex + ":" + length + ":" + Ipv4.format(packet.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), offset + 16)));
            }
        };
    }

    /** An Ethernet frame with an IPv4 datagram (correct checksum) of {@code payload} bytes. */
    static byte[] frame(int protocol, int source, int group, int ttl, int payload) {
        byte[] b = new byte[14 + 20 + payload];
        b[0] = 0x01; b[2] = 0x5e; b[3] = (byte) ((group >>> 16) & 0x7F); b[4] = (byte) (group >>> 8); b[5] = (byte) group;
        System.arraycopy(new byte[] {2, 0, 0, 0, 0, (byte) 0x99}, 0, b, 6, 6);
        b[12] = 0x08; b[13] = 0x00;
        int ip = 14, total = 20 + payload;
        b[ip] = 0x45; b[ip + 1] = 0x00; b[ip + 2] = (byte) (total >> 8); b[ip + 3] = (byte) total;
        b[ip + 4] = 0x12; b[ip + 5] = 0x34; b[ip + 6] = 0x40; b[ip + 8] = (byte) ttl; b[ip + 9] = (byte) protocol;
        putInt(b, ip + 12, source);
        putInt(b, ip + 16, group);
        int c = InternetChecksum.compute(b, ip, 20);
        b[ip + 10] = (byte) (c >> 8); b[ip + 11] = (byte) c;
        for (int i = 0; i < payload; i++) b[ip + 20 + i] = (byte) (i * 7 + 3);
        return b;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24); b[off + 1] = (byte) (v >>> 16); b[off + 2] = (byte) (v >>> 8); b[off + 3] = (byte) v;
    }

    void receive(byte[] frame, int ifindex) {
        f.onFrame(MemorySegment.ofArray(frame), 0, frame.length, frame.length, false, ifindex, 0, 10_000);
    }

    void route(int parent, int... oifs) {
        byte[] ttls = new byte[Layouts.MAXVIFS];
        for (int v : oifs) ttls[v] = 1;
        f.routes().put(new Routes.Route(SRC, GROUP, parent, ttls));
    }

    @Test
    void theForwardedFrameIsTheDatagramWithTtlLessOneANewChecksumAndTheRfc1112Addresses() {
        route(IN, A);
        byte[] in = frame(17, SRC, GROUP, 8, 100);
        receive(in, 7);
        assertThat(sent).hasSize(1);
        byte[] expected = in.clone();
        // 239.1.129.7: 01:00:5e and the low 23 bits (0x01 0x81 0x07 -> 0x01 0x81 0x07 with the top bit cleared)
        System.arraycopy(new byte[] {0x01, 0x00, 0x5e, 0x01, (byte) 0x81, 0x07}, 0, expected, 0, 6);
        System.arraycopy(MAC_A, 0, expected, 6, 6);
        expected[14 + 8] = 7;
        expected[14 + 10] = 0;
        expected[14 + 11] = 0;
        int c = InternetChecksum.compute(expected, 14, 20);
        expected[14 + 10] = (byte) (c >> 8);
        expected[14 + 11] = (byte) c;
        assertThat(sent.getFirst().port()).isEqualTo("lan1");
        assertThat(sent.getFirst().frame()).isEqualTo(expected);
        assertThat(InternetChecksum.verify(sent.getFirst().frame(), 14, 20)).isTrue();
    }

    @Test
    void theMacMappingDropsTheGroupsNinthBit() {
        int group = Ipv4.parse("239.129.1.2"); // 0x81 in the second octet: only its low 7 bits survive
        byte[] ttls = new byte[Layouts.MAXVIFS];
        ttls[A] = 1;
        f.routes().put(new Routes.Route(SRC, group, IN, ttls));
        receive(frame(17, SRC, group, 8, 10), 7);
        assertThat(java.util.Arrays.copyOf(sent.getFirst().frame(), 6)).containsExactly(0x01, 0x00, 0x5e, 0x01, 0x01, 0x02);
    }

    @Test
    void theIncrementalChecksumEqualsTheKernelsIpDecreaseTtlForEveryChecksum() {
        for (int hc = 0; hc <= 0xFFFF; hc++) {
            for (int ttl : new int[] {2, 3, 64, 128, 255}) {
                int word = ttl << 8 | 17;
                // include/net/ip.h ip_decrease_ttl on the raw (little-endian) field: check += htons(0x0100), fold at 0xffff
                int raw = Integer.reverseBytes(hc) >>> 16;
                int check = raw + 0x0001;
                int kernel = Integer.reverseBytes((check + (check >= 0xFFFF ? 1 : 0)) & 0xFFFF) >>> 16;
                assertThat(Frames.updatedChecksum(hc, word, word - 0x0100)).as("checksum %04x, TTL %d", hc, ttl).isEqualTo(kernel);
            }
        }
    }

    @Test
    void theIncrementalChecksumEqualsAFullRecomputation() {
        var rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] in = frame(rnd.nextInt(256) == 2 ? 17 : rnd.nextInt(256), rnd.nextInt(), GROUP, 2 + rnd.nextInt(254), 0);
            in[14 + 4] = (byte) rnd.nextInt();
            in[14 + 5] = (byte) rnd.nextInt();
            in[14 + 10] = 0;
            in[14 + 11] = 0;
            int c = InternetChecksum.compute(in, 14, 20);
            in[14 + 10] = (byte) (c >> 8);
            in[14 + 11] = (byte) c;
            MemorySegment out = MemorySegment.ofArray(new byte[in.length]);
            Frames.rewrite(MemorySegment.ofArray(in), 0, out, MAC_A);
            byte[] o = out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertThat(InternetChecksum.verify(o, 14, 20)).isTrue();
            assertThat(o[14 + 8] & 0xFF).isEqualTo((in[14 + 8] & 0xFF) - 1);
        }
    }

    /** One's complement sum of 16-bit words, folded, not complemented. */
    static int fold(byte[] b, int off, int len, long sum) {
        for (int i = 0; i < len; i += 2) sum += ((b[off + i] & 0xFF) << 8) | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) sum;
    }

    @Test
    void aUdpChecksumLeftToOffloadIsCompletedInEveryCopy() {
        route(IN, A);
        for (int payload : new int[] {8 + 15, 8 + 1316, 8 + 0}) {
            sent.clear();
            byte[] in = frame(17, SRC, GROUP, 8, payload);
            int udp = 14 + 20;
            in[udp] = (byte) 0x9a; in[udp + 1] = 0x44; in[udp + 2] = 0x13; in[udp + 3] = (byte) 0x89;
            in[udp + 4] = (byte) (payload >> 8); in[udp + 5] = (byte) payload; in[udp + 6] = 0; in[udp + 7] = 0;
            byte[] pseudo = new byte[12];
            System.arraycopy(in, 14 + 12, pseudo, 0, 8);
            pseudo[9] = 17; pseudo[10] = (byte) (payload >> 8); pseudo[11] = (byte) payload;
            int partial = fold(pseudo, 0, 12, 0);
            int full = ~fold(in, udp, payload, partial) & 0xFFFF;
            if (full == 0) full = 0xFFFF;
            // what a local sender leaves with checksum offload: the pseudo-header sum only
            in[udp + 6] = (byte) (partial >> 8); in[udp + 7] = (byte) partial;
            f.onFrame(MemorySegment.ofArray(in), 0, in.length, in.length, true, 7, 0, 0);
            byte[] out = sent.getFirst().frame();
            assertThat(((out[udp + 6] & 0xFF) << 8) | (out[udp + 7] & 0xFF)).as("UDP checksum, %d bytes", payload).isEqualTo(full);
            assertThat(fold(pseudo, 0, 12, fold(out, udp, payload, 0))).as("the receiver's check").isEqualTo(0xFFFF);
        }
    }

    @Test
    void neverBackOutOfTheIncomingInterfaceEvenWhenTheEntryListsIt() {
        route(IN, IN, A, B);
        receive(frame(17, SRC, GROUP, 8, 100), 7);
        assertThat(sent).extracting(Sent::port).containsExactly("lan1", "lan2");
    }

    @Test
    void igmpLinkLocalGroupsAndUnicastAreNeverForwardedNorAskedAboutAndIgmpGoesToTheControlPlane() {
        byte[] ttls = new byte[Layouts.MAXVIFS];
        java.util.Arrays.fill(ttls, (byte) 1);
        int allSystems = Ipv4.parse("224.0.0.1"), mdns = Ipv4.parse("224.0.0.251"), unicast = Ipv4.parse("10.81.0.21");
        for (int g : new int[] {allSystems, mdns, unicast, GROUP}) f.routes().put(new Routes.Route(SRC, g, IN, ttls));
        receive(frame(2, SRC, GROUP, 8, 8), 7);          // IGMP to a routable group
        receive(frame(2, SRC, allSystems, 1, 8), 7);     // a query
        receive(frame(17, SRC, mdns, 255, 40), 7);       // link-local UDP with a high TTL
        receive(frame(17, SRC, unicast, 64, 40), 7);
        assertThat(sent).isEmpty();
        assertThat(upcalls).isEmpty();
        assertThat(igmp).containsExactly("7:28:239.1.129.7", "7:28:224.0.0.1");
        assertThat(f.counter(Counter.IGMP)).isEqualTo(2);
        assertThat(f.counter(Counter.DROP_LINK_LOCAL)).isEqualTo(1);
        assertThat(f.counter(Counter.DROP_NOT_MULTICAST)).isEqualTo(1);
    }

    @Test
    void aDatagramWithoutAnEntryIsAskedAboutLikeTheKernelsNocacheAndThenForwarded() {
        f.input(input(u -> {
            upcalls.add(u);
            route(u.vif(), A); // what MfcTable.noCache makes the plane do
        }));
        receive(frame(17, SRC, GROUP, 8, 20), 7);
        assertThat(upcalls).containsExactly(new Upcall(Upcall.Type.NOCACHE, IN, SRC, GROUP));
        assertThat(sent).extracting(Sent::port).containsExactly("lan1");
        receive(frame(17, SRC, GROUP, 8, 20), 7);
        assertThat(upcalls).hasSize(1);
        assertThat(f.routes().get(SRC, GROUP).packets).isEqualTo(2);
        assertThat(f.routes().get(SRC, GROUP).bytes).isEqualTo(80);
    }

    @Test
    void anEntryWithoutOutgoingInterfacesDropsQuietly() {
        route(IN);
        receive(frame(17, SRC, GROUP, 8, 20), 7);
        assertThat(sent).isEmpty();
        assertThat(upcalls).isEmpty();
        assertThat(f.routes().get(SRC, GROUP).packets).isEqualTo(1);
    }

    @Test
    void aDatagramOnAnotherInterfaceThanTheEntrysIsCountedAndRaisesAWrongVifAtMostEveryThreeSeconds() {
        route(IN, A, B);
        MemorySegment s = MemorySegment.ofArray(frame(17, SRC, GROUP, 8, 20));
        f.onFrame(s, 0, (int) s.byteSize(), (int) s.byteSize(), false, 8, 0, 10_000);
        f.onFrame(s, 0, (int) s.byteSize(), (int) s.byteSize(), false, 8, 0, 11_000);
        f.onFrame(s, 0, (int) s.byteSize(), (int) s.byteSize(), false, 8, 0, 13_000);
        assertThat(sent).isEmpty();
        assertThat(upcalls).containsExactly(new Upcall(Upcall.Type.WRONGVIF, A, SRC, GROUP), new Upcall(Upcall.Type.WRONGVIF, A, SRC, GROUP));
        assertThat(f.routes().get(SRC, GROUP).wrongInterface).isEqualTo(3);
    }

    @Test
    void ttlAtOrBelowTheThresholdIsDroppedAndCounted() {
        route(IN, A);
        f.routes().get(SRC, GROUP).ttls[A] = 4;
        receive(frame(17, SRC, GROUP, 4, 20), 7);
        receive(frame(17, SRC, GROUP, 1, 20), 7);
        assertThat(sent).isEmpty();
        assertThat(f.counter(Counter.DROP_TTL)).isEqualTo(2);
        receive(frame(17, SRC, GROUP, 5, 20), 7);
        assertThat(sent.getFirst().frame()[14 + 8]).isEqualTo((byte) 4);
    }

    @Test
    void aDatagramLargerThanTheOutgoingMtuIsCountedAndDroppedThere() {
        route(IN, A, B);
        receive(frame(17, SRC, GROUP, 8, 1000), 7); // 1020 bytes: fits lan1 (1500), not lan2 (576)
        assertThat(sent).extracting(Sent::port).containsExactly("lan1");
        assertThat(f.counter(Counter.DROP_MTU)).isEqualTo(1);
    }

    @Test
    void ownFramesOtherInterfacesAndBrokenHeadersAreCounted() {
        route(IN, A);
        byte[] good = frame(17, SRC, GROUP, 8, 20);
        f.onFrame(MemorySegment.ofArray(good), 0, good.length, good.length, false, 7, 4, 0); // PACKET_OUTGOING
        receive(good, 99);
        f.onFrame(MemorySegment.ofArray(good), 0, good.length - 4, good.length, false, 7, 0, 0);
        byte[] lying = good.clone();
        lying[14 + 3] = (byte) 200; // total length beyond the frame
        receive(lying, 7);
        byte[] v6 = good.clone();
        v6[14] = 0x65;
        receive(v6, 7);
        assertThat(sent).isEmpty();
        assertThat(f.counter(Counter.DROP_OWN_FRAME)).isEqualTo(1);
        assertThat(f.counter(Counter.DROP_NOT_OUR_INTERFACE)).isEqualTo(1);
        assertThat(f.counter(Counter.DROP_TRUNCATED)).isEqualTo(1);
        assertThat(f.counter(Counter.DROP_MALFORMED)).isEqualTo(2);
    }

    @Test
    void forwardingAllocatesNothingPerDatagram() {
        route(IN, A, B);
        Forwarder quiet = new Forwarder((port, frame, len) -> true);
        quiet.addPort(new Port(IN, 7, "src0", MAC_IN, 1500));
        quiet.addPort(new Port(A, 8, "lan1", MAC_A, 1500));
        quiet.addPort(new Port(B, 300, "lan2", MAC_B, 1500));
        byte[] ttls = new byte[Layouts.MAXVIFS];
        ttls[A] = 1;
        ttls[B] = 1;
        quiet.routes().put(new Routes.Route(SRC, GROUP, IN, ttls));
        MemorySegment s = MemorySegment.ofArray(frame(17, SRC, GROUP, 8, 64));
        int len = (int) s.byteSize();
        for (int i = 0; i < 200_000; i++) quiet.onFrame(s, 0, len, len, false, 7, 0, i);
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long t = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(t);
        for (int i = 0; i < 100_000; i++) quiet.onFrame(s, 0, len, len, false, 7, 0, i);
        long allocated = mx.getThreadAllocatedBytes(t) - before;
        assertThat(quiet.counter(Counter.TX_FRAMES)).isEqualTo(600_000);
        assertThat(allocated).as("bytes allocated for 100,000 datagrams").isLessThan(100_000);
    }

    @Test
    void theRouteTableAgreesWithAHashMapThroughInsertsAndRemovals() {
        var rnd = new java.util.SplittableRandom(11);
        java.util.Map<Long, Routes.Route> model = new java.util.HashMap<>();
        Routes t = new Routes();
        for (int i = 0; i < 50_000; i++) {
            int s = rnd.nextInt(64), g = 0xE0000100 + rnd.nextInt(64);
            if (rnd.nextInt(3) == 0) {
                Routes.Route removed = t.remove(s, g);
                assertThat(removed).isSameAs(model.remove(Routes.key(s, g)));
            } else {
                Routes.Route r = new Routes.Route(s, g, 0, new byte[Layouts.MAXVIFS]);
                t.put(r);
                model.put(Routes.key(s, g), r);
            }
            assertThat(t.size()).isEqualTo(model.size());
        }
        for (var e : model.entrySet()) assertThat(t.get(e.getValue().source, e.getValue().group)).isSameAs(e.getValue());
        assertThat(t.all()).hasSize(model.size());
    }
}
