package net.igmp.core.router;

import net.igmp.wire.MessageType;
import net.igmp.wire.QueryKind;
import net.igmp.wire.RecordType;

/**
 * Counted messages and records, per interface. Each is named from the message vocabulary of the wire
 * ({@link MessageType}, {@link QueryKind}, {@link RecordType}): {@link #label()} in {@code igmp show stats}, the
 * accessors as metric labels.
 */
public enum MessageCounter {
    RX_QUERY_V1(MessageType.QUERY, 1), RX_QUERY_V2(MessageType.QUERY, 2), RX_QUERY_V3(MessageType.QUERY, 3),
    RX_REPORT_V1(MessageType.V1_REPORT, 1), RX_REPORT_V2(MessageType.V2_REPORT, 2), RX_REPORT_V3(MessageType.V3_REPORT, 3),
    RX_LEAVE(MessageType.LEAVE, 2),
    RX_RECORD_IS_IN(RecordType.MODE_IS_INCLUDE), RX_RECORD_IS_EX(RecordType.MODE_IS_EXCLUDE),
    RX_RECORD_TO_IN(RecordType.CHANGE_TO_INCLUDE_MODE), RX_RECORD_TO_EX(RecordType.CHANGE_TO_EXCLUDE_MODE),
    RX_RECORD_ALLOW(RecordType.ALLOW_NEW_SOURCES), RX_RECORD_BLOCK(RecordType.BLOCK_OLD_SOURCES),
    /** A query of an older version than the configured querier version (RFC 9776 section 7.3.1 asks to warn). */
    RX_OLDER_VERSION_QUERY("received older-version query"),
    TX_GENERAL_QUERY(QueryKind.GENERAL), TX_GROUP_QUERY(QueryKind.GROUP_SPECIFIC),
    TX_GROUP_SOURCE_QUERY(QueryKind.GROUP_AND_SOURCE_SPECIFIC),
    /** Times this router became the querier. */
    QUERIER_ELECTED("querier elected"),
    /** Times a tracked last host left and forwarding stopped at once (explicit tracking or immediate leave). */
    FAST_LEAVE("fast leave");

    private final MessageType messageType;
    private final int version;
    private final RecordType recordType;
    private final QueryKind queryKind;
    private final String label;

    /** A message received. */
    MessageCounter(MessageType type, int version) {
        this(type, version, null, null,
                "received " + type.label() + (type == MessageType.QUERY ? " v" + version : ""));
    }

    /** A group record received. */
    MessageCounter(RecordType type) {
        this(null, 0, type, null, "received record " + type.shortName());
    }

    /** A query sent. */
    MessageCounter(QueryKind kind) {
        this(MessageType.QUERY, 0, null, kind, "sent " + MessageType.QUERY.label() + " " + kind.label());
    }

    /** Anything else the router counts. */
    MessageCounter(String label) {
        this(null, 0, null, null, label);
    }

    MessageCounter(MessageType messageType, int version, RecordType recordType, QueryKind queryKind, String label) {
        this.messageType = messageType;
        this.version = version;
        this.recordType = recordType;
        this.queryKind = queryKind;
        this.label = label;
    }

    /**
     * The name in {@code igmp show stats} and its JSON: {@code received query v3}, {@code received v3-report},
     * {@code received leave}, {@code received record TO_EX}, {@code sent query group-specific}, ...
     */
    public String label() {
        return label;
    }

    /** The type of the message received or sent; null for records and other counts. */
    public MessageType messageType() {
        return messageType;
    }

    /** The version of the message received (a query's own); 0 for sent queries, records and other counts. */
    public int version() {
        return version;
    }

    /** The record type of a counted group record, else null. */
    public RecordType recordType() {
        return recordType;
    }

    /** The kind of a sent query, else null. */
    public QueryKind queryKind() {
        return queryKind;
    }

    /** True for a message sent. */
    public boolean sent() {
        return queryKind != null;
    }
}
