package net.igmp.wire;

import java.util.Arrays;

/** A message of a type this codec does not know, kept whole: type octet and the bytes after the checksum. */
public record UnknownMessage(int type, int code, byte[] body) implements IgmpMessage {

    public UnknownMessage {
        if (type < 0 || type > 0xFF || code < 0 || code > 0xFF) throw new IllegalArgumentException("type and code are octets");
        // A known type would parse back as that type, not as this value.
        if (type == TYPE_MEMBERSHIP_QUERY || type == TYPE_V1_MEMBERSHIP_REPORT || type == TYPE_V2_MEMBERSHIP_REPORT
                || type == TYPE_LEAVE_GROUP || type == TYPE_V3_MEMBERSHIP_REPORT)
            throw new IllegalArgumentException("type 0x" + Integer.toHexString(type) + " is a known IGMP type");
        if (body.length < 4) throw new IllegalArgumentException("an IGMP message has at least 8 octets: body needs 4 or more");
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
