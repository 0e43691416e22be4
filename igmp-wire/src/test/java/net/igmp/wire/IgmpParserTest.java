package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgmpParserTest {

    /** Sets a correct checksum into {@code hex} (its octets 2..3 are ignored) and parses it. */
    private static ParseResult parse(String hex) {
        byte[] b = withChecksum(Hex.bytes(hex));
        return IgmpParser.parse(b);
    }

    private static byte[] withChecksum(byte[] b) {
        if (b.length >= 4) {
            Ipv4.putShort(b, 2, 0);
            Ipv4.putShort(b, 2, InternetChecksum.compute(b, 0, b.length));
        }
        return b;
    }

    private static IgmpMessage message(String hex) {
        ParseResult r = parse(hex);
        assertThat(r).as("parse %s", hex).isInstanceOf(ParseResult.Parsed.class);
        assertThat(((ParseResult.Parsed) r).checksumValid()).isTrue();
        return ((ParseResult.Parsed) r).message();
    }

    private static Malformed malformed(String hex, ParseError error, int offset) {
        ParseResult r = parse(hex);
        assertThat(r).as("parse %s", hex).isInstanceOf(Malformed.class);
        Malformed m = (Malformed) r;
        assertThat(m.error()).as("error of %s", hex).isEqualTo(error);
        assertThat(m.offset()).as("offset of %s", hex).isEqualTo(offset);
        // the view must say the same
        byte[] b = withChecksum(Hex.bytes(hex));
        IgmpView v = new IgmpView();
        assertThat(v.wrap(b, 0, b.length)).isFalse();
        assertThat(v.error()).isEqualTo(error);
        assertThat(v.errorOffset()).isEqualTo(offset);
        return m;
    }

    // --- RFC 9776 section 7.1: the version of a query ---------------------------------------------------

    @Test
    void eightOctetsWithCodeZeroIsV1() {
        MembershipQuery q = (MembershipQuery) message("11 00 0000 00000000");
        assertThat(q.version()).isEqualTo(1);
        assertThat(q.maxResponseTimeMs()).isZero();
    }

    @Test
    void eightOctetsWithAnyOtherCodeIsV2() {
        for (int code = 1; code < 256; code++) {
            MembershipQuery q = (MembershipQuery) message("11 %02x 0000 e0000001".formatted(code));
            assertThat(q.version()).isEqualTo(2);
            // v2 Max Resp Time is linear in tenths, even above 127 (RFC 2236 section 2.2)
            assertThat(q.maxRespTimeTenths()).isEqualTo(code);
            assertThat(q.maxResponseTimeMs()).isEqualTo(100L * code);
        }
    }

    @Test
    void twelveOrMoreOctetsIsV3WhateverTheCode() {
        MembershipQuery q = (MembershipQuery) message("11 00 0000 00000000 00 00 0000");
        assertThat(q.version()).isEqualTo(3);
        q = (MembershipQuery) message("11 8f 0000 e0010101 02 7d 0000");
        assertThat(q.version()).isEqualTo(3);
        assertThat(q.maxRespTimeTenths()).isEqualTo(248); // v3 codes are floating (section 4.1.1)
        // octets after the sources are ignored (section 4.1.10), here 3 of them
        q = (MembershipQuery) message("11 64 0000 e0010101 0a 7d 0001 0a000001 ffffff");
        assertThat(q).isEqualTo(new MembershipQuery(3, 100, Ipv4.parse("224.1.1.1"), true, 2, 125, SourceList.of("10.0.0.1")));
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 11})
    void nineToElevenOctetsIsInvalid(int len) {
        malformed("11 64 0000 e0000001" + "00".repeat(len - 8), ParseError.INVALID_QUERY_LENGTH, 8);
    }

    @Test
    void resvBitsAreIgnoredAndTheSFlagAndQrvRead() {
        for (int flags = 0; flags < 256; flags++) {
            MembershipQuery q = (MembershipQuery) message("11 64 0000 00000000 %02x 7d 0000".formatted(flags));
            assertThat(q.suppressRouterProcessing()).isEqualTo((flags & 0x08) != 0);
            assertThat(q.qrv()).isEqualTo(flags & 0x07);
        }
    }

    // --- the other kinds ----------------------------------------------------------------------------------

    @Test
    void reportsAndLeave() {
        assertThat(message("12 00 0000 e0010203")).isEqualTo(new V1MembershipReport(Ipv4.parse("224.1.2.3")));
        assertThat(message("16 00 0000 e0010203")).isEqualTo(new V2MembershipReport(Ipv4.parse("224.1.2.3")));
        assertThat(message("17 00 0000 e0010203")).isEqualTo(new LeaveGroup(Ipv4.parse("224.1.2.3")));
        // the unused octet and extra octets do not matter
        assertThat(message("16 ff 0000 e0010203 0000")).isEqualTo(new V2MembershipReport(Ipv4.parse("224.1.2.3")));
    }

    @Test
    void allSixRecordTypesAndAnUndefinedOne() {
        StringBuilder hex = new StringBuilder("22 00 0000 0000 0007");
        for (int t = 1; t <= 7; t++) hex.append(" %02x 00 0001 e800000%d 0a00000%d".formatted(t, t, t));
        V3MembershipReport r = (V3MembershipReport) message(hex.toString());
        assertThat(r.records()).extracting(GroupRecord::recordType).containsExactly(
                RecordType.MODE_IS_INCLUDE, RecordType.MODE_IS_EXCLUDE, RecordType.CHANGE_TO_INCLUDE_MODE,
                RecordType.CHANGE_TO_EXCLUDE_MODE, RecordType.ALLOW_NEW_SOURCES, RecordType.BLOCK_OLD_SOURCES,
                RecordType.UNKNOWN);
        assertThat(r.records().get(6).recordTypeCode()).isEqualTo(7); // kept, so tools can show it
        assertThat(r.records()).extracting(GroupRecord::sources)
                .containsExactly(SourceList.of("10.0.0.1"), SourceList.of("10.0.0.2"), SourceList.of("10.0.0.3"),
                        SourceList.of("10.0.0.4"), SourceList.of("10.0.0.5"), SourceList.of("10.0.0.6"), SourceList.of("10.0.0.7"));
        assertThat(RecordType.MODE_IS_EXCLUDE.shortName()).isEqualTo("IS_EX");
    }

    @Test
    void auxiliaryDataIsSkippedInEveryPosition() {
        // three records, aux data of 1, 0 and 3 words; then two trailing octets that are not a record
        String hex = "22 00 0000 0000 0003"
                + " 01 01 0001 e8000001 0a000001 aaaaaaaa"
                + " 02 00 0000 e8000002"
                + " 05 03 0002 e8000003 0a000003 0a000004 bbbbbbbb cccccccc dddddddd"
                + " eeee";
        V3MembershipReport r = (V3MembershipReport) message(hex);
        assertThat(r).isEqualTo(V3MembershipReport.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, Ipv4.parse("232.0.0.1"), SourceList.of("10.0.0.1")),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, Ipv4.parse("232.0.0.2"), SourceList.EMPTY),
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, Ipv4.parse("232.0.0.3"), SourceList.of("10.0.0.3", "10.0.0.4"))));
        // aux data is not re-emitted (none is defined for IGMPv3: section 4.2.6)
        assertThat(IgmpEncoder.toBytes(r)).hasSize(8 + 12 + 8 + 16);
    }

    @Test
    void parsedRecordsAreAnImmutableListEqualToAnyOther() {
        String hex = "22 00 0000 0000 0003"
                + " 01 01 0001 e8000001 0a000001 aaaaaaaa"
                + " 02 00 0000 e8000002"
                + " 05 00 0002 e8000003 0a000003 0a000004";
        V3MembershipReport parsed = (V3MembershipReport) message(hex);
        java.util.List<GroupRecord> expected = java.util.List.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, Ipv4.parse("232.0.0.1"), SourceList.of("10.0.0.1")),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, Ipv4.parse("232.0.0.2"), SourceList.EMPTY),
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, Ipv4.parse("232.0.0.3"), SourceList.of("10.0.0.3", "10.0.0.4")));
        assertThat(parsed.records()).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(parsed.records());
        assertThat(parsed.records().toString()).isEqualTo(expected.toString());
        assertThat(parsed.hashCode()).isEqualTo(new V3MembershipReport(expected).hashCode());
        assertThat(parsed.encodedLength()).isEqualTo(new V3MembershipReport(expected).encodedLength()).isEqualTo(8 + 12 + 8 + 16);
        assertThat(parsed.records().get(2).sources().get(1)).isEqualTo(Ipv4.parse("10.0.0.4"));
        assertThatThrownBy(() -> parsed.records().get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> parsed.records().get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> parsed.records().set(0, expected.get(1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parsed.records().removeFirst()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyV3ReportIsValid() {
        assertThat(message("22 00 0000 0000 0000")).isEqualTo(new V3MembershipReport(java.util.List.of()));
    }

    @Test
    void unknownTypesAreKeptAsData() {
        for (int type : new int[] {0x00, 0x13, 0x1e, 0x1f, 0x30, 0xff}) {
            IgmpMessage m = message("%02x 07 0000 01020304 0506".formatted(type));
            assertThat(m).isEqualTo(new UnknownMessage(type, 7, Hex.bytes("01020304 0506")));
            assertThat(Hex.of(IgmpEncoder.toBytes(m))).startsWith("%02x07".formatted(type)).endsWith("010203040506");
        }
        assertThatThrownBy(() -> new UnknownMessage(0x11, 0, new byte[4])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badChecksumStillParses() {
        byte[] b = Hex.bytes("16 00 0000 e0010203");
        ParseResult.Parsed p = (ParseResult.Parsed) IgmpParser.parse(b);
        assertThat(p.checksumValid()).isFalse();
        assertThat(p.message()).isEqualTo(new V2MembershipReport(Ipv4.parse("224.1.2.3")));
    }

    @Test
    void anIntactMessageIsItsOwnResultAndABadChecksumIsWrapped() {
        byte[] q = IgmpEncoder.toBytes(MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
        ParseResult intact = IgmpParser.parse(q);
        assertThat(intact).isInstanceOf(MembershipQuery.class);
        assertThat(((ParseResult.Parsed) intact).message()).isSameAs(intact);
        assertThat(((ParseResult.Parsed) intact).checksumValid()).isTrue();
        q[9] ^= 0x40; // a bit of QQIC: still a v3 general query, now with a wrong checksum
        ParseResult bad = IgmpParser.parse(q);
        assertThat(bad).isInstanceOf(ParseResult.Parsed.BadChecksum.class);
        assertThat(((ParseResult.Parsed) bad).checksumValid()).isFalse();
        assertThat(((ParseResult.Parsed) bad).message()).isInstanceOf(MembershipQuery.class);
        String kind = switch (bad) {
            case IgmpMessage m -> "intact " + m.type();
            case ParseResult.Parsed.BadChecksum b -> "bad " + b.message().type();
            case Malformed m -> "malformed";
        };
        assertThat(kind).isEqualTo("bad 17");
        assertThat(ParseResult.Parsed.of(new V2MembershipReport(1), true)).isEqualTo(new V2MembershipReport(1));
        assertThat(ParseResult.Parsed.of(new V2MembershipReport(1), false))
                .isEqualTo(new ParseResult.Parsed.BadChecksum(new V2MembershipReport(1)))
                .isNotEqualTo(new V2MembershipReport(1));
    }

    @Test
    void aParsedReportEncodesWithoutMakingItsRecords() {
        String hex = "22 00 0000 0000 0003"
                + " 01 01 0001 e8000001 0a000001 aaaaaaaa"
                + " 02 00 0000 e8000002"
                + " 05 00 0002 e8000003 0a000003 0a000004";
        V3MembershipReport parsed = (V3MembershipReport) message(hex);
        V3MembershipReport built = new V3MembershipReport(new java.util.ArrayList<>(parsed.records()));
        byte[] expect = IgmpEncoder.toBytes(built);
        assertThat(IgmpEncoder.toBytes(parsed)).isEqualTo(expect).hasSize(8 + 12 + 8 + 16);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        byte[] out = new byte[64];
        long sink = 0;
        for (int i = 0; i < 50_000; i++) sink += IgmpEncoder.encode(parsed, out, i & 7);
        long tid = Thread.currentThread().threadId();
        long b0 = threads.getThreadAllocatedBytes(tid);
        long overhead = threads.getThreadAllocatedBytes(tid) - b0;
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 200_000; i++) sink += IgmpEncoder.encode(parsed, out, i & 7);
        long allocated = threads.getThreadAllocatedBytes(tid) - before - overhead;
        assertThat(sink).isEqualTo(250_000L * expect.length);
        assertThat(allocated).as("bytes allocated over 200000 encodes of a parsed report").isLessThan(1024);
    }

    @Test
    void queryFieldsSurviveThePackedValue() {
        for (int code : new int[] {0, 1, 127, 128, 255})
            for (int qqic : new int[] {0, 1, 127, 128, 255})
                for (int qrv = 0; qrv < 8; qrv++)
                    for (boolean s : new boolean[] {false, true}) {
                        SourceList src = qrv % 2 == 0 ? SourceList.EMPTY : SourceList.of(0x0A000001, 0x0A000000 | qrv);
                        MembershipQuery q = new MembershipQuery(3, code, 0xE8010203, s, qrv, qqic, src);
                        assertThat(List.of(q.version(), q.maxRespCode(), q.group(), q.qrv(), q.qqic()))
                                .containsExactly(3, code, 0xE8010203, qrv, qqic);
                        assertThat(q.suppressRouterProcessing()).isEqualTo(s);
                        assertThat(q.sources()).isEqualTo(src);
                        IgmpMessage back = ((ParseResult.Parsed) IgmpParser.parse(IgmpEncoder.toBytes(q))).message();
                        assertThat(back).isEqualTo(q).hasSameHashCodeAs(q).hasToString(q.toString());
                        assertThat(back).isNotEqualTo(new MembershipQuery(3, code ^ 1, 0xE8010203, s, qrv, qqic, src));
                    }
        assertThat(new MembershipQuery(3, 100, 0, false, 2, 125, SourceList.of("10.0.0.1")).toString()).isEqualTo(
                "MembershipQuery[version=3, maxRespCode=100, group=0, suppressRouterProcessing=false, qrv=2, qqic=125, sources=[10.0.0.1]]");
        assertThat(message("11 00 0000 e0010203")).isEqualTo(new MembershipQuery(1, 0, 0xE0010203, false, 0, 0, SourceList.EMPTY));
        assertThat(message("11 ff 0000 e0010203")).isEqualTo(MembershipQuery.v2(0xE0010203, 255));
    }

    @Test
    void everyOctetCountsInTheChecksum() {
        // The parser sums the words it reads for fields and sums the rest (aux data, octets after the message,
        // odd lengths) apart: a flip of any bit anywhere, at any offset, must show.
        String[] messages = {
                "16 00 0000 e0010203", "17 00 0000 e0010203 ab", "12 00 0000 e0010203 abcd",
                "11 64 0000 00000000", "11 00 0000 00000000", "11 64 0000 e8010101 02 7d 0000",
                "11 64 0000 e8010101 0a 7d 0002 0a000001 0a000002 abcdef",
                "22 00 0000 0000 0000", "22 00 0000 0000 0002 01 02 0001 e8000001 0a000001 aaaaaaaa bbbbbbbb"
                        + " 02 00 0000 e8000002 ccdd",
                "30 07 0000 01020304 05"};
        for (String hex : messages) {
            for (int off : new int[] {0, 1, 2, 3}) {
                byte[] m = withChecksum(Hex.bytes(hex));
                byte[] b = new byte[off + m.length + 3];
                System.arraycopy(m, 0, b, off, m.length);
                assertThat(((ParseResult.Parsed) IgmpParser.parse(b, off, m.length)).checksumValid()).as(hex).isTrue();
                for (int bit = 0; bit < 8 * m.length; bit++) {
                    b[off + bit / 8] ^= (byte) (1 << (bit % 8));
                    if (IgmpParser.parse(b, off, m.length) instanceof ParseResult.Parsed p)
                        assertThat(p.checksumValid()).as("%s with bit %d flipped", hex, bit).isFalse();
                    b[off + bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
        }
    }

    // --- malformed ----------------------------------------------------------------------------------------

    @Test
    void truncatedBelowEightOctets() {
        for (int len = 0; len < 8; len++) malformed("1164000000000000".substring(0, 2 * len), ParseError.TRUNCATED, len);
    }

    @Test
    void queryWithTooManySources() {
        Malformed m = malformed("11 64 0000 e8010101 02 7d 0002 0a000001", ParseError.SOURCE_COUNT_OVERRUN, 10);
        assertThat(m.describe()).contains("number of sources overruns the packet at offset 10");
        malformed("11 64 0000 e8010101 02 7d ffff", ParseError.SOURCE_COUNT_OVERRUN, 10);
    }

    @Test
    void reportOverruns() {
        // says 2 records, holds 1: the second starts at the end
        malformed("22 00 0000 0000 0002 01 00 0000 e8000001", ParseError.RECORD_OVERRUN, 16);
        // the second record's header is cut short
        malformed("22 00 0000 0000 0002 01 00 0000 e8000001 02 00 00", ParseError.RECORD_OVERRUN, 16);
        // a record's sources run past the end
        malformed("22 00 0000 0000 0001 01 00 0002 e8000001 0a000001", ParseError.RECORD_OVERRUN, 8);
        // a record's auxiliary data runs past the end
        malformed("22 00 0000 0000 0002 01 00 0000 e8000001 01 02 0000 e8000002 aaaaaaaa", ParseError.RECORD_OVERRUN, 16);
        // 65535 records announced in 8 octets
        malformed("22 00 0000 0000 ffff", ParseError.RECORD_OVERRUN, 8);
        // the first record's sources fill the octets the second record's header needed
        malformed("22 00 0000 0000 0002 01 00 0003 e8000001 0a000001 0a000002 0a000003", ParseError.RECORD_OVERRUN, 28);
        malformed("22 00 0000 0000 0003 01 00 0002 e8000001 0a000001 0a000002 01 00 0001 e8000002 0a000003", ParseError.RECORD_OVERRUN, 36);
        // 65535 sources, 255 aux words
        malformed("22 00 0000 0000 0001 01 ff ffff e8000001", ParseError.RECORD_OVERRUN, 8);
    }

    @Test
    void offsetsCountFromTheStartGiven() {
        byte[] inner = withChecksum(Hex.bytes("11 64 0000 e8010101 02 7d 0002 0a000001"));
        byte[] b = new byte[inner.length + 10];
        System.arraycopy(inner, 0, b, 5, inner.length);
        Malformed m = (Malformed) IgmpParser.parse(b, 5, inner.length);
        assertThat(m.offset()).isEqualTo(10);
        ParseResult.Parsed ok = (ParseResult.Parsed) IgmpParser.parse(b, 5, 8); // the first 8 octets: a v2 query
        assertThat(((MembershipQuery) ok.message()).version()).isEqualTo(2);
    }

    @Test
    void callerBoundsAreData() {
        byte[] b = new byte[16];
        assertThat(IgmpParser.parse(null, 0, 8)).isInstanceOf(Malformed.class);
        assertThat(IgmpParser.parse(b, -1, 8)).isInstanceOf(Malformed.class);
        assertThat(IgmpParser.parse(b, 10, 8)).isInstanceOf(Malformed.class);
        assertThat(IgmpParser.parse(b, 0, -1)).isInstanceOf(Malformed.class);
        assertThat(IgmpParser.parse(b, Integer.MAX_VALUE, 8)).isInstanceOf(Malformed.class);
    }

    // --- in an IPv4 packet -------------------------------------------------------------------------------

    @Test
    void ipv4PacketErrorsCarryPacketOffsets() {
        // header of 24 octets (Router Alert), then a v3 query whose source count overruns
        IgmpMessage q = new MembershipQuery(3, 100, Ipv4.parse("232.1.1.1"), false, 2, 125, SourceList.of("10.0.0.1"));
        byte[] p = new IgmpPacket(Ipv4Header.forIgmp(Ipv4.parse("10.0.0.9"), Ipv4.parse("232.1.1.1"), q.encodedLength(), true), q, true).toBytes();
        assertThat(IgmpPacket.parse(p, 0, p.length).ok()).isTrue();
        p[24 + 11] = 2;
        IgmpPacket.ParseOutcome o = IgmpPacket.parse(p, 0, p.length);
        assertThat(o.malformed().error()).isEqualTo(ParseError.SOURCE_COUNT_OVERRUN);
        assertThat(o.malformed().offset()).isEqualTo(24 + 10);

        // IGMP shorter than 8 inside: truncated at the packet's end
        byte[] shortOne = Hex.bytes("45c0 0018 0000 4000 0102 0000 0a000009 e0000001 11640000");
        assertThat(IgmpPacket.parse(shortOne, 0, shortOne.length).malformed())
                .isEqualTo(new Malformed(ParseError.TRUNCATED, 24, "IGMP needs at least 8 octets, got 4"));

        byte[] udp = Hex.bytes(GoldenVectorTest.KERNEL_V2_REPORT.replaceFirst("0102", "0111"));
        assertThat(IgmpPacket.parse(udp, 0, udp.length).malformed().error()).isEqualTo(ParseError.NOT_IGMP);
        assertThat(IgmpPacket.parse(udp, 0, udp.length).malformed().offset()).isEqualTo(9);
        byte[] frag = Hex.bytes(GoldenVectorTest.KERNEL_V2_REPORT.replaceFirst("4000", "2000"));
        assertThat(IgmpPacket.parse(frag, 0, frag.length).malformed())
                .extracting(Malformed::error, Malformed::offset).containsExactly(ParseError.FRAGMENTED, 6);
        byte[] ihl = Hex.bytes(GoldenVectorTest.KERNEL_V2_REPORT.replaceFirst("46", "43"));
        assertThat(IgmpPacket.parse(ihl, 0, ihl.length).malformed().error()).isEqualTo(ParseError.BAD_IHL);
    }

    @Test
    void ipv4PaddingAfterTotalLengthIsIgnored() {
        byte[] b = Arrays.copyOf(Hex.bytes(GoldenVectorTest.KERNEL_V2_REPORT), 46); // Ethernet minimum payload
        IgmpPacket.ParseOutcome o = IgmpPacket.parse(b, 0, b.length);
        assertThat(o.packet().message()).isEqualTo(new V2MembershipReport(Ipv4.parse("239.4.5.6")));
        assertThat(o.packet().checksumValid()).isTrue();
    }

    @Test
    void bareMessagesAreToldFromIpv4ByTheFirstNibble() {
        byte[] bare = withChecksum(Hex.bytes("16 00 0000 e0010203"));
        IgmpPacket.ParseOutcome o = IgmpPacket.parse(bare, 0, bare.length);
        assertThat(o.packet().ip()).isNull();
        assertThat(o.packet().message()).isEqualTo(new V2MembershipReport(Ipv4.parse("224.1.2.3")));
        assertThat(IgmpPacket.parse(new byte[0], 0, 0).malformed().error()).isEqualTo(ParseError.TRUNCATED);
    }

    @Test
    void valuesRefuseWhatTheWireCannotSay() {
        assertThatThrownBy(() -> new MembershipQuery(1, 5, 0, false, 0, 0, SourceList.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MembershipQuery(2, 0, 0, false, 0, 0, SourceList.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MembershipQuery(2, 5, 0, false, 0, 0, SourceList.of(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MembershipQuery(3, 5, 0, false, 8, 0, SourceList.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupRecord(256, 0, SourceList.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        // section 4.1.6: a Robustness Variable above 7 is sent as QRV 0
        assertThat(MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 9, 125).qrv()).isZero();
        assertThatThrownBy(() -> IgmpEncoder.encode(new LeaveGroup(1), new byte[7], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
