package net.igmp.wire;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The group records of a parsed report: an unmodifiable list over an array the parser filled and no one else
 * holds, so that {@link V3MembershipReport} can keep it without a copy.
 */
final class RecordList extends AbstractList<GroupRecord> implements RandomAccess {
    private final GroupRecord[] records;

    RecordList(GroupRecord[] records) {
        this.records = records;
    }

    @Override
    public GroupRecord get(int index) {
        return records[index];
    }

    @Override
    public int size() {
        return records.length;
    }
}
