package net.igmp.wire;

import java.util.HexFormat;

/** Hex strings in tests: spaces are allowed for readability. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String of(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
