package net.igmp.linux.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.MessageCounter;
import net.igmp.core.router.RouterEngine;
import net.igmp.linux.metrics.MetricsText;
import net.igmp.linux.metrics.MetricsText.Type;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.MessageDescription;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/** The router's metrics name messages and records as every other output does. */
class CounterSamplesTest {
    static final int ROUTER = Ipv4.parse("10.0.0.1"), HOST = Ipv4.parse("10.0.0.2"), OTHER_ROUTER = Ipv4.parse("10.0.0.9");
    static final int G = Ipv4.parse("239.1.1.1");

    @Test
    void metricLabelsAreTheMessageVocabulary() {
        RouterEngine e = new RouterEngine();
        e.addInterface(0, "lan0", ROUTER, InterfaceConfig.DEFAULTS);
        IgmpMessage v3 = V3MembershipReport.of(new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, G, SourceList.EMPTY));
        IgmpMessage v2 = new V2MembershipReport(G);
        IgmpMessage leave = new LeaveGroup(G);
        IgmpMessage query = MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125);
        for (IgmpMessage m : List.of(v3, v2, leave, query)) e.handle(1, "lan0", m == query ? OTHER_ROUTER : HOST, G, m);

        MetricsText t = new MetricsText();
        for (String f : List.of("igmp_messages_received_total", "igmp_records_received_total", "igmp_messages_sent_total",
                "igmp_older_version_queries_total", "igmp_querier_elections_total", "igmp_fast_leaves_total"))
            t.family(f, Type.COUNTER, "x");
        StatusViews.counterSamples(t, e.interfaceState(1, "lan0", false));
        List<String> lines = t.render().lines().toList();

        for (IgmpMessage m : List.of(v3, v2, leave, query)) {
            var fields = MessageDescription.fields(m);
            assertThat(lines).as("%s", fields).contains("igmp_messages_received_total{interface=\"lan0\",type=\"" + fields.get("type")
                    + "\",version=\"" + fields.get("version") + "\"} 1");
        }
        // The record type as the JSON and the text spell it.
        @SuppressWarnings("unchecked")
        var record = ((List<java.util.Map<String, Object>>) MessageDescription.fields(v3).get("records")).getFirst();
        assertThat(lines).contains("igmp_records_received_total{interface=\"lan0\",type=\"" + record.get("type") + "\"} 1");
        assertThat(MessageDescription.text(v3)).contains(record.get("type") + "(");
        // The router sent a group-specific query after the leave (it is querier on a fresh interface).
        assertThat(lines).anyMatch(l -> l.startsWith("igmp_messages_sent_total{interface=\"lan0\",type=\"query\",kind=\"general\"}"))
                .anyMatch(l -> l.startsWith("igmp_messages_sent_total{interface=\"lan0\",type=\"query\",kind=\"group-specific\"}"));
        // The stats names use the same words.
        assertThat(e.interfaceState(1, "lan0", false).counters())
                .containsEntry("received " + MessageDescription.fields(v3).get("type"), 1L)
                .containsEntry("received record " + record.get("type"), 1L)
                .containsKey("sent query group-and-source-specific");
        // Every counter becomes a sample: a new counter cannot be forgotten.
        assertThat(lines).hasSize(MessageCounter.values().length + 6 * 2);
    }
}
