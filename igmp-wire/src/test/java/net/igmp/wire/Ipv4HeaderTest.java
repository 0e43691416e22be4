package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {

    private static Ipv4Header ok(String hex) {
        byte[] b = Hex.bytes(hex);
        Ipv4Result r = Ipv4Header.parse(b, 0, b.length);
        assertThat(r).as("parse %s", hex).isInstanceOf(Ipv4Header.class);
        return (Ipv4Header) r;
    }

    private static Malformed bad(String hex) {
        byte[] b = Hex.bytes(hex);
        Ipv4Result r = Ipv4Header.parse(b, 0, b.length);
        assertThat(r).as("parse %s", hex).isInstanceOf(Malformed.class);
        return (Malformed) r;
    }

    /** Kernel v2 report header (see GoldenVectorTest), then its 8 IGMP octets. */
    private static final String KERNEL = GoldenVectorTest.KERNEL_V2_REPORT;

    @Test
    void parsesEveryField() {
        Ipv4Header h = ok(KERNEL);
        assertThat(h.tos()).isEqualTo(0xc0);
        assertThat(h.totalLength()).isEqualTo(32);
        assertThat(h.identification()).isZero();
        assertThat(h.flagsFragment()).isEqualTo(0x4000);
        assertThat(h.ttl()).isEqualTo(1);
        assertThat(h.protocol()).isEqualTo(Ipv4Header.PROTOCOL_IGMP);
        assertThat(h.headerChecksum()).isEqualTo(0xe602);
        assertThat(h.checksumValid()).isTrue();
        assertThat(Ipv4.format(h.source())).isEqualTo("10.9.0.2");
        assertThat(Ipv4.format(h.destination())).isEqualTo("239.4.5.6");
        assertThat(Hex.of(h.options())).isEqualTo("94040000");
        assertThat(h.routerAlert()).isTrue();
        assertThat(h.headerLength()).isEqualTo(24);
        assertThat(h.payloadLength()).isEqualTo(8);
    }

    @Test
    void checksumErrorIsReportedNotRefused() {
        Ipv4Header h = ok(KERNEL.replace("e602", "e603"));
        assertThat(h.checksumValid()).isFalse();
    }

    @Test
    void routerAlertAmongOtherOptions() {
        String base = "4?c0 0024 0000 4000 0102 0000 0a090002 e0000016 ";
        // without options: no Router Alert
        assertThat(ok("45c0 0014 0000 4000 0102 0000 0a090002 e0000016").routerAlert()).isFalse();
        // NOP, Router Alert, EOL
        assertThat(ok(base.replace("?", "7").replace("0024", "001c") + "01 94040000 00 0000").routerAlert()).isTrue();
        // another option (Stream ID, 136) first
        assertThat(ok(base.replace("?", "7").replace("0024", "001c") + "88041234 94040000").routerAlert()).isTrue();
        // after End of Option List nothing counts
        assertThat(ok(base.replace("?", "7").replace("0024", "001c") + "00000000 94040000").routerAlert()).isFalse();
        // option 148 with a wrong length is not Router Alert
        assertThat(ok(base.replace("?", "7").replace("0024", "001c") + "94060000 0000 0000").routerAlert()).isFalse();
        // only NOPs
        assertThat(ok(base.replace("?", "6").replace("0024", "0018") + "01010101").routerAlert()).isFalse();
    }

    @Test
    void writesWhatItParses() {
        SplittableRandom rng = new SplittableRandom(791);
        MessageGenerator gen = new MessageGenerator(rng);
        for (int i = 0; i < 5_000; i++) {
            Ipv4Header h = gen.ipv4(rng.nextInt(64));
            byte[] b = new byte[h.totalLength() + 3];
            int n = h.write(b, 3);
            assertThat(n).isEqualTo(h.headerLength());
            assertThat(b[3] & 0xFF).isEqualTo(0x40 | h.headerLength() / 4);
            Ipv4Result r = Ipv4Header.parse(b, 3, b.length - 3);
            assertThat(r).isInstanceOf(Ipv4Header.class);
            Ipv4Header back = (Ipv4Header) r;
            assertThat(back.checksumValid()).isTrue();
            // the same header, but with the checksum the writer computed
            assertThat(back).isEqualTo(new Ipv4Header(h.tos(), h.totalLength(), h.identification(), h.flagsFragment(), h.ttl(),
                    h.protocol(), back.headerChecksum(), h.source(), h.destination(), h.options()));
            assertThat(back.routerAlert()).isEqualTo(h.routerAlert());
        }
    }

    @Test
    void forIgmpEmitsTtl1TosC0AndRouterAlert() {
        Ipv4Header h = Ipv4Header.forIgmp(Ipv4.parse("10.9.0.2"), Ipv4.parse("239.4.5.6"), 8, true);
        byte[] b = new byte[24];
        h.write(b, 0);
        assertThat(Hex.of(b)).isEqualTo(KERNEL.substring(0, 48));
        Ipv4Header plain = Ipv4Header.forIgmp(1, 2, 8, false);
        assertThat(plain.routerAlert()).isFalse();
        assertThat(plain.headerLength()).isEqualTo(20);
        assertThat(plain.totalLength()).isEqualTo(28);
    }

    @Test
    void malformedHeadersWithOffsets() {
        Malformed m = bad("46c0 0020 0000");
        assertThat(m.error()).isEqualTo(ParseError.TRUNCATED);
        assertThat(m.offset()).isEqualTo(6);
        // version 6
        assertThat(bad(KERNEL.replaceFirst("46", "66")).error()).isEqualTo(ParseError.BAD_IP_VERSION);
        // IHL 4 (16 octets) and IHL 15 (60 octets, more than the 32 given)
        m = bad(KERNEL.replaceFirst("46", "44"));
        assertThat(m.error()).isEqualTo(ParseError.BAD_IHL);
        assertThat(m.offset()).isZero();
        assertThat(bad(KERNEL.replaceFirst("46", "4f")).error()).isEqualTo(ParseError.BAD_IHL);
        // Total Length below the header and beyond the bytes
        m = bad(KERNEL.replaceFirst("0020", "0017"));
        assertThat(m.error()).isEqualTo(ParseError.BAD_TOTAL_LENGTH);
        assertThat(m.offset()).isEqualTo(2);
        assertThat(bad(KERNEL.replaceFirst("0020", "0021")).error()).isEqualTo(ParseError.BAD_TOTAL_LENGTH);
        // options: length 0, length 1, length past the header, a type octet with no length octet
        String head = "47c0 001c 0000 4000 0102 0000 0a090002 e0000016 ";
        m = bad(head + "94000000 00000000");
        assertThat(m.error()).isEqualTo(ParseError.BAD_IP_OPTION);
        assertThat(m.offset()).isEqualTo(20);
        assertThat(bad(head + "01 9401 0000000000").offset()).isEqualTo(21);
        assertThat(bad(head + "01010101 94 08 0000").offset()).isEqualTo(24);
        m = bad(head + "01010101 010101 94");
        assertThat(m.error()).isEqualTo(ParseError.BAD_IP_OPTION);
        assertThat(m.offset()).isEqualTo(27);
        assertThat(m.describe()).contains("malformed IPv4 option", "offset 27");
    }

    @Test
    void boundsOfTheCallerAreChecked() {
        byte[] b = Hex.bytes(KERNEL);
        assertThat(Ipv4Header.parse(null, 0, 0)).isInstanceOf(Malformed.class);
        assertThat(Ipv4Header.parse(b, 1, b.length)).isInstanceOf(Malformed.class);
        assertThat(Ipv4Header.parse(b, -1, 4)).isInstanceOf(Malformed.class);
        // link-layer padding after Total Length is fine
        byte[] padded = java.util.Arrays.copyOf(b, 60);
        assertThat(((Ipv4Header) Ipv4Header.parse(padded, 0, 60)).totalLength()).isEqualTo(32);
    }

    @Test
    void refusesInvalidValues() {
        assertThatThrownBy(() -> new Ipv4Header(0, 20, 0, 0, 256, 2, 0, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Header(0, 24, 0, 0, 1, 2, 0, 0, 0, new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Header(0, 0x10000, 0, 0, 1, 2, 0, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Header(0, 20, 0, 0, 1, 2, 0, 0, 0, new byte[4])).isInstanceOf(IllegalArgumentException.class);
    }
}
