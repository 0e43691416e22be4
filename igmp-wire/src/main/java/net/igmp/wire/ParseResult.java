package net.igmp.wire;

/**
 * The outcome of parsing an IGMP message: a message (with whether its checksum held) or {@link Malformed}.
 *
 * <pre>{@code
 * switch (IgmpParser.parse(b, off, len)) {
 *     case IgmpMessage m -> ...                  // read, checksum intact
 *     case Parsed.BadChecksum bad -> ...         // read, checksum wrong: bad.message()
 *     case Malformed m -> ...                    // m.error(), m.offset()
 * }
 * }</pre>
 */
public sealed interface ParseResult permits ParseResult.Parsed, Malformed {

    /**
     * A message. A bad checksum still parses; receivers decide (RFC 9776 section 4.1.2: such messages are ignored).
     * A message whose checksum held is its own parse result ({@link IgmpMessage} is a {@code Parsed}: the
     * {@code message()} is itself and {@code checksumValid()} is true); one whose checksum did not is wrapped in
     * {@link BadChecksum}. So a parse allocates the message and nothing else, and whether the checksum held is the
     * kind of the value rather than a field. Matching on {@code IgmpMessage} and {@code BadChecksum} tests a type
     * where {@code p.message()} on a {@code Parsed} of any message type is a call through an interface.
     */
    sealed interface Parsed extends ParseResult permits IgmpMessage, Parsed.BadChecksum {
        IgmpMessage message();

        boolean checksumValid();

        /** The message itself when its checksum held, else the message wrapped in {@link BadChecksum}. */
        static Parsed of(IgmpMessage message, boolean checksumValid) {
            if (message == null) throw new IllegalArgumentException("message must not be null");
            return checksumValid ? message : new BadChecksum(message);
        }

        /** A message whose checksum did not hold. */
        record BadChecksum(IgmpMessage message) implements Parsed {
            public BadChecksum {
                if (message == null) throw new IllegalArgumentException("message must not be null");
            }

            @Override public boolean checksumValid() { return false; }
        }
    }
}
