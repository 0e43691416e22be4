package net.igmp.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import net.igmp.wire.IgmpMessage;
import net.igmp.wire.MessageType;

import java.util.List;

/**
 * Everything a run produced: the JSON of {@code igmp simulate --json} is this record. Times in milliseconds of
 * virtual time (fractions when the latency puts events between milliseconds).
 */
public record SimResult(String scenario, long seed, double durationMs, long steps, long framesSent, long framesReceived,
                        List<Delivery> deliveries, List<SegmentTraffic> segments, List<QuerierInfo> queriers,
                        List<Violation> violations, List<Message> messages, List<MembershipChange> memberships,
                        List<QuerierChange> querierChanges, List<StoryLine> story, Timeline timeline) {

    /**
     * Datagrams of one source and group that reached one host's socket; {@code outOfOrder} counts those that came
     * after a later one (reordering on the way), duplicates included; {@code gaps} the outages in between (not in the
     * JSON, whose fields stay as documented).
     */
    public record Delivery(String host, String group, String source, double firstMs, double lastMs, long received, long outOfOrder,
                           @JsonIgnore List<Gap> gaps) {
        public Delivery {
            gaps = List.copyOf(gaps);
        }

        public Delivery(String host, String group, String source, double firstMs, double lastMs, long received, long outOfOrder) {
            this(host, group, source, firstMs, lastMs, received, outOfOrder, List.of());
        }
    }

    /** A stretch without datagrams within a delivery: the last one before it, the first one after. */
    public record Gap(double fromMs, double toMs) {}

    /** Datagrams of one group that a segment carried (sent by a source or forwarded by a router). */
    public record SegmentTraffic(String segment, String group, long datagrams, double firstMs, double lastMs) {}

    /** The querier of a segment at the end of the run; address null when no router claims the role. */
    public record QuerierInfo(String segment, String address) {}

    /** An invariant that failed, with the step and seed needed to replay it. */
    public record Violation(long step, double atMs, String invariant, String detail) {}

    /** One IGMP message on one segment, sent by {@code src} to {@code dst}; the JSON adds the message's fields. */
    public record Message(double atMs, String segment, String src, String dst, IgmpMessage message) {
        /** The message type's name ({@link MessageType}). */
        public String type() {
            return MessageType.of(message).label();
        }
    }

    /**
     * A membership changed: a host's socket joined, changed or left a group ({@code host} set), or a router's record
     * of the group on a segment changed ({@code router} set). The state is the RFC's filter mode and source list;
     * {@code member} is false when the state is INCLUDE {} (a leave, or a router that no longer keeps the group).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MembershipChange(double atMs, String segment, String host, String router, String group, boolean member,
                                   String filterMode, List<String> sources) {}

    /**
     * The querier a router sees on a segment changed: {@code querier} is its address (null when the router crashed or
     * hears none), {@code self} when the router is the querier itself.
     */
    public record QuerierChange(double atMs, String segment, String router, String querier, boolean self) {}

    /** One line of the readable story. */
    public record StoryLine(double atMs, String text) {}

    /** What the HTML report draws. */
    public record Timeline(List<Bar> bars, List<Mark> marks) {}

    /**
     * A span on one row of the timeline. {@code kind}: "member" (a host's socket wants the group), "receive"
     * (datagrams reach the host), "carry" (a segment carries the group), "router" (a router keeps state for it).
     */
    public record Bar(String row, String kind, double startMs, double endMs) {}

    /** An IGMP message on a segment's row: kind "query", "report" or "leave". */
    public record Mark(String row, String kind, double atMs) {}
}
