package net.igmp.wire.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;

/**
 * Writes a classic pcap file (the libpcap format, microsecond timestamps, big-endian) of IPv4 packets, framed
 * as {@link LinkType#RAW} or as {@link LinkType#ETHERNET}. Ethernet frames get the destination MAC an IPv4
 * multicast group maps to (RFC 1112 section 6.4: 01:00:5e and the low 23 bits of the group), ff:ff:ff:ff:ff:ff
 * for the limited broadcast, and otherwise locally administered MACs built from the IPv4 address
 * (02:00:a.b.c.d), so that a capture of a simulated LAN reads naturally in Wireshark.
 */
public final class PcapWriter implements Closeable {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    /** The largest packet kept whole; IPv4 packets are never longer. */
    public static final int SNAPLEN = 65535;

    private final OutputStream out;
    private final int linkType;
    private final byte[] header = new byte[16 + 14];
    private final byte[] scratch = new byte[SNAPLEN];
    private long packets;

    /** Writes the file header for {@code linkType} ({@link LinkType#RAW} or {@link LinkType#ETHERNET}). */
    public PcapWriter(OutputStream out, int linkType) throws IOException {
        if (linkType != LinkType.RAW && linkType != LinkType.ETHERNET)
            throw new IllegalArgumentException("PcapWriter writes RAW (101) or ETHERNET (1), not " + linkType);
        this.out = out;
        this.linkType = linkType;
        byte[] h = new byte[24];
        putInt(h, 0, MAGIC_MICROS);
        putShort(h, 4, 2); // version 2.4
        putShort(h, 6, 4);
        // thiszone 0, sigfigs 0
        putInt(h, 16, SNAPLEN);
        putInt(h, 20, linkType);
        out.write(h);
    }

    /** Creates (or replaces) the file at {@code path}. */
    public static PcapWriter create(Path path, int linkType) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(path));
        try {
            return new PcapWriter(os, linkType);
        } catch (IOException | RuntimeException e) {
            os.close();
            throw e;
        }
    }

    public int linkType() {
        return linkType;
    }

    /** How many packets have been written. */
    public long packets() {
        return packets;
    }

    /**
     * Writes one IPv4 packet of {@code len} octets at {@code off}, timestamped {@code epochNanos} nanoseconds after
     * 1970-01-01T00:00Z (kept to the microsecond).
     */
    public void writeIpv4(long epochNanos, byte[] packet, int off, int len) throws IOException {
        if (off < 0 || len < 20 || off > packet.length - len) throw new IllegalArgumentException("not an IPv4 packet: " + len + " octets at " + off);
        if (len > SNAPLEN - 14) throw new IllegalArgumentException("packet of " + len + " octets is longer than IPv4 allows");
        int linkHeader = linkType == LinkType.ETHERNET ? 14 : 0;
        long micros = Math.floorDiv(epochNanos, 1000L);
        putInt(header, 0, (int) Math.floorDiv(micros, 1_000_000L));
        putInt(header, 4, (int) Math.floorMod(micros, 1_000_000L));
        putInt(header, 8, len + linkHeader);
        putInt(header, 12, len + linkHeader);
        if (linkType == LinkType.ETHERNET) {
            int source = getInt(packet, off + 12), destination = getInt(packet, off + 16);
            putMac(header, 16, destination);
            putMac(header, 22, source);
            header[22] = 0x02; // a source MAC is never a group address
            header[23] = 0x00;
            putShort(header, 28, LinkType.ETHERTYPE_IPV4);
        }
        out.write(header, 0, 16 + linkHeader);
        out.write(packet, off, len);
        packets++;
    }

    /** Encodes {@code message} behind {@code ip} (its total length must fit the message) and writes the packet. */
    public void writeIgmp(long epochNanos, Ipv4Header ip, IgmpMessage message) throws IOException {
        int hl = ip.write(scratch, 0);
        int n = IgmpEncoder.encode(message, scratch, hl);
        if (ip.totalLength() != hl + n)
            throw new IllegalArgumentException("IPv4 total length " + ip.totalLength() + " but header and message take " + (hl + n));
        writeIpv4(epochNanos, scratch, 0, hl + n);
    }

    /** The Ethernet destination for an IPv4 destination (RFC 1112 section 6.4 for groups). */
    private static void putMac(byte[] b, int off, int ipv4) {
        if (Ipv4.isMulticast(ipv4)) {
            b[off] = 0x01; b[off + 1] = 0x00; b[off + 2] = 0x5E;
            b[off + 3] = (byte) ((ipv4 >>> 16) & 0x7F);
            b[off + 4] = (byte) (ipv4 >>> 8);
            b[off + 5] = (byte) ipv4;
        } else if (ipv4 == 0xFFFFFFFF) {
            for (int i = 0; i < 6; i++) b[off + i] = (byte) 0xFF;
        } else {
            b[off] = 0x02; b[off + 1] = 0x00;
            putInt(b, off + 2, ipv4);
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
