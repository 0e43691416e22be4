package net.igmp.core.router;

import net.igmp.core.FilterMode;
import net.igmp.wire.SourceList;

/**
 * RFC 4605 proxying: the merged membership of all downstream interfaces for {@code group} changed; an upstream
 * host-side engine should now report {@code mode} with {@code sources} for it ({@code INCLUDE, {}} = leave).
 * The merge follows RFC 9776 section 3.2: any EXCLUDE interface makes the result EXCLUDE with the intersection of
 * the EXCLUDE lists minus the union of the INCLUDE lists; otherwise INCLUDE with the union of the INCLUDE lists.
 */
public record ProxyEvent(int group, FilterMode mode, SourceList sources) {}
