package net.igmp.wire;

/**
 * The name of each kind of IGMP message, the one spelling every output uses: {@code igmp decode} (JSON and text),
 * {@code igmp simulate} (story and {@code --messages}), the router's counters and its metric labels. A query's
 * version is not part of its type: it goes beside it ({@link #version}), and its {@link QueryKind} after that.
 */
public enum MessageType {
    /** A Membership Query of any version (RFC 9776 section 4.1, RFC 2236 section 2, RFC 1112 appendix I). */
    QUERY("query"),
    /** A Version 1 Membership Report (RFC 1112 appendix I). */
    V1_REPORT("v1-report"),
    /** A Version 2 Membership Report (RFC 2236 section 2). */
    V2_REPORT("v2-report"),
    /** A Version 3 Membership Report (RFC 9776 section 4.2). */
    V3_REPORT("v3-report"),
    /** A Leave Group message (RFC 2236 section 2). */
    LEAVE("leave"),
    /** Any other type octet. */
    UNKNOWN("unknown");

    private final String label;

    MessageType(String label) {
        this.label = label;
    }

    /** The name as printed: {@code query}, {@code v1-report}, {@code v2-report}, {@code v3-report}, {@code leave}, {@code unknown}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    public static MessageType of(IgmpMessage m) {
        return switch (m) {
            case MembershipQuery q -> QUERY;
            case V1MembershipReport r -> V1_REPORT;
            case V2MembershipReport r -> V2_REPORT;
            case V3MembershipReport r -> V3_REPORT;
            case LeaveGroup l -> LEAVE;
            case UnknownMessage u -> UNKNOWN;
        };
    }

    /** The IGMP version of the message: a query's own (RFC 9776 section 7.1), 2 for a Leave, 0 for an unknown type. */
    public static int version(IgmpMessage m) {
        return switch (m) {
            case MembershipQuery q -> q.version();
            case V1MembershipReport r -> 1;
            case V2MembershipReport r -> 2;
            case LeaveGroup l -> 2;
            case V3MembershipReport r -> 3;
            case UnknownMessage u -> 0;
        };
    }
}
