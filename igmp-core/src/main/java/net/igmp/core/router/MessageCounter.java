package net.igmp.core.router;

/** Counted messages and records, per interface. */
public enum MessageCounter {
    RX_QUERY_V1, RX_QUERY_V2, RX_QUERY_V3,
    RX_REPORT_V1, RX_REPORT_V2, RX_REPORT_V3, RX_LEAVE,
    RX_RECORD_IS_IN, RX_RECORD_IS_EX, RX_RECORD_TO_IN, RX_RECORD_TO_EX, RX_RECORD_ALLOW, RX_RECORD_BLOCK,
    /** A query of an older version than the configured querier version (RFC 9776 section 7.3.1 asks to warn). */
    RX_OLDER_VERSION_QUERY,
    TX_GENERAL_QUERY, TX_GROUP_QUERY, TX_GROUP_SOURCE_QUERY,
    /** Times this router became the querier. */
    QUERIER_ELECTED,
    /** Times a tracked last host left and forwarding stopped at once (explicit tracking or immediate leave). */
    FAST_LEAVE
}
