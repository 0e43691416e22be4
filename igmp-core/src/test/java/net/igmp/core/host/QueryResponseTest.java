package net.igmp.core.host;

import static net.igmp.core.host.Harness.g;
import static net.igmp.core.host.Harness.records;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.Ipv4;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/** RFC 9776 section 5.2: action on reception of a query. */
class QueryResponseTest {
    static final int G1 = g("239.1.1.1"), G2 = g("239.2.2.2");
    static final int S1 = g("10.1.0.1"), S2 = g("10.1.0.2"), S3 = g("10.1.0.3");

    /** A host with G1 EXCLUDE {S3} and G2 INCLUDE {S1, S2}, its state-change reports done. */
    static Harness settled(ScriptedRandom r) {
        Harness h = new Harness(r);
        h.host.listen(h.now, 1, Harness.IF, G1, FilterMode.EXCLUDE, SourceList.of(S3));
        h.host.listen(h.now, 1, Harness.IF, G2, FilterMode.INCLUDE, SourceList.of(S1, S2));
        h.runFor(5000);
        return h;
    }

    static MembershipQuery general(int maxRespTenths) {
        return MembershipQuery.v3(0, SourceList.EMPTY, maxRespTenths, false, 2, 125);
    }

    static MembershipQuery groupQuery(int group, int maxRespTenths, int... sources) {
        return MembershipQuery.v3(group, SourceList.of(sources), maxRespTenths, false, 2, 125);
    }

    void query(Harness h, MembershipQuery q) {
        h.host.handle(h.now, Harness.IF, Harness.ROUTER, q.isGeneral() ? Ipv4.ALL_SYSTEMS : q.group(), q);
    }

