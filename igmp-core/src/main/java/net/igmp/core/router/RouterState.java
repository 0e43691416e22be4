package net.igmp.core.router;

import java.util.List;
import java.util.Map;

/**
 * Operator view of the whole engine.
 * @param drops       drops not tied to a known interface ({@link DropReason} name to count)
 * @param parseErrors malformed input by parse error name
 */
public record RouterState(long now, List<InterfaceState> interfaces, Map<String, Long> drops, Map<String, Long> parseErrors) {}
