package net.igmp.core.router;

import java.util.List;

/**
 * An ordered list of permit/deny prefixes; the first rule that contains an address decides, else the default.
 * Used for group and source policy: a report refused by policy is counted and dropped.
 */
public record AccessList(List<Rule> rules, boolean permitByDefault) {

    /** One rule: addresses in {@code prefix} are permitted or denied. */
    public record Rule(Ipv4Prefix prefix, boolean permit) {
        public Rule {
            if (prefix == null) throw new IllegalArgumentException("rule prefix must not be null");
        }
    }

    /** Permits everything. */
    public static final AccessList PERMIT_ALL = new AccessList(List.of(), true);

    public AccessList {
        if (rules == null) throw new IllegalArgumentException("rules must not be null");
        rules = List.copyOf(rules);
    }

    /** Permits only the given prefixes. */
    public static AccessList permitOnly(Ipv4Prefix... prefixes) {
        return new AccessList(java.util.Arrays.stream(prefixes).map(p -> new Rule(p, true)).toList(), false);
    }

    /** Denies the given prefixes, permits the rest. */
    public static AccessList deny(Ipv4Prefix... prefixes) {
        return new AccessList(java.util.Arrays.stream(prefixes).map(p -> new Rule(p, false)).toList(), true);
    }

    public boolean permits(int address) {
        for (int k = 0, n = rules.size(); k < n; k++) {
            Rule r = rules.get(k);
            if (r.prefix.contains(address)) return r.permit;
        }
        return permitByDefault;
    }
}
