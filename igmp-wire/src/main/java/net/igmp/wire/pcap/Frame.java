package net.igmp.wire.pcap;

/**
 * One captured frame.
 *
 * @param number         1 for the first frame of the file, as Wireshark counts
 * @param epochNanos     capture time in nanoseconds since 1970-01-01T00:00Z
 * @param linkType       the LINKTYPE_ of the interface it was captured on ({@link LinkType})
 * @param data           the captured octets (possibly fewer than {@code originalLength})
 * @param originalLength the length of the frame on the wire
 */
public record Frame(int number, long epochNanos, int linkType, byte[] data, int originalLength) {

    /** The offset of the IPv4 packet in {@link #data}, or -1 when the frame does not carry IPv4. */
    public int ipv4Offset() {
        return LinkType.ipv4Offset(linkType, data, data.length);
    }

    public boolean truncated() {
        return data.length < originalLength;
    }
}
