package net.igmp.cli;

import static net.igmp.cli.DecodeCommandTest.assertOneLineError;
import static net.igmp.cli.DecodeCommandTest.hex;
import static net.igmp.cli.DecodeCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.igmp.wire.pcap.Frame;
import net.igmp.wire.pcap.PcapReader;

/**
 * What {@code igmp decode} takes as hex: dumps of tshark and tcpdump, Ethernet frames with VLAN tags, and what it
 * refuses (IPv6, ARP, UDP). The dumps under {@code dumps/} are the tools' own output for frames 9 and 21 of
 * samples/kernel-igmp.pcap: {@code editcap -r samples/kernel-igmp.pcap f21.pcap 21}, then {@code tshark -r f21.pcap -x}
 * (also with {@code -P} and {@code -V}) and {@code tcpdump -r f21.pcap -x} (also {@code -xx}, {@code -X},
 * {@code -XX}, {@code -nn -v -X}).
 */
class DecodeInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path sample() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isRegularFile(d.resolve("samples/kernel-igmp.pcap"))) return d.resolve("samples/kernel-igmp.pcap");
        throw new AssertionError("samples/kernel-igmp.pcap not found above " + Path.of("").toAbsolutePath());
    }

    static Frame sampleFrame(int number) throws Exception {
        return PcapReader.readAll(sample()).get(number - 1);
    }

    static String resource(String name) throws IOException {
        return new String(resourceBytes(name), StandardCharsets.UTF_8);
    }

    static byte[] resourceBytes(String name) throws IOException {
        try (InputStream in = DecodeInputTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The JSON of the frame's IPv4 packet given as a plain hex string: what every dump of it must decode to. */
    static JsonNode plainJson(Frame f) throws Exception {
        byte[] d = f.data();
        int ip = f.ipv4Offset();
        var r = run("decode", "--json", hex(java.util.Arrays.copyOfRange(d, ip, d.length)));
        assertThat(r.status()).as(r.err()).isZero();
        return r.json();
    }

    static DecodeCommandTest.Run withStdin(byte[] input, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(input));
        try {
            return run(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void dumpsOfTsharkAndTcpdumpDecodeAsThePacketTheyShow() throws Exception {
        JsonNode leave = plainJson(sampleFrame(9)), query = plainJson(sampleFrame(21));
        assertThat(leave.get("records").get(0).get("type").asText()).isEqualTo("TO_IN");
        assertThat(query.get("sources").get(0).asText()).isEqualTo("10.77.0.100");
        record Dump(String file, JsonNode packet, boolean ethernet) {}
        for (Dump d : List.of(new Dump("tshark-x.txt", leave, true), new Dump("tshark-P-x.txt", query, true),
                new Dump("tshark-V-x.txt", query, true), new Dump("tcpdump-x.txt", query, false), new Dump("tcpdump-xx.txt", query, true),
                new Dump("tcpdump-X.txt", query, false), new Dump("tcpdump-XX.txt", query, true), new Dump("tcpdump-v-X.txt", leave, false))) {
            String text = resource("dumps/" + d.file());
            for (var r : List.of(run("decode", "--json", text), withStdin(text.getBytes(StandardCharsets.UTF_8), "decode", "--json", "-"))) {
                assertThat(r.status()).as(d.file() + ": " + r.err()).isZero();
                ObjectNode got = (ObjectNode) r.json();
                JsonNode link = got.remove("link");
                assertThat(got).as(d.file()).isEqualTo(d.packet());
                if (d.ethernet()) {
                    assertThat(link.get("type").asText()).isEqualTo("ethernet");
                    assertThat(link.get("src").asText()).matches("(5e:50:50:21:de:d9|ae:db:6d:91:2b:3a)");
                    assertThat(link.get("vlans")).isEmpty();
                } else {
                    assertThat(link).as(d.file()).isNull();
                }
            }
        }
        assertThat(run("decode", resource("dumps/tshark-x.txt")).out()).startsWith("""
                Ethernet II, Src: ae:db:6d:91:2b:3a, Dst: 01:00:5e:00:00:16
                Internet Protocol Version 4, Src: 10.77.0.3, Dst: 224.0.0.22
                """);
    }

    @Test
    void aTextColumnThatLooksLikeHexIsStillTheTextColumn() throws Exception {
        // A bare v3 report whose second line holds sources 97.98.99.100, 49.50.51.52, 65.66.67.68, 101.102.48.49:
        // its text column "abcd1234ABCDef01" is sixteen hex digits.
        String plain = "2200 0000 0000 0001 0100 0004 ef01 0203 6162 6364 3132 3334 4142 4344 6566 3031";
        byte[] b = HexFormat.of().parseHex(plain.replace(" ", ""));
        int sum = net.igmp.wire.InternetChecksum.compute(b, 0, b.length);
        b[2] = (byte) (sum >>> 8);
        b[3] = (byte) sum;
        String h = HexFormat.ofDelimiter(" ").formatHex(b);
        String dump = "0000  " + h.substring(0, 47) + "   " + printable(b, 0, 16) + "\n0010  " + h.substring(48) + "   abcd1234ABCDef01\n";
        JsonNode j = run("decode", "--json", dump).json();
        assertThat(j).isEqualTo(run("decode", "--json", hex(b)).json());
        assertThat(j.get("records").get(0).get("sources")).extracting(JsonNode::asText)
                .containsExactly("97.98.99.100", "49.50.51.52", "65.66.67.68", "101.102.48.49");
        assertThat(j.get("checksumValid").asBoolean()).isTrue();
        // xxd and hexdump -C lay the same octets out their own way.
        String xxd = "00000000: " + groups(b, 0, 16) + "  " + printable(b, 0, 16) + "\n00000010: " + groups(b, 16, 32) + "  abcd1234ABCDef01\n";
        String hexdumpC = "00000000  " + h.substring(0, 23) + "  " + h.substring(24, 47) + "  |" + printable(b, 0, 16) + "|\n"
                + "00000010  " + h.substring(48, 71) + "  " + h.substring(72) + "  |abcd1234ABCDef01|\n00000020\n";
        assertThat(run("decode", "--json", xxd).json()).isEqualTo(j);
        assertThat(run("decode", "--json", hexdumpC).json()).isEqualTo(j);
    }

    private static String printable(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) sb.append(b[i] >= 0x20 && b[i] < 0x7F ? (char) b[i] : '.');
        return sb.toString();
    }

    private static String groups(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i += 2) sb.append(i > from ? " " : "").append(HexFormat.of().formatHex(b, i, i + 2));
        return sb.toString();
    }

    @Test
    void aDumpWithALineMissingOrTwoPacketsIsRefused() throws Exception {
        String tshark = resource("dumps/tshark-x.txt");
        String gap = tshark.lines().filter(l -> !l.startsWith("0010")).reduce("", (a, l) -> a + l + "\n");
        assertOneLineError(run("decode", gap), Main.EX_DATAERR, "line 2 has offset 0x0020, but the lines before it hold 0x0010 octets");
        assertOneLineError(run("decode", resource("dumps/tcpdump-x-two-packets.txt")), Main.EX_DATAERR, "line 6 starts a second packet");
        assertOneLineError(run("decode", "0000  11 64 ee 9b 00 00 00 00   .d......  extra"), Main.EX_DATAERR,
                "line 1: cannot tell its hex digits from its text column");
    }

    /** Frame 21 of the sample (a group-and-source-specific query) with tags inserted after its MAC addresses. */
    private static byte[] tagged(String tags) throws Exception {
        byte[] frame = sampleFrame(21).data();
        byte[] t = HexFormat.of().parseHex(tags);
        byte[] b = new byte[frame.length + t.length];
        System.arraycopy(frame, 0, b, 0, 12);
        System.arraycopy(t, 0, b, 12, t.length);
        System.arraycopy(frame, 12, b, 12 + t.length, frame.length - 12);
        return b;
    }

    @Test
    void ethernetFramesWithVlanTagsAreRecognised() throws Exception {
        JsonNode query = plainJson(sampleFrame(21));
        for (String tags : List.of("", "81006064", "88a800c8" + "81000064", "910000c8" + "81000064")) {
            byte[] b = tagged(tags);
            ObjectNode j = (ObjectNode) run("decode", "--json", hex(b)).json();
            JsonNode link = j.remove("link");
            assertThat(j).as(tags).isEqualTo(query);
            assertThat(link.get("dst").asText()).isEqualTo("01:00:5e:01:01:01");
            assertThat(link.get("vlans")).extracting(JsonNode::asInt)
                    .containsExactlyElementsOf(tags.isEmpty() ? List.of() : tags.length() == 8 ? List.of(100) : List.of(200, 100));
        }
        var text = run("decode", hex(tagged("88a800c8" + "81006064")));
        assertThat(text.status()).isZero();
        assertThat(text.lines().subList(0, 4)).containsExactly("Ethernet II, Src: 5e:50:50:21:de:d9, Dst: 01:00:5e:01:01:01",
                "802.1ad Virtual LAN, PRI: 0, DEI: 0, ID: 200", "802.1Q Virtual LAN, PRI: 3, DEI: 0, ID: 100",
                "Internet Protocol Version 4, Src: 10.77.0.1, Dst: 232.1.1.1");
        // A malformed packet inside a frame: the offset counts from the start of the frame.
        byte[] cut = java.util.Arrays.copyOf(tagged("81000064"), 18 + 24 + 12);
        cut[18 + 3] = (byte) (24 + 12); // IPv4 total length: the header and a 12-octet query that claims one source
        cut[18 + 10] = cut[18 + 11] = 0;
        assertOneLineError(run("decode", hex(cut)), Main.EX_DATAERR, "malformed: number of sources overruns the packet at offset 52: 1 sources need 16 octets, got 12");
    }

    @Test
    void linuxCookedHeadersAreRecognised() throws Exception {
        Frame f = sampleFrame(21);
        String ip = hex(java.util.Arrays.copyOfRange(f.data(), 14, f.data().length));
        JsonNode query = plainJson(f);
        for (String header : List.of("0000 0001 0006 5e50502123d9 0000 0800", "0800 0000 00000002 0001 00 06 5e50502123d9 0000")) {
            ObjectNode j = (ObjectNode) run("decode", "--json", header + ip).json();
            assertThat(j.remove("link").get("type").asText()).isEqualTo(header.startsWith("0800") ? "linux-sll2" : "linux-sll");
            assertThat(j).isEqualTo(query);
        }
        assertThat(run("decode", "0000 0001 0006 5e50502123d9 0000 0800" + ip).lines().getFirst()).isEqualTo("Linux cooked capture v1");
    }

    @Test
    void ipv6ArpAndUdpAreNotIgmp() throws Exception {
        // An MLDv2 report (IPv6, hop-by-hop options, ICMPv6 type 143), bare and in an Ethernet frame.
        String mld = "6000000000240001fe800000000000000000000000000001ff0200000000000000000000000000163a000502000001008f00"
                + "00000000000104000000ff0200000000000000000000000000fb";
        assertOneLineError(run("decode", mld), Main.EX_DATAERR, "not IGMP: an IPv6 packet", "MLD");
        assertOneLineError(run("decode", "333300000016 020000000001 86dd" + mld), Main.EX_DATAERR,
                "not IGMP: an Ethernet frame carrying IPv6 (EtherType 0x86dd)");
        assertOneLineError(run("decode", "--json", "ffffffffffff 020000000001 8100 0064 0806 0001080006040001020000000001c0000201000000000000c0000202"),
                Main.EX_DATAERR, "not IGMP: an Ethernet frame carrying ARP (EtherType 0x0806)");
        byte[] udp = sampleFrame(9).data().clone();
        udp[14 + 9] = 17;
        assertOneLineError(run("decode", hex(udp)), Main.EX_DATAERR, "not IGMP: the IPv4 packet carries protocol 17 (UDP), not IGMP (2)");
        assertOneLineError(run("decode", hex(java.util.Arrays.copyOfRange(udp, 14, udp.length))), Main.EX_DATAERR, "protocol 17 (UDP)");
    }

    @Test
    void aCaptureOnStandardInputDecodesAsTheFile() throws Exception {
        var file = run("decode", "--pcap", sample().toString());
        assertThat(file.lines()).hasSize(22);
        for (var name : List.of("kernel-igmp.pcapng", "/sample")) {
            byte[] capture = name.equals("/sample") ? Files.readAllBytes(sample()) : resourceBytes(name);
            var piped = withStdin(capture, "decode", "--pcap", "-");
            assertThat(piped.status()).as(piped.err()).isZero();
            assertThat(piped.out()).as(name).isEqualTo(file.out());
        }
        var json = withStdin(Files.readAllBytes(sample()), "decode", "--pcap", "-", "--json");
        assertThat(json.out()).isEqualTo(run("decode", "--pcap", sample().toString(), "--json").out());
        var cut = withStdin(java.util.Arrays.copyOf(Files.readAllBytes(sample()), 100), "decode", "--pcap", "-");
        assertThat(cut.status()).isEqualTo(Main.EX_DATAERR);
        assertThat(cut.err()).startsWith("igmp decode: standard input: truncated record header of frame 2 at offset 90");
    }

    /**
     * A pipe gets the file header and the first frame; the first line must come out before the rest is written,
     * as with {@code tcpdump -U -w - igmp | igmp decode --pcap -}.
     */
    @Test
    void aPipeIsDecodedAsItArrives() throws Exception {
        // standard input as a pipe whose writer holds back everything after the first frame until its line is out
        byte[] capture = Files.readAllBytes(sample());
        int firstFrameEnd = 24 + 16 + java.nio.ByteBuffer.wrap(capture, 24 + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        var pipeIn = new java.io.PipedInputStream(1 << 16);
        var pipeOut = new java.io.PipedOutputStream(pipeIn);
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        var status = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.io.InputStream oldIn = System.in;
        java.io.PrintStream oldOut = System.out, oldErr = System.err;
        System.setIn(pipeIn);
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        String early;
        try {
            Thread decoder = Thread.ofPlatform().daemon().start(() -> status.set(Main.run("decode", "--pcap", "-")));
            pipeOut.write(capture, 0, firstFrameEnd);
            pipeOut.flush();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!out.toString(StandardCharsets.UTF_8).contains("\n") && decoder.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            early = out.toString(StandardCharsets.UTF_8);
            pipeOut.write(capture, firstFrameEnd, capture.length - firstFrameEnd);
            pipeOut.close();
            decoder.join(30_000);
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(early).as("output before the rest was written; stderr: %s", err).startsWith("    1    0.000000  10.77.0.1");
        assertThat(status.get()).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(run("decode", "--pcap", sample().toString()).out());
    }

    @Test
    void anUnsupportedLinkTypeIsNamed() throws Exception {
        // The sample's Ethernet frames in a file whose header says Wi-Fi.
        byte[] pcap = Files.readAllBytes(sample());
        assertThat(java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(20)).isEqualTo(1);
        pcap[20] = 105;
        Path wifi = dir.resolve("wifi.pcap");
        Files.write(wifi, pcap);
        assertOneLineError(run("decode", "--pcap", wifi.toString()), Main.EX_DATAERR,
                "wifi.pcap: link type IEEE802_11 (105) is not supported: igmp decode reads Ethernet, raw IP, Linux cooked and BSD loopback captures");
        // pcapng names the link type per interface: the sample's first interface made radiotap.
        byte[] ng = resourceBytes("kernel-igmp.pcapng");
        int idb = java.nio.ByteBuffer.wrap(ng, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(ng[idb]).isEqualTo((byte) 1); // an interface description block
        ng[idb + 8] = 127;
        Path radiotap = dir.resolve("radiotap.pcapng");
        Files.write(radiotap, ng);
        assertOneLineError(run("decode", "--pcap", radiotap.toString(), "--json"), Main.EX_DATAERR,
                "radiotap.pcapng: frame 1: link type IEEE802_11_RADIOTAP (127) is not supported");
        assertOneLineError(run("decode", "--pcap", dir.toString()), Main.EX_NOINPUT, "a directory, not a capture: " + dir);
    }
}
