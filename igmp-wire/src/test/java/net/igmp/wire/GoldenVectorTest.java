package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes we did not write. Two sources:
 * <ul>
 *   <li>Linux kernel packets (kernel 6.x), captured with an AF_PACKET socket on a veth in a network namespace:
 *       the host side was a UDP socket joining and leaving groups (IP_ADD_MEMBERSHIP, IP_ADD_SOURCE_MEMBERSHIP,
 *       force_igmp_version 2 and 1 for the older reports); the queries came from a Linux bridge with
 *       {@code mcast_querier 1} and {@code mcast_igmp_version} 3 or 2. Every one carries Router Alert, TTL 1,
 *       ToS 0xc0, DF, IP ID 0, and is copied here exactly as captured, checksums included.</li>
 *   <li>Messages laid out by hand from the formats in RFC 1112 appendix I, RFC 2236 section 2 and RFC 9776
 *       section 4, with checksums worked out separately (RFC 1071 arithmetic).</li>
 * </ul>
 * Every vector must parse to the fields below and re-encode to the very same octets.
 */
class GoldenVectorTest {

    // --- Linux kernel host (10.9.0.2) ---------------------------------------------------------------------
    /** Join 239.1.2.3 (any source): IGMPv3 report to 224.0.0.22, one CHANGE_TO_EXCLUDE_MODE record, no sources. */
    static final String KERNEL_V3_JOIN = "46c00028000040000102f9ee0a090002e0000016940400002200e8f90000000104000000ef010203";
    /** Leave 239.1.2.3: CHANGE_TO_INCLUDE_MODE with no sources. */
    static final String KERNEL_V3_LEAVE = "46c00028000040000102f9ee0a090002e0000016940400002200e9f90000000103000000ef010203";
    /** Source-specific join of (10.9.0.99, 232.1.1.1): ALLOW_NEW_SOURCES with one source. */
    static final String KERNEL_V3_ALLOW = "46c0002c000040000102f9ea0a090002e0000016940400002200e58e0000000105000001e80101010a090063";
    /** Source-specific leave of (10.9.0.99, 232.1.1.1): BLOCK_OLD_SOURCES with one source. */
    static final String KERNEL_V3_BLOCK = "46c0002c000040000102f9ea0a090002e0000016940400002200e48e0000000106000001e80101010a090063";
    /** force_igmp_version=2, join 239.4.5.6: v2 report sent to the group itself. */
    static final String KERNEL_V2_REPORT = "46c00020000040000102e6020a090002ef040506940400001600f5f4ef040506";
    /** force_igmp_version=2, leave 239.4.5.6: Leave Group to 224.0.0.2. */
    static final String KERNEL_LEAVE = "46c00020000040000102fa0a0a090002e0000002940400001700f4f4ef040506";
    /** force_igmp_version=1, join 239.7.8.9: v1 report (the kernel still adds Router Alert). */
    static final String KERNEL_V1_REPORT = "46c00020000040000102e2fc0a090002ef070809940400001200f6eeef070809";

    // --- Linux bridge querier (source 0.0.0.0) ------------------------------------------------------------
    /** IGMPv3 general query: Max Resp Code 100 (10 s), QRV 2, QQIC 125 s, no sources. */
    static final String BRIDGE_V3_GENERAL_QUERY = "46c00024000040000102041300000000e0000001940400001164ec1e00000000027d0000";
    /** IGMPv3 group-specific query for 239.1.2.3 after the leave: Max Resp Code 10 (1 s). */
    static final String BRIDGE_V3_GROUP_QUERY = "46c00024000040000102f30f00000000ef01020394040000110afb73ef010203027d0000";
    /** Its retransmission, with the S flag set (RFC 9776 section 6.6.3.1). */
    static final String BRIDGE_V3_GROUP_QUERY_S = "46c00024000040000102f30f00000000ef01020394040000110af373ef0102030a7d0000";
    /** IGMPv3 group-and-source-specific query for (10.9.0.99, 232.1.1.1) after the BLOCK. */
    static final String BRIDGE_V3_GROUP_SOURCE_QUERY = "46c00028000040000102fb0d00000000e801010194040000110af908e8010101027d00010a090063";
    /** IGMPv2 general query (mcast_igmp_version 2): 8 octets, Max Resp Time 100 tenths. */
    static final String BRIDGE_V2_GENERAL_QUERY = "46c00020000040000102041700000000e0000001940400001164ee9b00000000";

