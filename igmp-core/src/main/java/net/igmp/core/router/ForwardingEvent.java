package net.igmp.core.router;

import net.igmp.core.FilterMode;
import net.igmp.wire.SourceList;

/**
 * What a data plane should do with traffic for {@code group} towards {@code interfaceName}, emitted whenever it
 * changes (RFC 9776 section 6.3 "suggest to forward"):
 * <ul>
 *   <li>{@code INCLUDE, sources}: forward only from these sources; {@code INCLUDE, {}} means the interface
 *       has no listener left (remove the interface from every (*,G) and (S,G) entry of the group);</li>
 *   <li>{@code EXCLUDE, sources}: forward from every source except these ((*,G) plus blocking (S,G) entries).</li>
 * </ul>
 */
public record ForwardingEvent(String interfaceName, int group, FilterMode mode, SourceList sources) {

    /** True when nothing of the group is to be forwarded to the interface any more. */
    public boolean isNoListeners() {
        return mode == FilterMode.INCLUDE && sources.isEmpty();
    }

    /** Whether traffic from {@code source} to the group is to be forwarded on the interface. */
    public boolean forwards(int source) {
        return mode == FilterMode.INCLUDE ? sources.contains(source) : !sources.contains(source);
    }
}
