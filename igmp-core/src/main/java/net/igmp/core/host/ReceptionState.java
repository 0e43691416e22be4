package net.igmp.core.host;

import net.igmp.core.FilterMode;
import net.igmp.wire.SourceList;

/**
 * The reception state of a socket or an interface for one multicast address (RFC 9776 sections 3.1 and 3.2):
 * a filter mode and a source list. INCLUDE with no sources means "no reception state".
 */
public record ReceptionState(FilterMode filterMode, SourceList sources) {
    public static final ReceptionState NONE = new ReceptionState(FilterMode.INCLUDE, SourceList.EMPTY);

    public ReceptionState {
        if (filterMode == null || sources == null) throw new IllegalArgumentException("filter mode and sources are required");
    }

    /** True when this state asks for any traffic (section 3.2: INCLUDE {} is no state at all). */
    public boolean hasState() {
        return filterMode == FilterMode.EXCLUDE || !sources.isEmpty();
    }
}
