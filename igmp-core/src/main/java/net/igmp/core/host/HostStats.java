package net.igmp.core.host;

/**
 * Counters of a host engine. Remote input that is ignored (own messages looped back, types a host does not act
 * on, queries for unknown interfaces) is counted here, never thrown.
 */
public record HostStats(long messagesReceived, long queriesReceived, long ignored, long reportsSuppressed,
                        long messagesSent, long groupRecordsSent) {
}