    private static IgmpPacket packet(String hex) {
        byte[] b = Hex.bytes(hex);
        IgmpPacket.ParseOutcome o = IgmpPacket.parse(b, 0, b.length);
        assertThat(o.malformed()).as("parse %s", hex).isNull();
        IgmpPacket p = o.packet();
        assertThat(p.checksumValid()).isTrue();
        assertThat(p.ip().checksumValid()).isTrue();
        assertThat(p.ip().ttl()).isEqualTo(1);
        assertThat(p.ip().tos()).isEqualTo(0xc0);
        assertThat(p.ip().routerAlert()).isTrue();
        assertThat(p.ip().headerLength()).isEqualTo(24);
        assertThat(Hex.of(p.toBytes())).as("re-encoded").isEqualTo(hex);
        return p;
    }

    private static IgmpMessage bare(String hex) {
        byte[] b = Hex.bytes(hex);
        ParseResult r = IgmpParser.parse(b);
        assertThat(r).isInstanceOf(ParseResult.Parsed.class);
        ParseResult.Parsed p = (ParseResult.Parsed) r;
        assertThat(p.checksumValid()).as("checksum of %s", hex).isTrue();
        assertThat(Hex.of(IgmpEncoder.toBytes(p.message()))).as("re-encoded").isEqualTo(hex.replace(" ", ""));
        return p.message();
    }

    @Test
    void kernelV3Reports() {
        IgmpPacket join = packet(KERNEL_V3_JOIN);
        assertThat(join.ip().source()).isEqualTo(Ipv4.parse("10.9.0.2"));
        assertThat(join.ip().destination()).isEqualTo(Ipv4.ALL_IGMPV3_ROUTERS);
        assertThat(join.message()).isEqualTo(V3MembershipReport.of(
                new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("239.1.2.3"), SourceList.EMPTY)));

