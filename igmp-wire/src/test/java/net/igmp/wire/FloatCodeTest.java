package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Max Resp Code (RFC 9776 section 4.1.1) and QQIC (section 4.1.7) share this 8-bit float. */
class FloatCodeTest {

    /** Written from the RFC's figure, independently of the code under test: 1 | exp | mant, (mant | 0x10) << (exp + 3). */
    private static int reference(int code) {
        if (code < 128) return code;
        int exp = (code & 0x70) / 16, mant = code % 16;
        return (16 + mant) * (int) Math.pow(2, exp + 3);
    }

    @Test
    void decodesAll256Codes() {
        for (int code = 0; code < 256; code++) assertThat(FloatCode.decode(code)).as("code %d", code).isEqualTo(reference(code));
        assertThat(FloatCode.decode(0x80)).isEqualTo(128);
        assertThat(FloatCode.decode(0x8f)).isEqualTo(248);
        assertThat(FloatCode.decode(0x90)).isEqualTo(256);
        assertThat(FloatCode.decode(0xff)).isEqualTo(31744);
        assertThat(FloatCode.MAX_VALUE).isEqualTo(31744);
    }

    @Test
    void codesAreStrictlyIncreasingSoEachValueHasOneCode() {
        for (int code = 1; code < 256; code++) assertThat(FloatCode.decode(code)).isGreaterThan(FloatCode.decode(code - 1));
    }

    @Test
    void encodesEveryCodesValueBackToThatCode() {
        for (int code = 0; code < 256; code++) assertThat(FloatCode.encode(FloatCode.decode(code))).as("code %d", code).isEqualTo(code);
    }

    @Test
    void encoderPicksTheNearestValueNotAboveAgainstBruteForce() {
        for (int value = 0; value <= 40_000; value++) {
            int best = 0; // the largest code whose value does not exceed the request
            for (int code = 0; code < 256; code++) if (reference(code) <= value) best = code;
            int got = FloatCode.encode(value);
            assertThat(got).as("value %d", value).isEqualTo(best);
            assertThat(FloatCode.decode(got)).isLessThanOrEqualTo(value);
            if (got < 255) assertThat(FloatCode.decode(got + 1)).isGreaterThan(value);
        }
        assertThat(FloatCode.encode(Integer.MAX_VALUE)).isEqualTo(0xff);
    }

    @Test
    void defaultTimersEncodeExactly() {
        assertThat(FloatCode.encode(100)).isEqualTo(100); // Query Response Interval 10 s, in tenths
        assertThat(FloatCode.encode(125)).isEqualTo(125); // Query Interval 125 s
        assertThat(FloatCode.encode(10)).isEqualTo(10);   // Last Member Query Interval 1 s
        assertThat(FloatCode.decode(FloatCode.encode(129))).isEqualTo(128);
        assertThat(FloatCode.decode(FloatCode.encode(255))).isEqualTo(248);
    }

    @Test
    void refusesOutOfRange() {
        assertThatThrownBy(() -> FloatCode.encode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloatCode.decode(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloatCode.decode(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
