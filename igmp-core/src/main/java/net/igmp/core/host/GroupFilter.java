package net.igmp.core.host;

import net.igmp.core.FilterMode;
import net.igmp.wire.SourceList;

/** One socket's wish for one group: the filter-mode and source-list arguments of IPListen (RFC 9776 section 2). */
public record GroupFilter(int group, FilterMode mode, SourceList sources) {}
