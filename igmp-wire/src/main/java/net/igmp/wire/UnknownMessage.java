package net.igmp.wire;

import java.util.Arrays;

/** A message of a type this codec does not know, kept whole: type octet and the bytes after the checksum. */
public record UnknownMessage(int type, int code, byte[] body) implements IgmpMessage {

    public UnknownMessage {
        if (type < 0 || type > 0xFF || code < 0 || code > 0xFF) throw new IllegalArgumentException("type and code are octets");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public int encodedLength() {
        return 4 + body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownMessage u && u.type == type && u.code == code && Arrays.equals(u.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + code) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownMessage[type=0x" + Integer.toHexString(type) + ", code=" + code + ", " + body.length + " octets]";
    }
}
