package net.igmp.wire;

/** Group Record Types (RFC 9776 section 4.2.12). {@link #UNKNOWN} stands for any other value, which receivers ignore. */
public enum RecordType {
    UNKNOWN(0),
    /** Current-State Record: the interface is in INCLUDE mode for these sources. */
    MODE_IS_INCLUDE(1),
    /** Current-State Record: the interface is in EXCLUDE mode for these sources. */
    MODE_IS_EXCLUDE(2),
    /** Filter-Mode-Change Record: changed to INCLUDE with these sources. */
    CHANGE_TO_INCLUDE_MODE(3),
    /** Filter-Mode-Change Record: changed to EXCLUDE with these sources. */
    CHANGE_TO_EXCLUDE_MODE(4),
    /** Source-List-Change Record: these sources are now wanted. */
    ALLOW_NEW_SOURCES(5),
    /** Source-List-Change Record: these sources are no longer wanted. */
    BLOCK_OLD_SOURCES(6);

    private static final RecordType[] BY_CODE = values();
    public final int code;

    RecordType(int code) {
        this.code = code;
    }

    public static RecordType of(int code) {
        return code >= 1 && code <= 6 ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * The record type's name in every output (JSON, text, counters, metric labels): the short form of the RFC 9776
     * section 6.4 tables, IS_IN, IS_EX, TO_IN, TO_EX, ALLOW, BLOCK; UNKNOWN for any other code.
     */
    public String shortName() {
        return switch (this) {
            case MODE_IS_INCLUDE -> "IS_IN";
            case MODE_IS_EXCLUDE -> "IS_EX";
            case CHANGE_TO_INCLUDE_MODE -> "TO_IN";
            case CHANGE_TO_EXCLUDE_MODE -> "TO_EX";
            case ALLOW_NEW_SOURCES -> "ALLOW";
            case BLOCK_OLD_SOURCES -> "BLOCK";
            case UNKNOWN -> "UNKNOWN";
        };
    }
}
