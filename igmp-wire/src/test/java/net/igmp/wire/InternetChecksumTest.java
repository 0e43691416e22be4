package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    /** Straight from RFC 1071 section 1: add 16-bit words into 32 bits, fold the carries, complement. */
    private static int reference(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF, lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            sum += hi * 256 + lo;
            if (sum > 0xFFFF) sum = (sum & 0xFFFF) + 1;
        }
        return 0xFFFF - sum;
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after the carry), checksum 220d.
        byte[] b = Hex.bytes("0001 f203 f4f5 f6f7");
        assertThat(InternetChecksum.compute(b, 0, b.length)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthIsPaddedWithZero() {
        byte[] odd = Hex.bytes("0001 f203 f4f5 f6");
        byte[] padded = Hex.bytes("0001 f203 f4f5 f600");
        assertThat(InternetChecksum.compute(odd, 0, odd.length)).isEqualTo(InternetChecksum.compute(padded, 0, padded.length));
    }

    @Test
    void zerosGiveAllOnesAndAValidMessageVerifies() {
        assertThat(InternetChecksum.compute(new byte[8], 0, 8)).isEqualTo(0xFFFF);
        byte[] m = Hex.bytes("1164 ee9b 00000000");
        assertThat(InternetChecksum.verify(m, 0, m.length)).isTrue();
        m[7] ^= 1;
        assertThat(InternetChecksum.verify(m, 0, m.length)).isFalse();
    }

    @Test
    void agreesWithReferenceOnRandomSlices() {
        SplittableRandom rng = new SplittableRandom(1071);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[1 + rng.nextInt(1500)];
            // Runs of 0xff push many carries through the fold.
            if (rng.nextInt(4) == 0) java.util.Arrays.fill(b, (byte) 0xff);
            else rng.nextBytes(b);
            int off = rng.nextInt(b.length), len = rng.nextInt(b.length - off + 1);
            assertThat(InternetChecksum.compute(b, off, len)).as("iteration %d", i).isEqualTo(reference(b, off, len));
        }
    }

    @Test
    void anySingleBitFlipIsDetected() {
        byte[] m = IgmpEncoder.toBytes(V3MembershipReport.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, Ipv4.parse("232.1.1.1"), SourceList.of("10.0.0.1", "10.0.0.2"))));
        for (int bit = 0; bit < m.length * 8; bit++) {
            m[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(InternetChecksum.verify(m, 0, m.length)).as("bit %d", bit).isFalse();
            m[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        assertThat(InternetChecksum.verify(m, 0, m.length)).isTrue();
    }

    @Test
    void verifiesAgreesWithFoldingOnEverySumThatCanArise() {
        // Sums that fold to 0xFFFF and their neighbours, small and near the largest a sum can be (below 2^62).
        for (long k = 0; k < 200_000; k++) {
            for (long base : new long[] {0, (1L << 62) / 0xFFFF * 0xFFFF - 0xFFFFL * 100_000})
                for (long d = -1; d <= 1; d++) {
                    long sum = base + k * 0xFFFF + d;
                    if (sum >= 0) assertThat(InternetChecksum.verifies(sum)).as("sum %d", sum).isEqualTo(InternetChecksum.fold(sum) == 0xFFFF);
                }
        }
        assertThat(InternetChecksum.verifies(0)).as("all-zero octets fold to 0").isFalse();
        SplittableRandom rng = new SplittableRandom(9776);
        for (int i = 0; i < 1_000_000; i++) {
            long sum = rng.nextLong(1L << rng.nextInt(1, 63));
            assertThat(InternetChecksum.verifies(sum)).as("sum %d", sum).isEqualTo(InternetChecksum.fold(sum) == 0xFFFF);
        }
    }
}
