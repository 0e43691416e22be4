package net.igmp.wire;

/** The outcome of parsing an IPv4 header: the header, or {@link Malformed}. */
public sealed interface Ipv4Result permits Ipv4Header, Malformed {}
