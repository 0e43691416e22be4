package net.igmp.wire;

/** Leave Group, type 0x17 (RFC 2236 section 2), sent to 224.0.0.2. */
public record LeaveGroup(int group) implements IgmpMessage {
    @Override public int type() { return TYPE_LEAVE_GROUP; }
    @Override public int encodedLength() { return 8; }
}
