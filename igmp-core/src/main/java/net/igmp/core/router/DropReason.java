package net.igmp.core.router;

/** Why input was dropped (a whole message, or one group record of a v3 report). Remote misbehaviour is data. */
public enum DropReason {
    /** The message did not parse (the parse error is in the detail counters). */
    MALFORMED,
    /** Internet checksum did not hold (RFC 9776 section 4.1.2: ignore the message). */
    BAD_CHECKSUM,
    /** A message type this router does not act on. */
    UNKNOWN_TYPE,
    /** Received on an interface the engine does not know. */
    UNKNOWN_INTERFACE,
    /** Our own query, looped back. */
    OWN_MESSAGE,
    /** Group address not multicast, or in 224.0.0.0/24 which is never reported. */
    INVALID_GROUP,
    /** A group record type outside 1..6 (RFC 9776 section 4.2.12: ignore). */
    UNKNOWN_RECORD_TYPE,
    /** IS_EX or TO_EX record for a group in the SSM range (RFC 4604 section 2.2.2). */
    SSM_EXCLUDE_MODE,
    /** v1/v2 report or leave for a group in the SSM range (RFC 4604 section 2.2.1). */
    SSM_OLD_VERSION,
    /** A Leave while the group is in IGMPv1 compatibility mode (RFC 9776 section 7.3.2). */
    LEAVE_IN_V1_MODE,
    /** A BLOCK record while the group is in v1/v2 compatibility mode (RFC 9776 section 7.3.2). */
    BLOCK_IN_OLD_MODE,
    /** Would exceed the interface's maximum number of groups. */
    GROUP_LIMIT,
    /** Would exceed the maximum number of sources in a group. */
    SOURCE_LIMIT,
    /** Would exceed the maximum number of tracked hosts on the interface. */
    HOST_LIMIT,
    /** Group refused by the group access list. */
    GROUP_DENIED,
    /** A requested source refused by the source access list. */
    SOURCE_DENIED,
    /** A query from a sender not among the interface's trusted queriers: it takes no part in the election. */
    UNTRUSTED_QUERIER
}
