package net.igmp.wire.pcap;

/** A capture file that cannot be read (not pcap, truncated, corrupt). The message is one line for an operator. */
public final class PcapException extends Exception {
    public PcapException(String message) {
        super(message);
    }

    public PcapException(String message, Throwable cause) {
        super(message, cause);
    }
}
