package net.igmp.wire;

/** Why bytes are not a valid message. Remote misbehaviour is data: routers count these, tools print them. */
public enum ParseError {
    /** Fewer octets than the fixed part needs. */
    TRUNCATED("truncated"),
    /** A query of 9, 10 or 11 octets (RFC 9776 section 7.1). */
    INVALID_QUERY_LENGTH("invalid query length"),
    /** Number of Sources says more addresses than the packet holds. */
    SOURCE_COUNT_OVERRUN("number of sources overruns the packet"),
    /** A group record (header, sources or auxiliary data) runs past the end of the packet. */
    RECORD_OVERRUN("group record overruns the packet"),
    /** The IPv4 version nibble is not 4. */
    BAD_IP_VERSION("not an IPv4 packet"),
    /** IHL below 5 or beyond the packet. */
    BAD_IHL("bad IPv4 header length (IHL)"),
    /** Total Length shorter than the header or longer than the bytes given. */
    BAD_TOTAL_LENGTH("bad IPv4 total length"),
    /** An IPv4 option whose length octet is wrong. */
    BAD_IP_OPTION("malformed IPv4 option"),
    /** An IPv4 packet that carries another protocol than IGMP (2). */
    NOT_IGMP("IPv4 packet does not carry IGMP"),
    /** A fragment: IGMP messages are never fragmented on a LAN, and this codec does not reassemble. */
    FRAGMENTED("IPv4 fragment");

    public final String description;

    ParseError(String description) {
        this.description = description;
    }
}