        assertThat(packet(KERNEL_V3_LEAVE).message()).isEqualTo(V3MembershipReport.of(
                new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, Ipv4.parse("239.1.2.3"), SourceList.EMPTY)));
        assertThat(packet(KERNEL_V3_ALLOW).message()).isEqualTo(V3MembershipReport.of(
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, Ipv4.parse("232.1.1.1"), SourceList.of("10.9.0.99"))));
        V3MembershipReport block = (V3MembershipReport) packet(KERNEL_V3_BLOCK).message();
        assertThat(block.records()).singleElement().satisfies(r -> {
            assertThat(r.recordType()).isEqualTo(RecordType.BLOCK_OLD_SOURCES);
            assertThat(Ipv4.format(r.group())).isEqualTo("232.1.1.1");
            assertThat(r.sources()).isEqualTo(SourceList.of("10.9.0.99"));
        });
    }

    @Test
    void kernelV2AndV1Messages() {
        IgmpPacket v2 = packet(KERNEL_V2_REPORT);
        assertThat(v2.message()).isEqualTo(new V2MembershipReport(Ipv4.parse("239.4.5.6")));
        assertThat(v2.ip().destination()).isEqualTo(Ipv4.parse("239.4.5.6"));
        IgmpPacket leave = packet(KERNEL_LEAVE);
        assertThat(leave.message()).isEqualTo(new LeaveGroup(Ipv4.parse("239.4.5.6")));
        assertThat(leave.ip().destination()).isEqualTo(Ipv4.ALL_ROUTERS);
        assertThat(packet(KERNEL_V1_REPORT).message()).isEqualTo(new V1MembershipReport(Ipv4.parse("239.7.8.9")));
    }

    @Test
    void bridgeQueries() {
        MembershipQuery general = (MembershipQuery) packet(BRIDGE_V3_GENERAL_QUERY).message();
        assertThat(general.version()).isEqualTo(3);
        assertThat(general.isGeneral()).isTrue();
        assertThat(general.maxResponseTimeMs()).isEqualTo(10_000);
        assertThat(general.qrv()).isEqualTo(2);
        assertThat(general.queryIntervalS()).isEqualTo(125);
        assertThat(general.suppressRouterProcessing()).isFalse();
        assertThat(general.sources().isEmpty()).isTrue();
        // The default timers give exactly these codes from the encoder too.
        assertThat(MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125)).isEqualTo(general);

        MembershipQuery group = (MembershipQuery) packet(BRIDGE_V3_GROUP_QUERY).message();
        assertThat(group).isEqualTo(new MembershipQuery(3, 10, Ipv4.parse("239.1.2.3"), false, 2, 125, SourceList.EMPTY));
        assertThat(group.maxResponseTimeMs()).isEqualTo(1_000);
        MembershipQuery groupS = (MembershipQuery) packet(BRIDGE_V3_GROUP_QUERY_S).message();
        assertThat(groupS).isEqualTo(new MembershipQuery(3, 10, Ipv4.parse("239.1.2.3"), true, 2, 125, SourceList.EMPTY));

        MembershipQuery gs = (MembershipQuery) packet(BRIDGE_V3_GROUP_SOURCE_QUERY).message();
        assertThat(gs).isEqualTo(new MembershipQuery(3, 10, Ipv4.parse("232.1.1.1"), false, 2, 125, SourceList.of("10.9.0.99")));

        MembershipQuery v2 = (MembershipQuery) packet(BRIDGE_V2_GENERAL_QUERY).message();
        assertThat(v2).isEqualTo(MembershipQuery.v2(0, 100));
        assertThat(v2.maxResponseTimeMs()).isEqualTo(10_000);
    }

    @Test
    void emittedHeadersMatchTheKernelsOctetForOctet() {
        // Ipv4Header.forIgmp writes what the kernel writes: ToS 0xc0, DF, TTL 1, Router Alert, IP ID 0.
        for (String hex : List.of(KERNEL_V3_JOIN, KERNEL_V3_ALLOW, KERNEL_V2_REPORT, KERNEL_LEAVE, KERNEL_V1_REPORT)) {
            IgmpPacket p = packet(hex);
            IgmpPacket ours = new IgmpPacket(
                    Ipv4Header.forIgmp(p.ip().source(), p.ip().destination(), p.message().encodedLength(), true),
                    p.message(), true);
            assertThat(Hex.of(ours.toBytes())).isEqualTo(hex);
        }
    }

    @Test
    void viewReadsTheKernelReport() {
        byte[] b = Hex.bytes(KERNEL_V3_ALLOW);
        IgmpView v = new IgmpView();
        assertThat(v.wrap(b, 24, b.length - 24)).isTrue();
        assertThat(v.type()).isEqualTo(0x22);
        assertThat(v.checksumValid()).isTrue();
        int r = v.firstRecord();
        assertThat(r).isEqualTo(8);
        assertThat(v.recordType(r)).isEqualTo(RecordType.ALLOW_NEW_SOURCES.code);
        assertThat(Ipv4.format(v.recordGroup(r))).isEqualTo("232.1.1.1");
        assertThat(v.recordSourceCount(r)).isEqualTo(1);
        assertThat(Ipv4.format(v.recordSource(r, 0))).isEqualTo("10.9.0.99");
        assertThat(v.nextRecord(r)).isEqualTo(-1);
    }

    // --- Laid out from the RFC formats -------------------------------------------------------------------

    @Test
    void rfc1112Version1QueryAndReport() {
        // Appendix I: Version 1 | Type 1 (query) = 0x11, unused 0, checksum, group address zeroed in queries.
        assertThat(bare("1100 eeff 00000000")).isEqualTo(MembershipQuery.v1General());
        // Version 1 | Type 2 (report) = 0x12, group 224.1.2.3.
        assertThat(bare("1200 0bfb e0010203")).isEqualTo(new V1MembershipReport(Ipv4.parse("224.1.2.3")));
    }

    @Test
    void rfc2236GroupSpecificQueryAndLeave() {
        // Section 2: type 0x11, Max Resp Time 0x64 = 100 tenths, group 224.1.2.3 (group-specific query).
        assertThat(bare("1164 0c97 e0010203")).isEqualTo(MembershipQuery.v2(Ipv4.parse("224.1.2.3"), 100));
        assertThat(bare("1700 06fb e0010203")).isEqualTo(new LeaveGroup(Ipv4.parse("224.1.2.3")));
    }

    @Test
    void rfc9776GroupAndSourceSpecificQuery() {
        // Section 4.1: Max Resp Code 0x96 = exp 1, mant 6: (0x16 << 4) = 352 tenths; Resv 0010 (ignored), S 1,
        // QRV 3; QQIC 0x8c = exp 0, mant 12: (0x1c << 3) = 224 s; three sources 192.0.2.1..3.
        byte[] b = Hex.bytes("11 96 93cf e8010101 2b 8c 0003 c0000201 c0000202 c0000203");
        ParseResult.Parsed p = (ParseResult.Parsed) IgmpParser.parse(b);
        assertThat(p.checksumValid()).isTrue();
        MembershipQuery q = (MembershipQuery) p.message();
        assertThat(q.version()).isEqualTo(3);
        assertThat(q.maxRespTimeTenths()).isEqualTo(352);
        assertThat(q.suppressRouterProcessing()).isTrue();
        assertThat(q.qrv()).isEqualTo(3);
        assertThat(q.queryIntervalS()).isEqualTo(224);
        assertThat(q.sources()).isEqualTo(SourceList.of("192.0.2.1", "192.0.2.2", "192.0.2.3"));
        // Re-encoding clears the Resv bits (section 4.1.4: "set to zero on transmission").
        byte[] again = IgmpEncoder.toBytes(q);
        assertThat(again[8]).isEqualTo((byte) 0x0b);
        assertThat(IgmpParser.parse(again)).isEqualTo(ParseResult.Parsed.of(q, true));
    }

    @Test
    void rfc9776ReportWithAuxiliaryData() {
        // Section 4.2: two records; the first is MODE_IS_INCLUDE with Aux Data Len 2 (two 32-bit words of
        // auxiliary data, section 4.2.6) which a receiver skips, the second MODE_IS_EXCLUDE with no sources.
        byte[] b = Hex.bytes("2200 e646 0000 0002  01 02 0001 e8010101 c0000201 deadbeef cafef00d  02 00 0000 ef010203");
        ParseResult.Parsed p = (ParseResult.Parsed) IgmpParser.parse(b);
        assertThat(p.checksumValid()).isTrue();
        assertThat(p.message()).isEqualTo(V3MembershipReport.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, Ipv4.parse("232.1.1.1"), SourceList.of("192.0.2.1")),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, Ipv4.parse("239.1.2.3"), SourceList.EMPTY)));
        IgmpView v = new IgmpView();
        assertThat(v.wrap(b, 0, b.length)).isTrue();
        int r1 = v.firstRecord();
        assertThat(v.recordAuxDataWords(r1)).isEqualTo(2);
        int r2 = v.nextRecord(r1);
        assertThat(r2).isEqualTo(8 + 12 + 8);
        assertThat(Ipv4.format(v.recordGroup(r2))).isEqualTo("239.1.2.3");
        assertThat(v.nextRecord(r2)).isEqualTo(-1);
    }

    @Test
    void unknownTypeIsKeptWhole() {
        // 0x1e is mtrace's response type (a type IGMP itself does not define): kept as data, re-encoded as is.
        IgmpMessage m = bare("1e00 e1ff 00000000 0000ffff");
        assertThat(m).isInstanceOf(UnknownMessage.class);
        UnknownMessage u = (UnknownMessage) m;
        assertThat(u.type()).isEqualTo(0x1e);
        assertThat(Hex.of(u.body())).isEqualTo("000000000000ffff");
    }
}
