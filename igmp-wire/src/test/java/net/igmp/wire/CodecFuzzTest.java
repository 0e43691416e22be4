package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of everything that reads remote bytes. In {@code ./mvnw verify} each method runs once
 * per file of its committed seed corpus ({@code src/test/resources/net/igmp/wire/CodecFuzzTestInputs/<method>/});
 * with {@code JAZZER_FUZZ=1} Jazzer mutates inputs for the given time (see docs/wire.md). The assertions:
 * nothing throws, the view agrees with the parser, and parse, encode, parse gives the same value.
 */
class CodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void igmpParser(byte[] data) {
        ParseResult r = IgmpParser.parse(data, 0, data.length);
        if (r instanceof ParseResult.Parsed p) {
            byte[] again = IgmpEncoder.toBytes(p.message());
            assertThat(again.length).isLessThanOrEqualTo(data.length);
            ParseResult r2 = IgmpParser.parse(again);
            assertThat(r2).isEqualTo(ParseResult.Parsed.of(p.message(), true));
            assertThat(IgmpEncoder.toBytes(((ParseResult.Parsed) r2).message())).isEqualTo(again);
        } else {
            Malformed m = (Malformed) r;
            assertThat(m.offset()).isBetween(0, data.length);
            assertThat(m.describe()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void igmpView(byte[] data) {
        IgmpView v = new IgmpView();
        ViewAgreement.check(v, data, 0, data.length);
        // a slice inside the buffer too, for offset arithmetic
        if (data.length > 2) ViewAgreement.check(v, data, 1, data.length - 2);
    }

    @FuzzTest(maxDuration = "60s")
    void ipv4Header(byte[] data) {
        Ipv4Result r = Ipv4Header.parse(data, 0, data.length);
        if (r instanceof Ipv4Header h) {
            assertThat(h.headerLength()).isBetween(20, 60);
            byte[] out = new byte[h.headerLength()];
            h.write(out, 0);
            Ipv4Header back = (Ipv4Header) Ipv4Header.parse(java.util.Arrays.copyOf(out, h.totalLength()), 0, h.totalLength());
            assertThat(back.checksumValid()).isTrue();
            assertThat(back.options()).isEqualTo(h.options());
            assertThat(back.routerAlert()).isEqualTo(h.routerAlert());
            assertThat(back.ttl()).isEqualTo(h.ttl());
            assertThat(back.tos()).isEqualTo(h.tos());
        } else {
            assertThat(((Malformed) r).offset()).isBetween(0, data.length);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void igmpPacket(byte[] data) {
        IgmpPacket.ParseOutcome o = IgmpPacket.parse(data, 0, data.length);
        assertThat(o.ok()).isEqualTo(o.malformed() == null);
        if (o.ok()) {
            byte[] again = o.packet().toBytes();
            IgmpPacket.ParseOutcome o2 = IgmpPacket.parse(again, 0, again.length);
            assertThat(o2.ok()).isTrue();
            assertThat(o2.packet().message()).isEqualTo(o.packet().message());
            assertThat(o2.packet().checksumValid()).isTrue();
            assertThat(o2.packet().toBytes()).isEqualTo(again);
        } else {
            assertThat(o.malformed().offset()).isBetween(0, data.length);
        }
    }
}
