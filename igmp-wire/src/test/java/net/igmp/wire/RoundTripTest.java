package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Many generated messages through encoder, parser and view. The seed is fresh each run unless
 * {@code -Digmp.seed=N} is given; a failure names the seed so that the run can be replayed exactly.
 */
class RoundTripTest {
    private static final long SEED = Long.getLong("igmp.seed", new SplittableRandom().nextLong());

    interface Body {
        void run(int i) throws Exception;
    }

    /** Runs {@code n} iterations; on failure says which seed and iteration. */
    private static void repeat(String what, int n, Body body) {
        for (int i = 0; i < n; i++) {
            try {
                body.run(i);
            } catch (Throwable t) {
                throw new AssertionError(what + " failed at iteration " + i + " with seed " + SEED
                        + " (replay: ./mvnw -pl igmp-wire test -Dtest=RoundTripTest -Digmp.seed=" + SEED + ")", t);
            }
        }
    }

    @Test
    void encodeThenParseGivesTheSameMessage() {
        SplittableRandom rng = new SplittableRandom(SEED);
        MessageGenerator gen = new MessageGenerator(rng);
        IgmpView view = new IgmpView();
        byte[] buf = new byte[4096];
        repeat("encode/parse", 50_000, i -> {
            IgmpMessage m = gen.next();
            rng.nextBytes(buf); // stale bytes must not leak into the message
            int off = rng.nextInt(64);
            int n = IgmpEncoder.encode(m, buf, off);
            assertThat(n).isEqualTo(m.encodedLength());
            ParseResult r = IgmpParser.parse(buf, off, n);
            assertThat(r).as("%s as %s", m, Hex.of(buf, off, n)).isEqualTo(ParseResult.Parsed.of(m, true));
            ViewAgreement.check(view, buf, off, n);
        });
    }

    @Test
    void wireVariantsParseToTheSameMessage() {
        SplittableRandom rng = new SplittableRandom(SEED ^ 1);
        MessageGenerator gen = new MessageGenerator(rng);
        IgmpView view = new IgmpView();
        repeat("wire variant", 30_000, i -> {
            IgmpMessage m = gen.next();
            byte[] b = gen.wireVariant(m);
            assertThat(IgmpParser.parse(b)).as("%s as %s", m, Hex.of(b)).isEqualTo(ParseResult.Parsed.of(m, true));
            ViewAgreement.check(view, b, 0, b.length);
        });
    }

    @Test
    void largeReportsRoundTrip() {
        SplittableRandom rng = new SplittableRandom(SEED ^ 2);
        MessageGenerator gen = new MessageGenerator(rng);
        IgmpView view = new IgmpView();
        repeat("large report", 300, i -> {
            V3MembershipReport m = gen.v3Report(200, 60);
            byte[] b = IgmpEncoder.toBytes(m);
            assertThat(IgmpParser.parse(b)).isEqualTo(ParseResult.Parsed.of(m, true));
            ViewAgreement.check(view, b, 0, b.length);
        });
    }

    @Test
    void ipv4PacketsRoundTrip() {
        SplittableRandom rng = new SplittableRandom(SEED ^ 3);
        MessageGenerator gen = new MessageGenerator(rng);
        repeat("IPv4 packet", 20_000, i -> {
            IgmpMessage m = gen.next();
            Ipv4Header h = gen.ipv4(m.encodedLength());
            byte[] b = new IgmpPacket(h, m, true).toBytes();
            IgmpPacket.ParseOutcome o = IgmpPacket.parse(b, 0, b.length);
            assertThat(o.malformed()).as("%s", Hex.of(b)).isNull();
            IgmpPacket p = o.packet();
            assertThat(p.message()).isEqualTo(m);
            assertThat(p.checksumValid()).isTrue();
            assertThat(p.ip().checksumValid()).isTrue();
            assertThat(p.ip()).isEqualTo(new Ipv4Header(h.tos(), h.totalLength(), h.identification(), h.flagsFragment(),
                    h.ttl(), h.protocol(), p.ip().headerChecksum(), h.source(), h.destination(), h.options()));
            assertThat(p.toBytes()).isEqualTo(b);
        });
    }

    @Test
    void mutatedBytesNeverThrowAndParseStably() {
        SplittableRandom rng = new SplittableRandom(SEED ^ 4);
        MessageGenerator gen = new MessageGenerator(rng);
        IgmpView view = new IgmpView();
        int[] malformed = new int[1];
        repeat("mutated bytes", 50_000, i -> {
            IgmpMessage m = gen.next();
            byte[] b = gen.mutate(rng.nextBoolean() ? gen.wireVariant(m) : IgmpEncoder.toBytes(m));
            ParseResult r = IgmpParser.parse(b);
            ViewAgreement.check(view, b, 0, b.length);
            if (r instanceof ParseResult.Parsed p) {
                byte[] again = IgmpEncoder.toBytes(p.message());
                assertThat(IgmpParser.parse(again)).isEqualTo(ParseResult.Parsed.of(p.message(), true));
            } else {
                malformed[0]++;
            }
            IgmpPacket.ParseOutcome o = IgmpPacket.parse(b, 0, b.length);
            assertThat(o.ok()).isEqualTo(o.malformed() == null);
        });
        // the mutations must reach the error paths, or this test proves little
        assertThat(malformed[0]).isGreaterThan(5_000);
    }
}
