package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import net.igmp.wire.pcap.LinkType;
import net.igmp.wire.pcap.PcapWriter;

class DecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HOST = Ipv4.parse("192.0.2.10");

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        JsonNode json() throws Exception {
            assertThat(lines()).hasSize(1);
            return JSON.readTree(out);
        }
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] ipv4(int src, int dst, IgmpMessage m, boolean routerAlert) {
        Ipv4Header h = Ipv4Header.forIgmp(src, dst, m.encodedLength(), routerAlert);
        byte[] b = new byte[h.totalLength()];
        int hl = h.write(b, 0);
        IgmpEncoder.encode(m, b, hl);
        return b;
    }

    static void assertOneLineError(Run r, int status, String... fragments) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as("stderr: %s", r.err()).hasSize(1);
        assertThat(r.err()).contains(fragments).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void bareV3QueryAsTextShowsEveryField() {
        var q = MembershipQuery.v3(Ipv4.parse("232.1.1.1"), SourceList.of("10.0.0.1", "10.0.0.2"), 100, true, 3, 60);
        Run r = run("decode", hex(IgmpEncoder.toBytes(q)));
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Internet Group Management Protocol\n")
                .contains("[IGMP Version: 3]", "Type: Membership Query (0x11)", "Max Resp Time: 10.0 sec (0x64)",
                        "[correct]", "Multicast Address: 232.1.1.1 (group-and-source-specific query)",
                        "S: 1, suppress router-side processing", "QRV: 3", "QQIC: 60 sec (0x3c)", "Num Src: 2",
                        "Source Address: 10.0.0.1", "Source Address: 10.0.0.2", "[Max Response Time: 10000 ms]")
                .doesNotContain("Internet Protocol");
    }

    @Test
    void v3QueryAsJson() throws Exception {
        // Max Resp 25.6 s and QQI 200 s need the float form: codes 0x80 and 0x89 (200 -> 25 << 3 = 200).
        var q = MembershipQuery.v3(0, SourceList.EMPTY, 256, false, 2, 200);
        JsonNode j = run("decode", "--json", hex(IgmpEncoder.toBytes(q))).json();
        assertThat(fieldNames(j)).containsExactly("type", "version", "kind", "group", "sources", "maxResponseTimeMs",
                "suppressRouterProcessing", "robustness", "queryIntervalS", "checksumValid");
        assertThat(j.get("kind").asText()).isEqualTo("general");
        assertThat(j.get("type").asText()).isEqualTo("query");
        assertThat(j.get("version").asInt()).isEqualTo(3);
        assertThat(j.get("group").asText()).isEqualTo("0.0.0.0");
        assertThat(j.get("maxResponseTimeMs").asLong()).isEqualTo(25600);
        assertThat(j.get("suppressRouterProcessing").asBoolean()).isFalse();
        assertThat(j.get("robustness").asInt()).isEqualTo(2);
        assertThat(j.get("queryIntervalS").asInt()).isEqualTo(200);
        assertThat(j.get("sources").isArray()).isTrue();
        assertThat(j.get("sources")).isEmpty();
        assertThat(j.get("checksumValid").asBoolean()).isTrue();
    }

    @Test
    void ipv4V3ReportWithAllSixRecordTypesAsJson() throws Exception {
        var report = V3MembershipReport.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, Ipv4.parse("232.1.1.1"), SourceList.of("10.0.0.1")),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, Ipv4.parse("239.1.1.1"), SourceList.EMPTY),
                new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, Ipv4.parse("239.1.1.2"), SourceList.of("10.0.0.2", "10.0.0.3")),
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("239.1.1.3"), SourceList.EMPTY),
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, Ipv4.parse("232.1.1.1"), SourceList.of("10.0.0.4")),
                new GroupRecord(RecordType.BLOCK_OLD_SOURCES, Ipv4.parse("232.1.1.1"), SourceList.of("10.0.0.1")));
        JsonNode j = run("decode", "--json", hex(ipv4(HOST, Ipv4.ALL_IGMPV3_ROUTERS, report, true))).json();
        assertThat(fieldNames(j)).containsExactly("type", "version", "records", "checksumValid", "ip");
        assertThat(j.get("type").asText()).isEqualTo("v3-report");
        assertThat(j.get("version").asInt()).isEqualTo(3);
        JsonNode recs = j.get("records");
        assertThat(recs).hasSize(6);
        String[] types = {"IS_IN", "IS_EX", "TO_IN", "TO_EX", "ALLOW", "BLOCK"};
        for (int i = 0; i < 6; i++) {
            JsonNode rec = recs.get(i);
            GroupRecord g = report.records().get(i);
            assertThat(fieldNames(rec)).containsExactly("type", "group", "sources");
            assertThat(rec.get("type").asText()).isEqualTo(types[i]);
            assertThat(rec.get("group").asText()).isEqualTo(Ipv4.format(g.group()));
            assertThat(rec.get("sources")).hasSize(g.sources().size());
            for (int s = 0; s < g.sources().size(); s++) assertThat(rec.get("sources").get(s).asText()).isEqualTo(Ipv4.format(g.sources().get(s)));
        }
        JsonNode ip = j.get("ip");
        assertThat(fieldNames(ip)).containsExactly("src", "dst", "ttl", "routerAlert");
        assertThat(ip.get("src").asText()).isEqualTo("192.0.2.10");
        assertThat(ip.get("dst").asText()).isEqualTo("224.0.0.22");
        assertThat(ip.get("ttl").asInt()).isEqualTo(1);
        assertThat(ip.get("routerAlert").asBoolean()).isTrue();
        assertThat(j.get("checksumValid").asBoolean()).isTrue();
    }

    @Test
    void ipv4V3ReportAsTextShowsTheHeaderAndRecords() {
        var report = V3MembershipReport.of(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, Ipv4.parse("232.1.1.1"), SourceList.of("10.0.0.4")));
        Run r = run("decode", hex(ipv4(HOST, Ipv4.ALL_IGMPV3_ROUTERS, report, true)));
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Internet Protocol Version 4, Src: 192.0.2.10, Dst: 224.0.0.22\n")
                .contains("Time to Live: 1", "Protocol: IGMP (2)", "Router Alert", "Header Checksum: ", "Internet Group Management Protocol",
                        "Type: Membership Report (0x22)", "Num Group Records: 1", "Group Record: 232.1.1.1  Allow New Sources [ALLOW]",
                        "Record Type: Allow New Sources [ALLOW] (5)", "Source Address: 10.0.0.4");
    }

    @Test
    void everyOtherTypeAsJson() throws Exception {
        int g = Ipv4.parse("239.4.4.4");
        JsonNode v1q = run("decode", "--json", hex(IgmpEncoder.toBytes(MembershipQuery.v1General()))).json();
        assertThat(fieldNames(v1q)).containsExactly("type", "version", "kind", "group", "sources", "maxResponseTimeMs", "checksumValid");
        assertThat(v1q.get("version").asInt()).isEqualTo(1);
        assertThat(v1q.get("maxResponseTimeMs").asLong()).isZero();

        JsonNode v2q = run("decode", "--json", hex(IgmpEncoder.toBytes(MembershipQuery.v2(g, 10)))).json();
        assertThat(v2q.get("type").asText()).isEqualTo("query");
        assertThat(v2q.get("version").asInt()).isEqualTo(2);
        assertThat(v2q.get("group").asText()).isEqualTo("239.4.4.4");
        assertThat(v2q.get("kind").asText()).isEqualTo("group-specific");
        assertThat(v2q.get("maxResponseTimeMs").asLong()).isEqualTo(1000);

        for (var c : List.of(new Object[] {new V1MembershipReport(g), "v1-report", 1}, new Object[] {new V2MembershipReport(g), "v2-report", 2},
                new Object[] {new LeaveGroup(g), "leave", 2})) {
            JsonNode j = run("decode", "--json", hex(IgmpEncoder.toBytes((IgmpMessage) c[0]))).json();
            assertThat(fieldNames(j)).containsExactly("type", "version", "group", "checksumValid");
            assertThat(j.get("type").asText()).isEqualTo(c[1]);
            assertThat(j.get("version").asInt()).isEqualTo(c[2]);
            assertThat(j.get("group").asText()).isEqualTo("239.4.4.4");
        }

        JsonNode u = run("decode", "--json", hex(IgmpEncoder.toBytes(new UnknownMessage(0x30, 0, new byte[4])))).json();
        assertThat(u.get("type").asText()).isEqualTo("unknown");
        assertThat(u.get("typeCode").asInt()).isEqualTo(0x30);
        assertThat(u.get("checksumValid").asBoolean()).isTrue();
    }

    @Test
    void hexMaySpanArgumentsWithSpacesColonsAndPrefix() throws Exception {
        // RFC 2236-style v2 general query, Max Resp Time 10 s: 11 64 ee 9b 00 00 00 00
        for (String[] args : List.of(new String[] {"decode", "--json", "11 64 ee 9b 00 00 00 00"},
                new String[] {"decode", "--json", "11:64:EE:9B:00:00:00:00"},
                new String[] {"decode", "--json", "0x1164ee9b", "00000000"},
                new String[] {"decode", "--json", "11", "64", "ee", "9b", "00", "00", "00", "00"})) {
            JsonNode j = run(args).json();
            assertThat(j.get("type").asText()).as(Arrays.toString(args)).isEqualTo("query");
            assertThat(j.get("version").asInt()).isEqualTo(2);
            assertThat(j.get("maxResponseTimeMs").asLong()).isEqualTo(10_000);
            assertThat(j.get("checksumValid").asBoolean()).isTrue();
        }
    }

    @Test
    void wrongChecksumStillDecodes() throws Exception {
        Run r = run("decode", "--json", "1164ee9c00000000");
        assertThat(r.status()).isZero();
        assertThat(r.json().get("checksumValid").asBoolean()).isFalse();
        assertThat(r.json().get("type").asText()).isEqualTo("query");
        assertThat(run("decode", "1164ee9c00000000").out()).contains("Checksum: 0xee9c [incorrect]");
    }

    @Test
    void malformedInputExits65WithOneLineNamingProblemAndOffset() {
        // A v3 report that claims 2 records but holds one of 8 octets: the second starts at offset 16.
        var one = V3MembershipReport.of(new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("239.1.1.1"), SourceList.EMPTY));
        byte[] b = IgmpEncoder.toBytes(one);
        b[7] = 2;
        assertOneLineError(run("decode", hex(b)), Main.EX_DATAERR, "group record overruns the packet", "at offset 16");
        assertOneLineError(run("decode", "--json", hex(b)), Main.EX_DATAERR, "at offset 16");
        // The same inside IPv4 with Router Alert: offsets count from the start of the IPv4 header (24 octets).
        byte[] ip = ipv4(HOST, Ipv4.ALL_IGMPV3_ROUTERS, one, true);
        ip[24 + 7] = 2;
        assertOneLineError(run("decode", hex(ip)), Main.EX_DATAERR, "at offset 40");
        assertOneLineError(run("decode", "1164ee9b0000"), Main.EX_DATAERR, "truncated at offset 6");
        assertOneLineError(run("decode", "1164ee9b0000000000"), Main.EX_DATAERR, "invalid query length at offset 8");
        assertOneLineError(run("decode", "4f00001c0000000001020000c0000201e0000001"), Main.EX_DATAERR, "bad IPv4 header length (IHL) at offset 0");
        assertOneLineError(run("decode", "4500001c000000000111000 0c0000201e0000001 1164ee9b00000000".replace(" ", "")), Main.EX_DATAERR,
                "not IGMP: the IPv4 packet carries protocol 17 (UDP), not IGMP (2)");
    }

    @Test
    void badHexIsOneLine() {
        assertOneLineError(run("decode", "11 64 zz"), Main.EX_DATAERR, "not hexadecimal: 'z'");
        assertOneLineError(run("decode", "116"), Main.EX_DATAERR, "odd number of hex digits");
        assertOneLineError(run("decode", ":"), Main.EX_DATAERR, "no hexadecimal digits");
    }

    @Test
    void usageErrors() {
        Run none = run("decode");
        assertThat(none.status()).isEqualTo(Main.EX_USAGE);
        assertThat(none.err()).contains("give the message in HEX, or --pcap FILE");
        Run both = run("decode", "--pcap", "x.pcap", "1164ee9b00000000");
        assertThat(both.status()).isEqualTo(Main.EX_USAGE);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void missingOrBrokenCaptureIsOneLine() throws Exception {
        assertOneLineError(run("decode", "--pcap", dir.resolve("nope.pcap").toString()), DecodeCommand.EX_NOINPUT, "no such file", "nope.pcap");
        Path text = dir.resolve("text.pcap");
        Files.writeString(text, "this is not a capture\n");
        assertOneLineError(run("decode", "--pcap", text.toString()), Main.EX_DATAERR, "not a pcap or pcapng file", "offset 0");
    }

    /** A capture with IGMP, a UDP packet, an ARP frame, a malformed IGMP packet and a bad checksum. */
    private Path mixedCapture() throws Exception {
        Path p = dir.resolve("mixed.pcap");
        int g = Ipv4.parse("239.1.2.3");
        try (PcapWriter w = PcapWriter.create(p, LinkType.ETHERNET)) {
            long t0 = 1_750_000_000_000_000_000L;
            byte[] q = ipv4(Ipv4.parse("192.0.2.1"), Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125), true);
            w.writeIpv4(t0, q, 0, q.length);
            byte[] udp = ipv4(HOST, g, new V2MembershipReport(g), true);
            udp[9] = 17; // UDP: not IGMP, skipped
            w.writeIpv4(t0 + 100_000_000L, udp, 0, udp.length);
            var rep = V3MembershipReport.of(new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, g, SourceList.EMPTY));
            byte[] r = ipv4(HOST, Ipv4.ALL_IGMPV3_ROUTERS, rep, true);
            w.writeIpv4(t0 + 250_000_000L, r, 0, r.length);
            byte[] bad = r.clone();
            bad[24 + 7] = 3; // three records claimed, one present
            w.writeIpv4(t0 + 500_000_000L, bad, 0, bad.length);
            byte[] leave = ipv4(HOST, Ipv4.ALL_ROUTERS, new LeaveGroup(g), false);
            leave[leave.length - 5] ^= 0x40; // corrupt the IGMP checksum
            w.writeIpv4(t0 + 1_000_000_000L, leave, 0, leave.length);
        }
        return p;
    }

    @Test
    void pcapOneLinePerIgmpPacketWithNumberAndTime() throws Exception {
        Run r = run("decode", "--pcap", mixedCapture().toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("\\s+1\\s+0\\.000000\\s+192\\.0\\.2\\.1\\s+-> 224\\.0\\.0\\.1\\s+query v3 general, max resp 10\\.0 s, QRV 2, QQI 125 s");
        assertThat(lines.get(1)).matches("\\s+3\\s+0\\.250000\\s+192\\.0\\.2\\.10\\s+-> 224\\.0\\.0\\.22\\s+v3-report TO_EX\\(239\\.1\\.2\\.3, \\{}\\)");
        assertThat(lines.get(2)).matches("\\s+4\\s+0\\.500000\\s+.*malformed: group record overruns the packet at offset 40: record 2 of 3.*");
        assertThat(lines.get(3)).matches("\\s+5\\s+1\\.000000\\s+192\\.0\\.2\\.10\\s+-> 224\\.0\\.0\\.2\\s+leave 239\\.1\\.2\\.3 \\[bad checksum] \\[no Router Alert]");
    }

    @Test
    void pcapAsJsonLines() throws Exception {
        Run r = run("decode", "--pcap", mixedCapture().toString(), "--json");
        assertThat(r.status()).isZero();
        List<JsonNode> objs = r.lines().stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(objs).extracting(o -> o.get("frame").asInt()).containsExactly(1, 3, 4, 5);
        assertThat(objs).extracting(o -> o.get("time").asDouble()).containsExactly(0.0, 0.25, 0.5, 1.0);
        assertThat(objs.get(0).get("timestamp").asText()).isEqualTo("2025-06-15T15:06:40Z");
        assertThat(objs.get(0).get("type").asText()).isEqualTo("query");
        assertThat(objs.get(1).get("records").get(0).get("type").asText()).isEqualTo("TO_EX");
        assertThat(objs.get(2).get("malformed").asText()).startsWith("group record overruns the packet at offset 40");
        assertThat(objs.get(2).get("ip").get("src").asText()).isEqualTo("192.0.2.10");
        assertThat(objs.get(3).get("type").asText()).isEqualTo("leave");
        assertThat(objs.get(3).get("checksumValid").asBoolean()).isFalse();
        assertThat(objs.get(3).get("ip").get("routerAlert").asBoolean()).isFalse();
    }

    @Test
    void truncatedCapturePrintsWhatWasReadThenOneErrorLine() throws Exception {
        byte[] whole = Files.readAllBytes(mixedCapture());
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        Run r = run("decode", "--pcap", cut.toString());
        assertThat(r.status()).isEqualTo(Main.EX_DATAERR);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("truncated frame 5").doesNotContain("Exception");
    }

    @Test
    void theShippedKernelSampleDecodes() throws Exception {
        Path sample = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && sample == null; d = d.getParent())
            if (Files.isRegularFile(d.resolve("samples/kernel-igmp.pcap"))) sample = d.resolve("samples/kernel-igmp.pcap");
        assertThat(sample).as("samples/kernel-igmp.pcap in the repository").isNotNull();
        Run r = run("decode", "--pcap", sample.toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("query v3 general", "query v3 group-specific ", "query v3 group-and-source-specific ", "v3-report TO_EX(", "v3-report TO_IN(", "ALLOW(", "BLOCK(",
                "v2-report ", "leave ", "v1-report ").doesNotContain("malformed", "bad checksum");
        Run j = run("decode", "--pcap", sample.toString(), "--json");
        for (String line : j.lines()) assertThat(JSON.readTree(line).get("checksumValid").asBoolean()).isTrue();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
