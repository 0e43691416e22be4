package net.igmp.sim;

/** What a router's engine tells the story: membership and querier changes. */
public sealed interface RouterNote {

    /** The router's view of {@code group} on an interface changed; {@code state} reads like "EXCLUDE {}" or "none". */
    record Membership(int ifIndex, int group, String state) implements RouterNote {}

    /** The querier on an interface is now {@code address}; {@code self} when this router is it. */
    record Querier(int ifIndex, int address, boolean self) implements RouterNote {}

    /** Anything else worth a line in the story (compatibility mode changes, proxy upstream state). */
    record Info(int ifIndex, String text) implements RouterNote {}
}
