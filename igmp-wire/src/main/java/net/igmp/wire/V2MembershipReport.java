package net.igmp.wire;

/** Version 2 Membership Report, type 0x16 (RFC 2236 section 2). The Max Resp Time octet is 0 on send. */
public record V2MembershipReport(int group) implements IgmpMessage {
    @Override public int type() { return TYPE_V2_MEMBERSHIP_REPORT; }
    @Override public int encodedLength() { return 8; }
}
