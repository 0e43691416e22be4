package net.igmp.linux.ffm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.igmp.linux.ffm.Rtnetlink.Address;
import net.igmp.linux.ffm.Rtnetlink.Event;
import net.igmp.linux.ffm.Rtnetlink.Link;
import net.igmp.linux.ffm.Rtnetlink.Received;
import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RtnetlinkTest {
    static final int LAN0 = Ipv4.parse("10.97.0.1");

    @Test
    void parsesWhatTheKernelSentForAVethThatCameGotAnAddressWentUpLostItAndWent() throws IOException {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the capture is little-endian");
        List<Event> all = new ArrayList<>();
        for (byte[] datagram : capture()) {
            Received r = Rtnetlink.parse(MemorySegment.ofArray(datagram), datagram.length);
            assertThat(r.resync()).isFalse();
            all.addAll(r.events());
        }
        List<Event> lan0 = all.stream().filter(e -> e instanceof Link l ? "lan0".equals(l.name()) : ((Address) e).label().equals("lan0")).toList();
        int index = lan0.getFirst().index();
        assertThat(lan0).allSatisfy(e -> assertThat(e.index()).isEqualTo(index));
        assertThat(lan0.getFirst()).isInstanceOfSatisfying(Link.class, l -> {
            assertThat(l.removed()).isFalse();
            assertThat(l.flags() & Libc.IFF_UP).isZero();
            assertThat(l.flags() & Libc.IFF_MULTICAST).isNotZero();
        });
        assertThat(lan0).filteredOn(Address.class::isInstance).containsExactly(
                new Address(false, index, LAN0, 24, "lan0"), new Address(true, index, LAN0, 24, "lan0"));
        assertThat(lan0).filteredOn(e -> e instanceof Link l && (l.flags() & Libc.IFF_UP) != 0).isNotEmpty();
        assertThat(lan0.getLast()).isInstanceOfSatisfying(Link.class, l -> assertThat(l.removed()).isTrue());
        assertThat(all).filteredOn(e -> e instanceof Link l && "peer0".equals(l.name())).isNotEmpty();
    }

    @Test
    void parsesConstructedMessagesAndSkipsOtherFamiliesAndTypes() {
        byte[] d = new Datagram()
                .message(Rtnetlink.RTM_NEWLINK, ifinfo(7, Libc.IFF_UP | Libc.IFF_MULTICAST), attr(Rtnetlink.IFLA_IFNAME, cstring("vlan10")))
                .message(Rtnetlink.NLMSG_NOOP, new byte[0])
                .message(Rtnetlink.RTM_NEWADDR, ifaddr(10, 64, 7)) // AF_INET6: not ours
                .message(Rtnetlink.RTM_DELADDR, ifaddr(Libc.AF_INET, 30, 7), attr(Rtnetlink.IFA_ADDRESS, ipv4("10.9.9.2")),
                        attr(Rtnetlink.IFA_LOCAL, ipv4("10.9.9.1")), attr(Rtnetlink.IFA_LABEL, cstring("vlan10:1")))
                .message(Rtnetlink.RTM_NEWADDR, ifaddr(Libc.AF_INET, 32, 8), attr(Rtnetlink.IFA_ADDRESS, ipv4("10.8.8.8")))
                .message(Rtnetlink.RTM_DELLINK, ifinfo(7, 0))
                .bytes();
        Received r = Rtnetlink.parse(MemorySegment.ofArray(d), d.length);
        assertThat(r.resync()).isFalse();
        assertThat(r.events()).containsExactly(
                new Link(false, 7, Libc.IFF_UP | Libc.IFF_MULTICAST, "vlan10"),
                new Address(true, 7, Ipv4.parse("10.9.9.1"), 30, "vlan10:1"),
                new Address(false, 8, Ipv4.parse("10.8.8.8"), 32, null),
                new Link(true, 7, 0, null));
    }

    @Test
    void aMessageLongerThanTheDatagramOrAnOverrunAsksForAResync() {
        byte[] good = new Datagram().message(Rtnetlink.RTM_NEWLINK, ifinfo(3, 0), attr(Rtnetlink.IFLA_IFNAME, cstring("eth0"))).bytes();
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 4);
        Received r = Rtnetlink.parse(MemorySegment.ofArray(cut), cut.length);
        assertThat(r.resync()).isTrue();
        assertThat(r.events()).isEmpty();

        byte[] overrun = new Datagram().message(Rtnetlink.RTM_NEWLINK, ifinfo(3, 0)).message(Rtnetlink.NLMSG_OVERRUN, new byte[0]).bytes();
        r = Rtnetlink.parse(MemorySegment.ofArray(overrun), overrun.length);
        assertThat(r.resync()).isTrue();
        assertThat(r.events()).containsExactly(new Link(false, 3, 0, null));

        byte[] shortBody = new Datagram().message(Rtnetlink.RTM_NEWADDR, new byte[] {2, 24}).bytes();
        assertThat(Rtnetlink.parse(MemorySegment.ofArray(shortBody), shortBody.length).resync()).isTrue();
    }

    @Test
    void anAttributeRunningPastItsMessageEndsTheAttributesNotTheMessage() {
        byte[] bad = attr(Rtnetlink.IFLA_IFNAME, cstring("eth0"));
        ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putShort(0, (short) 100); // rta_len beyond the message
        byte[] d = new Datagram().message(Rtnetlink.RTM_NEWLINK, ifinfo(3, Libc.IFF_UP), bad).bytes();
        Received r = Rtnetlink.parse(MemorySegment.ofArray(d), d.length);
        assertThat(r.events()).containsExactly(new Link(false, 3, Libc.IFF_UP, null));
        assertThat(r.resync()).isFalse();
    }

    @Test
    void aSubscribedSocketHasNothingToReadBeforeAnyChange() throws Exception {
        try (Rtnetlink n = Rtnetlink.open(Rtnetlink.RTMGRP_LINK | Rtnetlink.RTMGRP_IPV4_IFADDR)) {
            assertThat(n.fd()).isPositive();
            Received r = n.receive(); // non-blocking: returns at once
            assertThat(r.resync()).isFalse();
        }
    }

    // ------------------------------------------------------------------------------------------ bytes

    private static List<byte[]> capture() throws IOException {
        try (InputStream in = RtnetlinkTest.class.getResourceAsStream("rtnetlink-capture.hex")) {
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
                if (!line.isBlank() && !line.startsWith("#")) out.add(HexFormat.of().parseHex(line.strip()));
            return out;
        }
    }

    /** Netlink messages in host byte order, each padded to 4 bytes. */
    static final class Datagram {
        private final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());

        Datagram message(short type, byte[] body, byte[]... attrs) {
            int start = b.position();
            b.putInt(0).putShort(type).putShort((short) 0).putInt(0).putInt(0);
            b.put(body);
            pad();
            for (byte[] a : attrs) {
                b.put(a);
                pad();
            }
            b.putInt(start, b.position() - start);
            return this;
        }

        private void pad() {
            while (b.position() % 4 != 0) b.put((byte) 0);
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    static byte[] ifinfo(int index, int flags) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).put((byte) 0).put((byte) 0).putShort((short) 1)
                .putInt(index).putInt(flags).putInt(-1).array();
    }

    static byte[] ifaddr(int family, int prefixLength, int index) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) prefixLength)
                .put((byte) 0x80).put((byte) 0).putInt(index).array();
    }

    static byte[] attr(short type, byte[] value) {
        return ByteBuffer.allocate(4 + value.length).order(ByteOrder.nativeOrder()).putShort((short) (4 + value.length))
                .putShort(type).put(value).array();
    }

    static byte[] cstring(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] ipv4(String s) {
        return ByteBuffer.allocate(4).putInt(Ipv4.parse(s)).array();
    }
}
