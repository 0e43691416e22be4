package net.igmp.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** IPv4 addresses as {@code int} in network order (first octet in the high byte): no allocation on hot paths. */
public final class Ipv4 {
    private Ipv4() {}

    /** 224.0.0.1, the all-systems group: where general queries go (RFC 2236 section 2.1). */
    public static final int ALL_SYSTEMS = 0xE0000001;
    /** 224.0.0.2, the all-routers group: where v2 Leave Group messages go (RFC 2236 section 3). */
    public static final int ALL_ROUTERS = 0xE0000002;
    /** 224.0.0.22, where IGMPv3 reports go (RFC 9776 section 4.2.14). */
    public static final int ALL_IGMPV3_ROUTERS = 0xE0000016;

    public static String format(int a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    /** Parses a dotted quad; throws {@link IllegalArgumentException} with a readable message. */
    public static int parse(String s) {
        String[] parts = s.trim().split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
        int a = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit))
                throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
            int v = Integer.parseInt(p);
            if (v > 255) throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
            a = (a << 8) | v;
        }
        return a;
    }

    /** 224.0.0.0/4 (RFC 1112 section 4). */
    public static boolean isMulticast(int a) {
        return (a & 0xF0000000) == 0xE0000000;
    }

    /** 224.0.0.0/24: never reported, never forwarded (RFC 9776 section 5, RFC 2236 section 6). */
    public static boolean isLinkLocalMulticast(int a) {
        return (a & 0xFFFFFF00) == 0xE0000000;
    }

    // Network byte order views of a byte[]: one bounds check and one load or store each, where the JIT can.
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    static int getShort(byte[] b, int off) {
        return (short) SHORT.get(b, off) & 0xFFFF;
    }

    static void putShort(byte[] b, int off, int v) {
        SHORT.set(b, off, (short) v);
    }
}
