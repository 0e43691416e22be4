package net.igmp.core.host;

/**
 * Host-side protocol variables (RFC 9776 section 8, RFC 2236 section 8), times in milliseconds.
 *
 * @param robustness                   [Robustness Variable] until a v3 query brings a non-zero QRV (section 8.1)
 * @param queryIntervalMs              [Query Interval] until a v3 query brings a QQIC (section 8.2)
 * @param queryResponseIntervalMs      [Query Response Interval] used in the Older Version Querier Present
 *                                     Timeout for a v1 query, which carries no Max Resp Time (section 8.3)
 * @param unsolicitedReportIntervalMs  [Unsolicited Report Interval] for v3 State-Change Reports (section 8.11)
 * @param v2UnsolicitedReportIntervalMs the same for repeated v1/v2 reports (RFC 2236 section 8.10: 10 s)
 * @param mtu                          default interface MTU; reports are split to fit it (section 4.2.16)
 * @param maxVersion                   highest IGMP version spoken: 3, or 2/1 to force an older protocol
 *                                     (as Linux's force_igmp_version)
 */
public record HostConfig(int robustness, long queryIntervalMs, long queryResponseIntervalMs,
                         long unsolicitedReportIntervalMs, long v2UnsolicitedReportIntervalMs, int mtu, int maxVersion) {

    public static final int DEFAULT_MTU = 1500;
    /** IPv4 header with the Router Alert option: every report carries one (RFC 9776 section 4). */
    public static final int IP_HEADER_WITH_ROUTER_ALERT = 24;

    public HostConfig {
        if (robustness < 1 || robustness > 7) throw new IllegalArgumentException("robustness must be 1..7: " + robustness);
        if (queryIntervalMs <= 0 || queryResponseIntervalMs <= 0) throw new IllegalArgumentException("intervals must be positive");
        if (unsolicitedReportIntervalMs <= 0 || v2UnsolicitedReportIntervalMs <= 0)
            throw new IllegalArgumentException("unsolicited report intervals must be positive");
        if (mtu < IP_HEADER_WITH_ROUTER_ALERT + 8 + 12) throw new IllegalArgumentException("MTU too small for one group record: " + mtu);
        if (maxVersion < 1 || maxVersion > 3) throw new IllegalArgumentException("maxVersion must be 1, 2 or 3: " + maxVersion);
    }

    private static final HostConfig DEFAULTS = new HostConfig(2, 125_000, 10_000, 1_000, 10_000, DEFAULT_MTU, 3);

    /**
     * RFC defaults: RV 2, QI 125 s, QRI 10 s, URI 1 s (v3) / 10 s (v2), MTU 1500, IGMPv3. Always the same instance,
     * and the {@code with...} methods return {@code this} when nothing changes: a million engines configured alike
     * share one record.
     */
    public static HostConfig defaults() {
        return DEFAULTS;
    }

    public HostConfig withRobustness(int rv) {
        if (rv == robustness) return this;
        return new HostConfig(rv, queryIntervalMs, queryResponseIntervalMs, unsolicitedReportIntervalMs, v2UnsolicitedReportIntervalMs, mtu, maxVersion);
    }

    public HostConfig withMtu(int m) {
        if (m == mtu) return this;
        return new HostConfig(robustness, queryIntervalMs, queryResponseIntervalMs, unsolicitedReportIntervalMs, v2UnsolicitedReportIntervalMs, m, maxVersion);
    }

    public HostConfig withMaxVersion(int v) {
        if (v == maxVersion) return this;
        return new HostConfig(robustness, queryIntervalMs, queryResponseIntervalMs, unsolicitedReportIntervalMs, v2UnsolicitedReportIntervalMs, mtu, v);
    }

    public HostConfig withUnsolicitedReportIntervalMs(long uri) {
        if (uri == unsolicitedReportIntervalMs) return this;
        return new HostConfig(robustness, queryIntervalMs, queryResponseIntervalMs, uri, v2UnsolicitedReportIntervalMs, mtu, maxVersion);
    }
}
