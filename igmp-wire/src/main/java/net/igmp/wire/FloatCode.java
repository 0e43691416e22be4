package net.igmp.wire;

/**
 * The 8-bit floating-point form of Max Resp Code (RFC 9776 section 4.1.1) and QQIC (section 4.1.7).
 * Codes below 128 are the value itself; otherwise {@code 1 | exp(3) | mant(4)} stands for
 * {@code (mant | 0x10) << (exp + 3)}.
 */
public final class FloatCode {
    private FloatCode() {}

    /** The largest value a code can stand for: code 0xFF. */
    public static final int MAX_VALUE = decode(0xFF);

    public static int decode(int code) {
        if (code < 0 || code > 0xFF) throw new IllegalArgumentException("code out of range 0..255: " + code);
        if (code < 128) return code;
        int exp = (code >>> 4) & 0x07, mant = code & 0x0F;
        return (mant | 0x10) << (exp + 3);
    }

    /**
     * The code for the nearest representable value not above {@code value}; values above
     * {@link #MAX_VALUE} get 0xFF, negative values are refused.
     */
    public static int encode(int value) {
        if (value < 0) throw new IllegalArgumentException("negative value: " + value);
        if (value < 128) return value;
        if (value >= MAX_VALUE) return 0xFF;
        // value >= 128 = 0x10 << 3: find exp so that (value >> (exp + 3)) lies in 0x10..0x1F.
        int exp = (31 - Integer.numberOfLeadingZeros(value)) - 7; // highest bit 7 -> exp 0
        int mant = (value >>> (exp + 3)) & 0x0F; // truncation rounds down
        return 0x80 | (exp << 4) | mant;
    }
}
