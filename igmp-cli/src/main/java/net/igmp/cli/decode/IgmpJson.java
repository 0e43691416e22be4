package net.igmp.cli.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.MessageDescription;

/**
 * The JSON form of a decoded IGMP packet: the message's fields ({@link MessageDescription#fields}: {@code type},
 * {@code version}, a query's {@code kind}, {@code group}, {@code sources}, ..., a v3 report's {@code records}),
 * {@code checksumValid}, and {@code ip} when an IPv4 header carried the message.
 */
public final class IgmpJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A new empty object, fields kept in insertion order. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private IgmpJson() {}

    /** Appends the packet's fields to {@code o}: the message's as {@link MessageDescription#fields} gives them, then the checksum and IP header. */
    public static ObjectNode put(ObjectNode o, IgmpPacket p) {
        o.setAll((ObjectNode) MAPPER.valueToTree(MessageDescription.fields(p.message())));
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

    public static String toLine(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
