package net.igmp.core;

/** The filter mode of a socket, an interface or a router's group record (RFC 9776 sections 3.1, 3.2, 6.2.1). */
public enum FilterMode {
    /** Reception only from the listed sources. */
    INCLUDE,
    /** Reception from all sources except the listed ones. */
    EXCLUDE
}
