package net.igmp.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.V2MembershipReport;

class PcapReaderWriterTest {
    private static final int GROUP = Ipv4.parse("239.10.20.30");

    /** A v2 report in IPv4 with Router Alert: 32 octets. */
    static byte[] packet() {
        Ipv4Header h = Ipv4Header.forIgmp(Ipv4.parse("10.0.0.2"), GROUP, 8, true);
        byte[] b = new byte[h.totalLength()];
        IgmpEncoder.encode(new V2MembershipReport(GROUP), b, h.write(b, 0));
        return b;
    }

    static List<Frame> read(byte[] file) throws PcapException {
        try (PcapReader r = PcapReader.open(new ByteArrayInputStream(file))) {
            List<Frame> all = new ArrayList<>();
            for (Frame f; (f = r.next()) != null; ) all.add(f);
            return all;
        }
    }

    static void assertIsTheReport(Frame f) {
        int off = f.ipv4Offset();
        assertThat(off).isGreaterThanOrEqualTo(0);
        IgmpPacket.ParseOutcome r = IgmpPacket.parseIpv4(f.data(), off, f.data().length - off);
        assertThat(r.ok()).isTrue();
        assertThat(r.packet().message()).isEqualTo(new V2MembershipReport(GROUP));
    }

    @Test
    void writerRoundTripsRawAndEthernetWithMulticastMacs() throws Exception {
        for (int linkType : new int[] {LinkType.RAW, LinkType.ETHERNET}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PcapWriter w = new PcapWriter(bytes, linkType)) {
                byte[] p = packet();
                w.writeIpv4(1_700_000_000_123_456_789L, p, 0, p.length);
                w.writeIgmp(1_700_000_001_000_000_000L, Ipv4Header.forIgmp(Ipv4.parse("10.0.0.2"), Ipv4.ALL_ROUTERS, 8, true), new LeaveGroup(GROUP));
                assertThat(w.packets()).isEqualTo(2);
            }
            byte[] file = bytes.toByteArray();
            assertThat(ByteBuffer.wrap(file).getInt(0)).isEqualTo(0xA1B2C3D4);
            assertThat(ByteBuffer.wrap(file).getInt(20)).isEqualTo(linkType);
            List<Frame> frames = read(file);
            assertThat(frames).hasSize(2);
            Frame f = frames.getFirst();
            assertThat(f.number()).isEqualTo(1);
            assertThat(f.linkType()).isEqualTo(linkType);
            assertThat(f.epochNanos()).isEqualTo(1_700_000_000_123_456_000L); // microsecond file
            assertThat(f.truncated()).isFalse();
            assertIsTheReport(f);
            if (linkType == LinkType.ETHERNET) {
                // 239.10.20.30 -> 01:00:5e:0a:14:1e; 224.0.0.2 -> 01:00:5e:00:00:02; source 02:00:0a:00:00:02
                assertThat(Arrays.copyOf(f.data(), 14)).containsExactly(0x01, 0x00, 0x5E, 0x0A, 0x14, 0x1E, 0x02, 0x00, 0x0A, 0x00, 0x00, 0x02, 0x08, 0x00);
                assertThat(Arrays.copyOf(frames.get(1).data(), 6)).containsExactly(0x01, 0x00, 0x5E, 0x00, 0x00, 0x02);
            }
            assertThat(frames.get(1).number()).isEqualTo(2);
        }
    }

    @Test
    void theHighBitOfTheGroupIsNotMapped() throws Exception {
        // RFC 1112 section 6.4: only the low 23 bits go into the MAC; 239.138.1.2 and 239.10.1.2 share one.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(bytes, LinkType.ETHERNET)) {
            int g = Ipv4.parse("239.138.1.2");
            w.writeIgmp(0, Ipv4Header.forIgmp(Ipv4.parse("10.0.0.2"), g, 8, true), new V2MembershipReport(g));
        }
        assertThat(Arrays.copyOf(read(bytes.toByteArray()).getFirst().data(), 6)).containsExactly(0x01, 0x00, 0x5E, 0x0A, 0x01, 0x02);
    }

    /** A classic pcap file built by hand in either byte order and resolution. */
    static byte[] classic(ByteOrder order, boolean nanos, int linkType, byte[]... frames) {
        ByteBuffer b = ByteBuffer.allocate(24 + Arrays.stream(frames).mapToInt(f -> 16 + f.length).sum()).order(order);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
        int i = 0;
        for (byte[] f : frames) {
            b.putInt(1_600_000_000 + i).putInt(nanos ? 123_456_789 : 123_456).putInt(f.length).putInt(f.length).put(f);
            i++;
        }
        return b.array();
    }

    @Test
    void classicPcapInBothByteOrdersAndBothResolutions() throws Exception {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (boolean nanos : new boolean[] {false, true}) {
                List<Frame> frames = read(classic(order, nanos, LinkType.RAW, packet(), packet()));
                assertThat(frames).hasSize(2);
                assertThat(frames.get(0).epochNanos()).isEqualTo(1_600_000_000_000_000_000L + (nanos ? 123_456_789 : 123_456_000));
                assertThat(frames.get(1).epochNanos()).isEqualTo(1_600_000_001_000_000_000L + (nanos ? 123_456_789 : 123_456_000));
                frames.forEach(PcapReaderWriterTest::assertIsTheReport);
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void everyLinkTypeFindsTheIpv4Packet() throws Exception {
        byte[] eth = hex("01005e0a141e 020000000002 0800");
        byte[] vlan = hex("01005e0a141e 020000000002 8100 0064 0800");
        byte[] qinq = hex("01005e0a141e 020000000002 88a8 00c8 8100 0064 0800");
        byte[] sll = hex("0000 0001 0006 020000000002 0000 0800");          // Linux cooked v1: 16 octets
        byte[] sll2 = hex("0800 0000 00000002 0001 00 06 020000000002 0000"); // Linux cooked v2: 20 octets
        byte[] nullLe = hex("02000000"), loop = hex("00000002");
        record Case(int linkType, byte[] header) {}
        for (Case c : List.of(new Case(LinkType.ETHERNET, eth), new Case(LinkType.ETHERNET, vlan), new Case(LinkType.ETHERNET, qinq),
                new Case(LinkType.LINUX_SLL, sll), new Case(LinkType.LINUX_SLL2, sll2), new Case(LinkType.IPV4, new byte[0]),
                new Case(LinkType.RAW, new byte[0]), new Case(LinkType.NULL, nullLe), new Case(LinkType.LOOP, loop))) {
            Frame f = read(classic(ByteOrder.LITTLE_ENDIAN, false, c.linkType(), concat(c.header(), packet()))).getFirst();
            assertThat(f.ipv4Offset()).as(LinkType.name(c.linkType())).isEqualTo(c.header().length);
            assertIsTheReport(f);
        }
        // Not IPv4: ARP over Ethernet, IPv6 over SLL, an unknown link type, frames too short to tell.
        assertThat(LinkType.ipv4Offset(LinkType.ETHERNET, concat(hex("ffffffffffff 020000000002 0806"), packet()), 46)).isEqualTo(-1);
        assertThat(LinkType.ipv4Offset(LinkType.LINUX_SLL, concat(hex("0000 0001 0006 020000000002 0000 86dd"), packet()), 48)).isEqualTo(-1);
        assertThat(LinkType.ipv4Offset(147, packet(), 32)).isEqualTo(-1);
        assertThat(LinkType.ipv4Offset(LinkType.ETHERNET, hex("01005e0a141e0200000000028100"), 14)).isEqualTo(-1);
        assertThat(LinkType.ipv4Offset(LinkType.ETHERNET, eth, 14)).isEqualTo(-1);
        assertThat(LinkType.ipv4Offset(LinkType.RAW, hex("6000"), 2)).isEqualTo(-1);
    }

    @Test
    void linkTypesAreNamedWithTheirNumber() {
        assertThat(LinkType.name(LinkType.ETHERNET)).isEqualTo("ETHERNET (1)");
        assertThat(LinkType.name(105)).isEqualTo("IEEE802_11 (105)");
        assertThat(LinkType.name(127)).isEqualTo("IEEE802_11_RADIOTAP (127)");
        assertThat(LinkType.name(150)).isEqualTo("USER3 (150)");
        assertThat(LinkType.name(4242)).isEqualTo("link type 4242");
        assertThat(LinkType.isSupported(105)).isFalse();
        assertThat(LinkType.isSupported(LinkType.LINUX_SLL2)).isTrue();
    }

    @Test
    void ethernetPayloadSkipsEveryVlanTag() {
        assertThat(LinkType.ethernetPayload(hex("01005e0a141e 020000000002 0806"), 14)).isEqualTo(14);
        assertThat(LinkType.ethernetPayload(hex("01005e0a141e 020000000002 88a8 00c8 8100 0064 86dd"), 22)).isEqualTo(22);
        assertThat(LinkType.ethernetPayload(hex("01005e0a141e 020000000002 9100 00c8 0800"), 18)).isEqualTo(18);
        assertThat(LinkType.ethernetPayload(hex("01005e0a141e 020000000002 8100 0064"), 16)).isEqualTo(-1);
        assertThat(LinkType.ethernetPayload(hex("01005e0a141e 0200"), 8)).isEqualTo(-1);
    }

    // pcapng blocks, built by hand (draft-ietf-opsawg-pcapng)

    static byte[] block(ByteOrder o, int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + padded).order(o);
        b.putInt(type).putInt(12 + padded).put(body);
        b.position(8 + padded);
        b.putInt(12 + padded);
        return b.array();
    }

    static byte[] shb(ByteOrder o) {
        return block(o, 0x0A0D0D0A, ByteBuffer.allocate(16).order(o).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array());
    }

    static byte[] idb(ByteOrder o, int linkType, Integer tsresol) {
        ByteBuffer b = ByteBuffer.allocate(tsresol == null ? 8 : 20).order(o);
        b.putShort((short) linkType).putShort((short) 0).putInt(0);
        if (tsresol != null) b.putShort((short) 9).putShort((short) 1).put((byte) (int) tsresol).put(new byte[3]).putShort((short) 0).putShort((short) 0);
        return block(o, 1, b.array());
    }

    static byte[] epb(ByteOrder o, int iface, long ts, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(20 + data.length).order(o);
        b.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length).put(data);
        return block(o, 6, b.array());
    }

    @Test
    void pcapngSectionsInterfacesAndPacketBlocks() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN, be = ByteOrder.BIG_ENDIAN;
        byte[] eth = concat(hex("01005e0a141e 020000000002 0800"), packet());
        byte[] spb = block(le, 3, ByteBuffer.allocate(4 + eth.length).order(le).putInt(eth.length).put(eth).array());
        byte[] file = concat(
                shb(le), idb(le, LinkType.ETHERNET, null), idb(le, LinkType.RAW, 9),
                block(le, 4, new byte[8]),                                   // name resolution: skipped
                epb(le, 0, 1_600_000_000_000_001L, eth),                     // microseconds (default)
                epb(le, 1, 1_600_000_000_000_000_002L, packet()),            // nanoseconds (if_tsresol 9)
                spb,
                shb(be), idb(be, LinkType.LINUX_SLL2, 0x80 | 10),           // second section, big-endian, 2^-10 s
                epb(be, 0, 1024L * 5 + 512, concat(hex("0800 0000 00000002 0001 00 06 020000000002 0000"), packet())));
        PcapReader r = PcapReader.open(new ByteArrayInputStream(file));
        assertThat(r.isPcapng()).isTrue();
        List<Frame> frames = new ArrayList<>();
        for (Frame f; (f = r.next()) != null; ) frames.add(f);
        assertThat(frames).extracting(Frame::linkType).containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.ETHERNET, LinkType.LINUX_SLL2);
        assertThat(frames).extracting(Frame::number).containsExactly(1, 2, 3, 4);
        assertThat(frames.get(0).epochNanos()).isEqualTo(1_600_000_000_000_001_000L);
        assertThat(frames.get(1).epochNanos()).isEqualTo(1_600_000_000_000_000_002L);
        assertThat(frames.get(3).epochNanos()).isEqualTo(5_500_000_000L);
        frames.forEach(PcapReaderWriterTest::assertIsTheReport);
    }

    @Test
    void badFilesGiveOneLineErrorsWithOffsets() {
        byte[] good = classic(ByteOrder.BIG_ENDIAN, false, LinkType.RAW, packet(), packet());
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(PcapException.class).hasMessageContaining("truncated file header");
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\n\r\n".getBytes())).isInstanceOf(PcapException.class)
                .hasMessage("not a pcap or pcapng file: magic number 0x47455420 at offset 0");
        assertThatThrownBy(() -> read(Arrays.copyOf(good, 30))).isInstanceOf(PcapException.class)
                .hasMessageContaining("truncated record header of frame 1 at offset 24");
        assertThatThrownBy(() -> read(Arrays.copyOf(good, good.length - 1))).isInstanceOf(PcapException.class)
                .hasMessageContaining("truncated frame 2");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(24 + 8, 0x7FFFFFFF);
        assertThatThrownBy(() -> read(huge)).isInstanceOf(PcapException.class).hasMessageContaining("frame 1 at offset 24 claims 2147483647 captured octets");
        byte[] v3 = good.clone();
        v3[5] = 3;
        assertThatThrownBy(() -> read(v3)).isInstanceOf(PcapException.class).hasMessageContaining("unsupported pcap version");
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] badBom = shb(le);
        badBom[8] = 0;
        assertThatThrownBy(() -> read(badBom)).isInstanceOf(PcapException.class).hasMessageContaining("byte-order magic");
        assertThatThrownBy(() -> read(concat(shb(le), epb(le, 0, 0, packet())))).isInstanceOf(PcapException.class)
                .hasMessageContaining("names interface 0 of 0");
        for (String m : List.of("truncated", "magic")) assertThat(m).doesNotContain("\n");
    }

    @Test
    void noBytesMakeTheReaderThrowAnythingButPcapException() {
        SplittableRandom rnd = new SplittableRandom(20260201);
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        List<byte[]> seeds = List.of(classic(le, true, LinkType.ETHERNET, concat(hex("01005e0a141e0200000000028100006408 00".replace(" ", "")), packet()), packet()),
                concat(shb(le), idb(le, LinkType.RAW, 9), epb(le, 0, 5, packet()), epb(le, 0, 6, packet())));
        for (int i = 0; i < 5000; i++) {
            byte[] b = seeds.get(i & 1).clone();
            int flips = 1 + rnd.nextInt(6);
            for (int k = 0; k < flips; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            if (rnd.nextBoolean()) b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            try {
                for (Frame f : read(b)) {
                    int off = f.ipv4Offset();
                    if (off >= 0) IgmpPacket.parseIpv4(f.data(), off, f.data().length - off);
                }
            } catch (PcapException expected) {
                assertThat(expected.getMessage()).doesNotContain("\n").isNotBlank();
            }
        }
    }
}
