package net.igmp.wire;

/** The outcome of parsing an IGMP message: a message (with whether its checksum held) or {@link Malformed}. */
public sealed interface ParseResult permits ParseResult.Parsed, Malformed {

    /**
     * A message. A bad checksum still parses; receivers decide (RFC 9776 section 4.1.2: such messages are ignored).
     * Whether the checksum held is the kind of the value ({@link Intact} or {@link BadChecksum}), not a field, so
     * that a parse allocates one small object besides the message.
     */
    sealed interface Parsed extends ParseResult permits Parsed.Intact, Parsed.BadChecksum {
        IgmpMessage message();

        boolean checksumValid();

        static Parsed of(IgmpMessage message, boolean checksumValid) {
            return checksumValid ? new Intact(message) : new BadChecksum(message);
        }

        /** A message whose checksum held. */
        record Intact(IgmpMessage message) implements Parsed {
            public Intact {
                if (message == null) throw new IllegalArgumentException("message must not be null");
            }

            @Override public boolean checksumValid() { return true; }
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
