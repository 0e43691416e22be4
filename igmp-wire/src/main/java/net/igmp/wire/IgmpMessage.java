package net.igmp.wire;

/**
 * One IGMP message, validated at construction. Parse with {@link IgmpParser}, emit with {@link IgmpEncoder}.
 * Unknown message types are data ({@link UnknownMessage}), not errors (RFC 9776 section 4: "other message
 * types ... MUST be silently ignored" by the protocol, but tools still show them).
 *
 * <p>A message is also what {@link IgmpParser#parse} returns for octets whose checksum held (a
 * {@link ParseResult.Parsed} that is its own {@code message()}), so that a parse makes one object.
 */
public sealed interface IgmpMessage extends ParseResult.Parsed
        permits MembershipQuery, V1MembershipReport, V2MembershipReport, LeaveGroup, V3MembershipReport, UnknownMessage {

    /** IGMP type octets (RFC 9776 section 4, RFC 2236 section 2.1, RFC 1112 appendix I). */
    int TYPE_MEMBERSHIP_QUERY = 0x11;
    int TYPE_V1_MEMBERSHIP_REPORT = 0x12;
    int TYPE_V2_MEMBERSHIP_REPORT = 0x16;
    int TYPE_LEAVE_GROUP = 0x17;
    int TYPE_V3_MEMBERSHIP_REPORT = 0x22;

    /** The type octet. */
    int type();

    /** The number of octets this message takes on the wire. */
    int encodedLength();

    /** As a parse result, a message is a message whose checksum held (see {@link ParseResult.Parsed}): itself. */
    @Override
    default IgmpMessage message() {
        return this;
    }

    /**
     * True: a message as such has a valid checksum (the encoder writes one); one read with a wrong checksum comes
     * from the parser as {@link ParseResult.Parsed.BadChecksum}.
     */
    @Override
    default boolean checksumValid() {
        return true;
    }
}
