package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.wire.MessageDescription;
import net.igmp.wire.SourceList;

/** What a router's engine tells the story: membership and querier changes. */
public sealed interface RouterNote {

    /** The router's record of {@code group} on an interface changed to this filter mode and source list. */
    record Membership(int ifIndex, int group, FilterMode mode, SourceList sources) implements RouterNote {
        /** INCLUDE {}: the router keeps no state for the group (RFC 9776 section 6.2.1). */
        boolean none() {
            return mode == FilterMode.INCLUDE && sources.isEmpty();
        }

        /** For the story: "EXCLUDE {}", "INCLUDE {10.0.0.2}" or "none". */
        String state() {
            return none() ? "none" : mode + " " + MessageDescription.set(sources);
        }
    }

    /** The querier on an interface is now {@code address}; {@code self} when this router is it. */
    record Querier(int ifIndex, int address, boolean self) implements RouterNote {}

    /** Anything else worth a line in the story (compatibility mode changes, proxy upstream state). */
    record Info(int ifIndex, String text) implements RouterNote {}
}
