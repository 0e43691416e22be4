package net.igmp.wire;

/**
 * Malformed input, as data.
 * @param offset the byte offset, from the start of the bytes given to the parser, where the problem lies
 */
public record Malformed(ParseError error, int offset, String detail) implements ParseResult, Ipv4Result {

    /** One line for an operator: what is wrong, and where. */
    public String describe() {
        return error.description + " at offset " + offset + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** The same error with its offset moved by {@code delta}: for a message found inside a larger packet. */
    public Malformed shift(int delta) {
        return new Malformed(error, offset + delta, detail);
    }
}
