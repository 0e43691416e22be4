package net.igmp.cli.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/**
 * The JSON form of a decoded IGMP packet: {@code type} (query, v1-report, v2-report, v3-report, leave, unknown),
 * {@code version}, {@code group}, {@code maxResponseTimeMs}, the v3 query fields {@code suppressRouterProcessing},
 * {@code robustness}, {@code queryIntervalS} and {@code sources}, the v3 report's {@code records}, {@code checksumValid},
 * and {@code ip} when an IPv4 header carried the message.
 */
public final class IgmpJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A new empty object, fields kept in insertion order. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private IgmpJson() {}

    /** The short type name used in JSON and in one-line summaries. */
    public static String typeName(IgmpMessage m) {
        return switch (m) {
            case MembershipQuery q -> "query";
            case V1MembershipReport r -> "v1-report";
            case V2MembershipReport r -> "v2-report";
            case V3MembershipReport r -> "v3-report";
            case LeaveGroup l -> "leave";
            case UnknownMessage u -> "unknown";
        };
    }

    /** Appends the packet's fields to {@code o}. */
    public static ObjectNode put(ObjectNode o, IgmpPacket p) {
        IgmpMessage m = p.message();
        o.put("type", typeName(m));
        switch (m) {
            case MembershipQuery q -> {
                o.put("version", q.version());
                o.put("group", Ipv4.format(q.group()));
                o.put("maxResponseTimeMs", q.maxResponseTimeMs());
                if (q.version() == 3) {
                    o.put("suppressRouterProcessing", q.suppressRouterProcessing());
                    o.put("robustness", q.qrv());
                    o.put("queryIntervalS", q.queryIntervalS());
                    o.set("sources", sources(q.sources()));
                }
            }
            case V1MembershipReport r -> {
                o.put("version", 1);
                o.put("group", Ipv4.format(r.group()));
            }
            case V2MembershipReport r -> {
                o.put("version", 2);
                o.put("group", Ipv4.format(r.group()));
            }
            case LeaveGroup l -> {
                o.put("version", 2);
                o.put("group", Ipv4.format(l.group()));
            }
            case V3MembershipReport r -> {
                o.put("version", 3);
                ArrayNode records = o.putArray("records");
                for (GroupRecord g : r.records()) {
                    ObjectNode rec = records.addObject();
                    rec.put("type", g.recordType().name());
                    rec.put("group", Ipv4.format(g.group()));
                    rec.set("sources", sources(g.sources()));
                }
            }
            case UnknownMessage u -> o.put("typeCode", u.type());
        }
        o.put("checksumValid", p.checksumValid());
        if (p.ip() != null) o.set("ip", ip(p.ip()));
        return o;
    }

    public static ObjectNode ip(Ipv4Header h) {
        ObjectNode ip = MAPPER.createObjectNode();
        ip.put("src", Ipv4.format(h.source()));
        ip.put("dst", Ipv4.format(h.destination()));
        ip.put("ttl", h.ttl());
        ip.put("routerAlert", h.routerAlert());
        return ip;
    }

    private static ArrayNode sources(SourceList s) {
        ArrayNode a = MAPPER.createArrayNode();
        for (int i = 0; i < s.size(); i++) a.add(Ipv4.format(s.get(i)));
        return a;
    }

    public static String toLine(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
