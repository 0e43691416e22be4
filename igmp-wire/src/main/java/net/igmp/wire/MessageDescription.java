package net.igmp.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a message says, in the names of {@link MessageType}, {@link QueryKind} and {@link RecordType}: one line of
 * text for the decode summary and the simulator's story, and one set of fields for every JSON output. Both start
 * with the message type, so the same message reads the same wherever it is shown.
 */
public final class MessageDescription {
    private MessageDescription() {}

    /**
     * One line: {@code query v3 general, max resp 10.0 s, QRV 2, QQI 125 s}, {@code query v2 group-specific
     * 239.1.1.1, max resp 1.0 s}, {@code v3-report TO_EX(239.1.1.1, {}) TO_IN(239.1.1.2, {})}, {@code v2-report
     * 239.1.1.1}, {@code leave 239.1.1.1}, {@code unknown type 0x30, 8 octets}.
     */
    public static String text(IgmpMessage m) {
        StringBuilder sb = new StringBuilder(MessageType.of(m).label());
        switch (m) {
            case MembershipQuery q -> {
                sb.append(" v").append(q.version()).append(' ').append(QueryKind.of(q).label());
                if (!q.isGeneral()) sb.append(' ').append(Ipv4.format(q.group()));
                if (!q.sources().isEmpty()) sb.append(' ').append(set(q.sources()));
                if (q.version() > 1) sb.append(", max resp ").append(tenths(q.maxRespTimeTenths())).append(" s");
                if (q.version() == 3) {
                    if (q.suppressRouterProcessing()) sb.append(", S");
                    sb.append(", QRV ").append(q.qrv()).append(", QQI ").append(q.queryIntervalS()).append(" s");
                }
            }
            case V1MembershipReport r -> sb.append(' ').append(Ipv4.format(r.group()));
            case V2MembershipReport r -> sb.append(' ').append(Ipv4.format(r.group()));
            case LeaveGroup l -> sb.append(' ').append(Ipv4.format(l.group()));
            case V3MembershipReport r -> {
                if (r.records().isEmpty()) sb.append(" (no records)");
                for (GroupRecord g : r.records()) {
                    sb.append(' ').append(g.recordType().shortName());
                    if (g.recordType() == RecordType.UNKNOWN) sb.append('[').append(g.recordTypeCode()).append(']');
                    sb.append('(').append(Ipv4.format(g.group())).append(", ").append(set(g.sources())).append(')');
                }
            }
            case UnknownMessage u -> sb.append(String.format(" type 0x%02x, %d octets", u.type(), u.encodedLength()));
        }
        return sb.toString();
    }

    /**
     * The message's fields in the order JSON prints them: {@code type}; {@code version} (not for unknown types);
     * a query's {@code kind}, {@code group}, {@code sources}, {@code maxResponseTimeMs} and in v3
     * {@code suppressRouterProcessing}, {@code robustness}, {@code queryIntervalS}; a v1/v2 report's or a leave's
     * {@code group}; a v3 report's {@code records}, each with {@code type}, {@code group}, {@code sources} (and
     * {@code typeCode} when the type is UNKNOWN); an unknown message's {@code typeCode}. Values are strings,
     * numbers, booleans, lists and maps, ready for any JSON writer.
     */
    public static Map<String, Object> fields(IgmpMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", MessageType.of(m).label());
        if (!(m instanceof UnknownMessage)) o.put("version", MessageType.version(m));
        switch (m) {
            case MembershipQuery q -> {
                o.put("kind", QueryKind.of(q).label());
                o.put("group", Ipv4.format(q.group()));
                o.put("sources", list(q.sources()));
                o.put("maxResponseTimeMs", q.maxResponseTimeMs());
                if (q.version() == 3) {
                    o.put("suppressRouterProcessing", q.suppressRouterProcessing());
                    o.put("robustness", q.qrv());
                    o.put("queryIntervalS", q.queryIntervalS());
                }
            }
            case V1MembershipReport r -> o.put("group", Ipv4.format(r.group()));
            case V2MembershipReport r -> o.put("group", Ipv4.format(r.group()));
            case LeaveGroup l -> o.put("group", Ipv4.format(l.group()));
            case V3MembershipReport r -> {
                List<Map<String, Object>> records = new ArrayList<>(r.records().size());
                for (GroupRecord g : r.records()) {
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("type", g.recordType().shortName());
                    if (g.recordType() == RecordType.UNKNOWN) rec.put("typeCode", g.recordTypeCode());
                    rec.put("group", Ipv4.format(g.group()));
                    rec.put("sources", list(g.sources()));
                    records.add(rec);
                }
                o.put("records", records);
            }
            case UnknownMessage u -> o.put("typeCode", u.type());
        }
        return o;
    }

    /** {@code {10.0.0.1, 10.0.0.2}}, the set notation of RFC 9776 section 6.4. */
    public static String set(SourceList s) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < s.size(); i++) j.add(Ipv4.format(s.get(i)));
        return j.toString();
    }

    private static List<String> list(SourceList s) {
        List<String> a = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) a.add(Ipv4.format(s.get(i)));
        return a;
    }

    private static String tenths(int t) {
        return (t / 10) + "." + (t % 10);
    }
}
