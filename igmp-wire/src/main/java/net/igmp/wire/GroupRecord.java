package net.igmp.wire;

/**
 * One Group Record of a Version 3 Membership Report (RFC 9776 section 4.2.4). Auxiliary data is skipped on
 * parse (section 4.2.10: receivers ignore it) and never emitted.
 *
 * @param recordTypeCode the raw Record Type octet; {@link #recordType()} names it
 */
public record GroupRecord(int recordTypeCode, int group, SourceList sources) {

    public GroupRecord {
        if (recordTypeCode < 0 || recordTypeCode > 0xFF) throw new IllegalArgumentException("record type out of 0..255");
        if (sources == null) throw new IllegalArgumentException("sources must not be null (use SourceList.EMPTY)");
        if (sources.size() > 0xFFFF) throw new IllegalArgumentException("more than 65535 sources");
    }

    public GroupRecord(RecordType type, int group, SourceList sources) {
        this(type.code, group, sources);
    }

    public RecordType recordType() {
        return RecordType.of(recordTypeCode);
    }

    public int encodedLength() {
        return 8 + 4 * sources.size();
    }
}
