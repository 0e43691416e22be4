package net.igmp.wire;

/** The three forms of a Membership Query (RFC 9776 section 4.1.9), named alike in every output. */
public enum QueryKind {
    /** Group Address 0: asks for every group. */
    GENERAL("general"),
    /** A group and no sources: asks who still wants the group. */
    GROUP_SPECIFIC("group-specific"),
    /** A group and sources (v3 only): asks who still wants those sources. */
    GROUP_AND_SOURCE_SPECIFIC("group-and-source-specific");

    private final String label;

    QueryKind(String label) {
        this.label = label;
    }

    /** {@code general}, {@code group-specific} or {@code group-and-source-specific}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    public static QueryKind of(MembershipQuery q) {
        return q.isGeneral() ? GENERAL : q.sources().isEmpty() ? GROUP_SPECIFIC : GROUP_AND_SOURCE_SPECIFIC;
    }
}
