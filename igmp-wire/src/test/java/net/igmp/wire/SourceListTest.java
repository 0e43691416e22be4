package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceListTest {

    @Test
    void aRangeOfASharedArrayBehavesLikeItsOwnList() {
        int[] shared = {1, 2, 3, 4, 5, 6};
        SourceList middle = SourceList.wrap(shared, 2, 3);
        SourceList own = SourceList.of(3, 4, 5);
        assertThat(middle).isEqualTo(own).hasSameHashCodeAs(own);
        assertThat(middle.size()).isEqualTo(3);
        assertThat(middle.get(0)).isEqualTo(3);
        assertThat(middle.toArray()).containsExactly(3, 4, 5);
        assertThat(middle.contains(2)).isFalse();
        assertThat(middle.contains(6)).isFalse();
        assertThat(middle.contains(5)).isTrue();
        assertThat(middle).isNotEqualTo(SourceList.wrap(shared, 1, 3));
        assertThat(SourceList.wrap(shared, 4, 0)).isSameAs(SourceList.EMPTY);
        assertThatThrownBy(() -> middle.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> middle.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(middle.toString()).isEqualTo("[0.0.0.3, 0.0.0.4, 0.0.0.5]");
    }

    @Test
    void ofCopiesItsInput() {
        int[] a = {1, 2};
        SourceList s = SourceList.of(a);
        a[0] = 9;
        assertThat(s.get(0)).isEqualTo(1);
        s.toArray()[1] = 9;
        assertThat(s.get(1)).isEqualTo(2);
        assertThat(SourceList.of("10.0.0.1").get(0)).isEqualTo(0x0A000001);
    }

    @Test
    void recordsOfOneReportDoNotSeeEachOthersSources() {
        byte[] b = IgmpEncoder.toBytes(V3MembershipReport.of(
                new GroupRecord(RecordType.MODE_IS_INCLUDE, 0xE8000001, SourceList.of(1, 2)),
                new GroupRecord(RecordType.ALLOW_NEW_SOURCES, 0xE8000002, SourceList.EMPTY),
                new GroupRecord(RecordType.BLOCK_OLD_SOURCES, 0xE8000003, SourceList.of(3))));
        V3MembershipReport r = (V3MembershipReport) ((ParseResult.Parsed) IgmpParser.parse(b)).message();
        assertThat(r.records().get(0).sources().toArray()).containsExactly(1, 2);
        assertThat(r.records().get(1).sources().isEmpty()).isTrue();
        assertThat(r.records().get(2).sources().toArray()).containsExactly(3);
        assertThat(r.records().get(2).sources().contains(1)).isFalse();
    }
}
