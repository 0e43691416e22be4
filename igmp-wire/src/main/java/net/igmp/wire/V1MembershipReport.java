package net.igmp.wire;

/** Version 1 Membership Report, type 0x12 (RFC 1112 appendix I). */
public record V1MembershipReport(int group) implements IgmpMessage {
    @Override public int type() { return TYPE_V1_MEMBERSHIP_REPORT; }
    @Override public int encodedLength() { return 8; }
}
