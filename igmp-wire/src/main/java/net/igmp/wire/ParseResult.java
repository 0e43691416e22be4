package net.igmp.wire;

/** The outcome of parsing an IGMP message: a message (with whether its checksum held) or {@link Malformed}. */
public sealed interface ParseResult permits ParseResult.Parsed, Malformed {

    /** A message. A bad checksum still parses; receivers decide (RFC 9776 section 4.1.2: such messages are ignored). */
    record Parsed(IgmpMessage message, boolean checksumValid) implements ParseResult {}
}