    @Test
    void generalQueryIsAnsweredAfterARandomDelayWithOneCurrentStateRecordPerGroup() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        r.then(4321);
        query(h, general(100));
        assertThat(h.drain()).as("never at once (ack implosion)").isEmpty();
        assertThat(r.lastBound).isEqualTo(10_000);
        assertThat(h.host.nextDeadline()).isEqualTo(h.now + 4322);
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).hasSize(1);
        assertThat(records(sent.getFirst().transmit())).containsExactly("IS_EX 239.1.1.1 [10.1.0.3]", "IS_IN 239.2.2.2 [10.1.0.1, 10.1.0.2]");
        assertThat(sent.getFirst().transmit().destination()).isEqualTo(Ipv4.ALL_IGMPV3_ROUTERS);
    }

    @Test
    void withoutStateNothingIsScheduled() {
        Harness h = new Harness(new ScriptedRandom());
        query(h, general(100));
        query(h, groupQuery(G1, 100));
        assertThat(h.host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        Harness h2 = settled(new ScriptedRandom());
        query(h2, groupQuery(g("239.9.9.9"), 100));
        assertThat(h2.host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rule1APendingGeneralResponseSoonerCoversALaterQuery() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        r.then(999, 4999, 4999);
        query(h, general(100));             // pending at +1000
        query(h, groupQuery(G1, 100));      // would be +5000: covered
        query(h, general(100));             // would be +5000: covered, the +1000 one stays
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().at()).isEqualTo(h.now - 20_000 + 1000);
    }

    @Test
    void rule2ANewGeneralQueryReplacesALaterPendingResponse() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        long t0 = h.now;
        r.then(7999, 1999);
        query(h, general(100));
        query(h, general(100));
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).extracting(Harness.Timed::at).containsExactly(t0 + 2000);
    }

    @Test
    void rule3GroupSpecificAndGroupAndSourceSpecificResponses() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        query(h, groupQuery(G1, 10));
        assertThat(h.runFor(2000)).extracting(x -> records(x.transmit())).containsExactly(List.of("IS_EX 239.1.1.1 [10.1.0.3]"));
        // INCLUDE (A), B -> IS_IN (A*B)
        query(h, groupQuery(G2, 10, S2, S3));
        assertThat(h.runFor(2000)).extracting(x -> records(x.transmit())).containsExactly(List.of("IS_IN 239.2.2.2 [10.1.0.2]"));
        // EXCLUDE (A), B -> IS_IN (B-A)
        query(h, groupQuery(G1, 10, S1, S3));
        assertThat(h.runFor(2000)).extracting(x -> records(x.transmit())).containsExactly(List.of("IS_IN 239.1.1.1 [10.1.0.1]"));
        // empty result: no response at all
        query(h, groupQuery(G2, 10, S3));
        query(h, groupQuery(G1, 10, S3));
        assertThat(h.runFor(2000)).isEmpty();
    }

    @Test
    void rule4AGroupSpecificQueryClearsTheRecordedSourcesAndTheEarlierTimeWins() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        long t0 = h.now;
        r.then(299, 799);
        query(h, groupQuery(G2, 10, S1));   // +300, sources {S1}
        query(h, groupQuery(G2, 10));       // +800: group-specific
        List<Harness.Timed> sent = h.runFor(2000);
        assertThat(sent).extracting(Harness.Timed::at).containsExactly(t0 + 300);
        assertThat(records(sent.getFirst().transmit())).containsExactly("IS_IN 239.2.2.2 [10.1.0.1, 10.1.0.2]");
        // and the other order: a pending group-specific response absorbs a source-specific query
        r.then(899, 99);
        query(h, groupQuery(G2, 10));
        query(h, groupQuery(G2, 10, S1));
        sent = h.runFor(2000);
        assertThat(sent).extracting(Harness.Timed::at).containsExactly(t0 + 2000 + 100);
        assertThat(records(sent.getFirst().transmit())).containsExactly("IS_IN 239.2.2.2 [10.1.0.1, 10.1.0.2]");
    }

    @Test
    void rule5SourceListsOfPendingSourceQueriesAreAugmented() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        long t0 = h.now;
        r.then(599, 199);
        query(h, groupQuery(G2, 10, S1));
        query(h, groupQuery(G2, 10, S2, S3));
        List<Harness.Timed> sent = h.runFor(2000);
        assertThat(sent).extracting(Harness.Timed::at).containsExactly(t0 + 200);
        assertThat(records(sent.getFirst().transmit())).containsExactly("IS_IN 239.2.2.2 [10.1.0.1, 10.1.0.2]");
        // the recorded sources were cleared after the response
        query(h, groupQuery(G2, 10, S2));
        assertThat(h.runFor(2000)).extracting(x -> records(x.transmit())).containsExactly(List.of("IS_IN 239.2.2.2 [10.1.0.2]"));
    }

    @Test
    void stateLostBeforeTheTimerExpiresMeansNoResponse() {
        ScriptedRandom r = new ScriptedRandom();
        Harness h = settled(r);
        query(h, groupQuery(G1, 100));
        h.host.leave(h.now, Harness.IF, G1); // socket 1 holds it, not the default socket: nothing changes
        h.host.listen(h.now, 1, Harness.IF, G1, FilterMode.INCLUDE, SourceList.EMPTY);
        h.drain();
        List<Harness.Timed> sent = h.runFor(20_000);
        assertThat(sent).extracting(x -> records(x.transmit())).allSatisfy(rs -> assertThat(rs).allMatch(s -> s.startsWith("TO_IN")));
    }

    @Test
    void reportsAreSplitToFitTheInterfaceMtu() {
        Harness h = new Harness(new ScriptedRandom());
        for (int i = 0; i < 400; i++) h.host.join(h.now, Harness.IF, g("239.0.1.0") + i);
        h.runFor(5000);
        query(h, general(10));
        List<Harness.Timed> sent = h.runFor(2000);
        // 1500 - 24 (IPv4 with Router Alert) = 1476 octets of IGMP: 8 header + 183 records of 8 octets
        assertThat(sent).extracting(x -> ((V3MembershipReport) x.transmit().message()).records().size()).containsExactly(183, 183, 34);
        for (Harness.Timed t : sent) assertThat(IgmpEncoder.toBytes(t.transmit().message()).length).isLessThanOrEqualTo(1476);
    }

    @Test
    void aRecordTooLargeIsSplitExceptExcludeWhichIsTruncated() {
        Harness h = new Harness(HostConfig.defaults().withMtu(576), new ScriptedRandom());
        int[] many = new int[300];
        for (int i = 0; i < many.length; i++) many[i] = g("10.2.0.0") + i;
        h.host.listen(h.now, 1, Harness.IF, G1, FilterMode.INCLUDE, SourceList.of(many));
        h.host.listen(h.now, 2, Harness.IF, G2, FilterMode.EXCLUDE, SourceList.of(many));
        h.runFor(5000);
        query(h, general(10));
        List<Harness.Timed> sent = h.runFor(2000);
        int perRecord = (576 - 24 - 8 - 8) / 4; // 134
        int included = 0;
        for (Harness.Timed t : sent) {
            assertThat(t.transmit().message().encodedLength()).isLessThanOrEqualTo(576 - 24);
            for (GroupRecord gr : ((V3MembershipReport) t.transmit().message()).records()) {
                assertThat(gr.sources().size()).isLessThanOrEqualTo(perRecord);
                if (gr.recordType() == RecordType.MODE_IS_INCLUDE) included += gr.sources().size();
                if (gr.recordType() == RecordType.MODE_IS_EXCLUDE) assertThat(gr.sources().size()).isEqualTo(perRecord);
            }
        }
        assertThat(included).isEqualTo(300);
        assertThat(sent).hasSize(4); // 134 + 134 + 32 INCLUDE, one truncated EXCLUDE
    }
}
