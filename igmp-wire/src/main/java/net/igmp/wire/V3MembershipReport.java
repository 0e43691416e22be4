package net.igmp.wire;

import java.util.List;

/** Version 3 Membership Report, type 0x22 (RFC 9776 section 4.2), sent to 224.0.0.22. */
public record V3MembershipReport(List<GroupRecord> records) implements IgmpMessage {

    public V3MembershipReport {
        records = records instanceof RecordList ? records : List.copyOf(records); // RecordList: already unmodifiable
        if (records.size() > 0xFFFF) throw new IllegalArgumentException("more than 65535 group records");
    }

    public static V3MembershipReport of(GroupRecord... records) {
        return new V3MembershipReport(List.of(records));
    }

    @Override public int type() { return TYPE_V3_MEMBERSHIP_REPORT; }

    @Override
    public int encodedLength() {
        if (records instanceof RecordList packed) return 8 + packed.encodedLength();
        int n = 8;
        for (GroupRecord r : records) n += r.encodedLength();
        return n;
    }
}
