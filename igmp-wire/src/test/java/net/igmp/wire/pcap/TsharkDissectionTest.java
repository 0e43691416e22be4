package net.igmp.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import net.igmp.wire.FloatCode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.IgmpPacket;
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

/**
 * Proof against a dissector we did not write: every message kind the encoder makes, inside IPv4 with Router Alert,
 * is written to a pcap and dissected by tshark (Wireshark), and every field tshark reads must be what was encoded,
 * with no malformed packet and no expert warning or error. Runs in CI (CI=true: fails when tshark is missing);
 * elsewhere it is skipped when tshark is not installed.
 */
// tshark is a separate process: a time limit on a thread of its own, so one that hangs fails its test
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TsharkDissectionTest {
    private static final int HOST = Ipv4.parse("10.1.0.7"), ROUTER = Ipv4.parse("10.1.0.1");

    @TempDir
    Path dir;

    @BeforeAll
    static void needTshark() {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (new File(d, "tshark").canExecute()) found = true;
        if (!found) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but tshark is not installed (apt-get install -y tshark)");
            Assumptions.abort("skipped: tshark is not installed (apt-get install -y tshark to run this proof)");
        }
    }

    /** Every kind of message, each with the destination it is sent to. */
    static List<Sent> everyKind() {
        int g1 = Ipv4.parse("239.1.1.1"), g2 = Ipv4.parse("239.2.2.2"), ssm = Ipv4.parse("232.1.2.3");
        List<Sent> all = new ArrayList<>();
        all.add(new Sent(ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v1General()));
        all.add(new Sent(ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v2(0, 100)));
        all.add(new Sent(ROUTER, g1, MembershipQuery.v2(g1, 10)));
        all.add(new Sent(ROUTER, Ipv4.ALL_SYSTEMS, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125)));
        all.add(new Sent(ROUTER, g1, MembershipQuery.v3(g1, SourceList.EMPTY, 10, true, 2, 125)));
        // Float-coded Max Resp Code and QQIC (codes >= 128), the S flag and the largest QRV.
        all.add(new Sent(ROUTER, ssm, MembershipQuery.v3(ssm, SourceList.of("10.9.0.1", "10.9.0.2", "192.0.2.33"), 3000, true, 7, 1000)));
        all.add(new Sent(ROUTER, g2, MembershipQuery.v3(g2, SourceList.of("198.51.100.1"), 255, false, 0, FloatCode.MAX_VALUE)));
        all.add(new Sent(HOST, g1, new V1MembershipReport(g1)));
        all.add(new Sent(HOST, g2, new V2MembershipReport(g2)));
        all.add(new Sent(HOST, Ipv4.ALL_ROUTERS, new LeaveGroup(g2)));
        all.add(new Sent(HOST, Ipv4.ALL_IGMPV3_ROUTERS, V3MembershipReport.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, ssm, SourceList.of("10.9.0.1", "10.9.0.2")),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, g1, SourceList.EMPTY),
                new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, g2, SourceList.of("10.9.0.3")),
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("239.3.3.3"), SourceList.of("10.9.0.4")),
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, ssm, SourceList.of("10.9.0.5", "10.9.0.6", "10.9.0.7")),
                new GroupRecord(RecordType.BLOCK_OLD_SOURCES, ssm, SourceList.of("10.9.0.1")))));
        all.add(new Sent(HOST, Ipv4.ALL_IGMPV3_ROUTERS, V3MembershipReport.of(
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, g1, SourceList.EMPTY))));
        return all;
    }

    record Sent(int source, int destination, IgmpMessage message) {}

    @Test
    void tsharkReadsEveryFieldAsEncodedOverEthernet() throws Exception {
        dissectAndCompare(LinkType.ETHERNET);
    }

    @Test
    void tsharkReadsEveryFieldAsEncodedOverRawIp() throws Exception {
        dissectAndCompare(LinkType.RAW);
    }

    private void dissectAndCompare(int linkType) throws Exception {
        List<Sent> sent = everyKind();
        Path pcap = dir.resolve("every-kind-" + linkType + ".pcap");
        try (PcapWriter w = PcapWriter.create(pcap, linkType)) {
            long t = 1_700_000_000_000_000_000L;
            for (Sent s : sent) {
                Ipv4Header ip = Ipv4Header.forIgmp(s.source(), s.destination(), s.message().encodedLength(), true);
                w.writeIgmp(t, ip, s.message());
                t += 1_000_000;
            }
        }
        // Our own reader gets back exactly what was written.
        List<Frame> frames = PcapReader.readAll(pcap);
        assertThat(frames).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Frame f = frames.get(i);
            IgmpPacket.ParseOutcome r = IgmpPacket.parseIpv4(f.data(), f.ipv4Offset(), f.data().length - f.ipv4Offset());
            assertThat(r.ok()).as("frame %d", i + 1).isTrue();
            assertThat(r.packet().message()).isEqualTo(sent.get(i).message());
            if (linkType == LinkType.ETHERNET && Ipv4.isMulticast(sent.get(i).destination())) {
                int d = sent.get(i).destination();
                assertThat(java.util.Arrays.copyOf(f.data(), 6)).containsExactly(
                        0x01, 0x00, 0x5E, (d >>> 16) & 0x7F, (d >>> 8) & 0xFF, d & 0xFF);
            }
        }

        Document pdml = pdml(pcap);
        NodeList packets = pdml.getElementsByTagName("packet");
        assertThat(packets.getLength()).isEqualTo(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Element packet = (Element) packets.item(i);
            Sent s = sent.get(i);
            String where = "frame " + (i + 1) + " (" + s.message() + ")";
            assertThat(fields(packet, "_ws.malformed")).as(where).isEmpty();
            assertThat(fields(packet, "_ws.expert")).as(where).isEmpty();
            Element ip = proto(packet, "ip");
            assertThat(show(ip, "ip.src")).as(where).isEqualTo(Ipv4.format(s.source()));
            assertThat(show(ip, "ip.dst")).as(where).isEqualTo(Ipv4.format(s.destination()));
            assertThat(show(ip, "ip.ttl")).as(where).isEqualTo("1");
            assertThat(show(ip, "ip.proto")).as(where).isEqualTo("2");
            assertThat(show(ip, "ip.checksum.status")).as(where + ": IPv4 header checksum").isEqualTo("1");
            assertThat(fields(ip, "ip.options.routeralert")).as(where + ": Router Alert").hasSize(1);
            assertThat(show(ip, "ip.opt.ra")).as(where).isEqualTo("0");
            compareIgmp(proto(packet, "igmp"), s.message(), where);
        }
        assertNoExpertInfo(pcap);

        // Wireshark's own pcapng writer: the same frames must come back through our pcapng reader.
        Path ng = dir.resolve("every-kind-" + linkType + ".pcapng");
        run("editcap", "-F", "pcapng", pcap.toString(), ng.toString());
        List<Frame> fromNg = PcapReader.readAll(ng);
        assertThat(fromNg).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(fromNg.get(i).data()).isEqualTo(frames.get(i).data());
            assertThat(fromNg.get(i).epochNanos()).isEqualTo(frames.get(i).epochNanos());
            assertThat(fromNg.get(i).linkType()).isEqualTo(linkType);
        }
    }

    private static void compareIgmp(Element igmp, IgmpMessage m, String where) {
        assertThat(show(igmp, "igmp.type")).as(where).isEqualTo(String.format("0x%02x", m.type()));
        assertThat(show(igmp, "igmp.checksum.status")).as(where + ": checksum Good").isEqualTo("1");
        switch (m) {
            case MembershipQuery q -> {
                assertThat(show(igmp, "igmp.version")).as(where).isEqualTo(String.valueOf(q.version()));
                assertThat(show(igmp, "igmp.maddr")).as(where).isEqualTo(Ipv4.format(q.group()));
                if (q.version() > 1) {
                    // tshark shows Max Resp Time in tenths of a second, decoded from the float form in v3.
                    assertThat(show(igmp, "igmp.max_resp")).as(where).isEqualTo(String.valueOf(q.maxRespTimeTenths()));
                    assertThat(showname(igmp, "igmp.max_resp")).as(where).contains(String.format("(0x%02x)", q.maxRespCode()));
                }
                if (q.version() == 3) {
                    assertThat(show(igmp, "igmp.s")).as(where).isEqualTo(q.suppressRouterProcessing() ? "1" : "0");
                    assertThat(show(igmp, "igmp.qrv")).as(where).isEqualTo(String.valueOf(q.qrv()));
                    // tshark shows the QQIC octet as it is, without decoding the float form.
                    assertThat(show(igmp, "igmp.qqic")).as(where).isEqualTo(String.valueOf(q.qqic()));
                    assertThat(show(igmp, "igmp.num_src")).as(where).isEqualTo(String.valueOf(q.sources().size()));
                    assertThat(shows(igmp, "igmp.saddr")).as(where).isEqualTo(dotted(q.sources()));
                } else {
                    assertThat(fields(igmp, "igmp.qrv")).as(where).isEmpty();
                }
            }
            case V1MembershipReport r -> {
                assertThat(show(igmp, "igmp.version")).as(where).isEqualTo("1");
                assertThat(show(igmp, "igmp.maddr")).as(where).isEqualTo(Ipv4.format(r.group()));
            }
            case V2MembershipReport r -> {
                assertThat(show(igmp, "igmp.version")).as(where).isEqualTo("2");
                assertThat(show(igmp, "igmp.maddr")).as(where).isEqualTo(Ipv4.format(r.group()));
            }
            case LeaveGroup l -> {
                assertThat(show(igmp, "igmp.version")).as(where).isEqualTo("2");
                assertThat(show(igmp, "igmp.maddr")).as(where).isEqualTo(Ipv4.format(l.group()));
            }
            case V3MembershipReport r -> {
                assertThat(show(igmp, "igmp.version")).as(where).isEqualTo("3");
                assertThat(show(igmp, "igmp.num_grp_recs")).as(where).isEqualTo(String.valueOf(r.records().size()));
                // Fields in document order: each record_type opens a record; maddr and saddr follow it.
                List<GroupRecord> seen = new ArrayList<>();
                Integer type = null, group = null;
                List<Integer> sources = new ArrayList<>();
                for (Element f : fieldsInOrder(igmp)) {
                    switch (f.getAttribute("name")) {
                        case "igmp.record_type" -> {
                            if (type != null) seen.add(record(type, group, sources));
                            type = Integer.parseInt(f.getAttribute("show"));
                            group = null;
                            sources = new ArrayList<>();
                        }
                        case "igmp.aux_data_len" -> assertThat(f.getAttribute("show")).as(where).isEqualTo("0");
                        case "igmp.maddr" -> group = Ipv4.parse(f.getAttribute("show"));
                        case "igmp.saddr" -> sources.add(Ipv4.parse(f.getAttribute("show")));
                        default -> { }
                    }
                }
                if (type != null) seen.add(record(type, group, sources));
                assertThat(seen).as(where).isEqualTo(r.records());
            }
            case UnknownMessage u -> throw new AssertionError("not sent");
        }
    }

    private static GroupRecord record(int type, Integer group, List<Integer> sources) {
        assertThat(group).as("record of type " + type + " has a group").isNotNull();
        return new GroupRecord(type, group, SourceList.of(sources.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Test
    void aWrongChecksumIsFlaggedByTsharkAndByTheParser() throws Exception {
        IgmpMessage m = new V2MembershipReport(Ipv4.parse("239.5.5.5"));
        Ipv4Header ipHeader = Ipv4Header.forIgmp(HOST, Ipv4.parse("239.5.5.5"), 8, true);
        byte[] packet = new byte[ipHeader.totalLength()];
        int hl = ipHeader.write(packet, 0);
        IgmpEncoder.encode(m, packet, hl);
        packet[hl + 3] ^= 0x01; // corrupt the checksum
        Path pcap = dir.resolve("bad-checksum.pcap");
        try (PcapWriter w = PcapWriter.create(pcap, LinkType.RAW)) {
            w.writeIpv4(0, packet, 0, packet.length);
        }
        Element igmp = proto((Element) pdml(pcap).getElementsByTagName("packet").item(0), "igmp");
        assertThat(show(igmp, "igmp.checksum.status")).isEqualTo("0"); // Bad
        // The expert check used above does see problems: here it must report this one.
        assertThat(expert(pcap)).contains("Errors (1)").contains("Bad checksum");
        IgmpPacket.ParseOutcome r = IgmpPacket.parse(packet, 0, packet.length);
        assertThat(r.ok()).isTrue();
        assertThat(r.packet().checksumValid()).isFalse();
        assertThat(r.packet().message()).isEqualTo(m);
    }

    /** {@code tshark -z expert} lists every expert item; there must be none at all (no note, warning or error). */
    private static void assertNoExpertInfo(Path pcap) throws Exception {
        assertThat(expert(pcap)).as("tshark -z expert").doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warn")
                .doesNotContainIgnoringCase("malformed").doesNotContain("Note");
    }

    private static String expert(Path pcap) throws Exception {
        return tshark("-r", pcap.toString(), "-o", "ip.check_checksum:TRUE", "-q", "-z", "expert");
    }

    private static Document pdml(Path pcap) throws Exception {
        String xml = tshark("-r", pcap.toString(), "-o", "ip.check_checksum:TRUE", "-T", "pdml");
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String tshark(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = List.of(command);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(cmd + " finished").isTrue();
        assertThat(p.exitValue()).as("exit status of " + cmd).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Element proto(Element packet, String name) {
        NodeList protos = packet.getElementsByTagName("proto");
        for (int i = 0; i < protos.getLength(); i++) {
            Element p = (Element) protos.item(i);
            if (p.getAttribute("name").equals(name)) return p;
        }
        throw new AssertionError("tshark found no " + name + " layer");
    }

    private static List<Element> fieldsInOrder(Element e) {
        List<Element> all = new ArrayList<>();
        NodeList nl = e.getElementsByTagName("field"); // document order, nested fields included
        for (int i = 0; i < nl.getLength(); i++) all.add((Element) nl.item(i));
        return all;
    }

    private static List<Element> fields(Element e, String name) {
        return fieldsInOrder(e).stream().filter(f -> f.getAttribute("name").equals(name)).toList();
    }

    private static String show(Element e, String name) {
        List<Element> f = fields(e, name);
        assertThat(f).as("field " + name).hasSize(1);
        return f.getFirst().getAttribute("show");
    }

    private static String showname(Element e, String name) {
        return fields(e, name).getFirst().getAttribute("showname");
    }

    private static List<String> shows(Element e, String name) {
        return fields(e, name).stream().map(f -> f.getAttribute("show")).toList();
    }

    private static List<String> dotted(SourceList s) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) l.add(Ipv4.format(s.get(i)));
        return l;
    }
}
