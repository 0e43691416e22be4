package net.igmp.sim;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classic pcap file (the libpcap format Wireshark and tshark read) of Ethernet frames, microsecond
 * timestamps taken from virtual time. Multicast frames carry the RFC 1112 section 6.4 MAC
 * address 01:00:5e + the low 23 bits of the group.
 */
public final class PcapWriter implements Closeable {
    /** LINKTYPE_ETHERNET. */
    static final int LINKTYPE_ETHERNET = 1;
    static final int ETHERTYPE_IPV4 = 0x0800;

    private final OutputStream out;
    private final byte[] record = new byte[16 + 14 + 65535];

    public PcapWriter(Path file) {
        try {
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            byte[] h = new byte[24];
            putIntLe(h, 0, 0xA1B2C3D4);  // magic: microsecond timestamps, written little-endian
            putShortLe(h, 4, 2);        // version 2.4
            putShortLe(h, 6, 4);
            putIntLe(h, 16, 65535);      // snaplen
            putIntLe(h, 20, LINKTYPE_ETHERNET);
            out.write(h);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The Ethernet multicast address of an IPv4 group (RFC 1112 section 6.4). */
    static void multicastMac(int group, byte[] b, int off) {
        b[off] = 0x01;
        b[off + 1] = 0x00;
        b[off + 2] = 0x5e;
        b[off + 3] = (byte) ((group >>> 16) & 0x7F);
        b[off + 4] = (byte) (group >>> 8);
        b[off + 5] = (byte) group;
    }

    /** A locally administered unicast MAC derived from the sender's IPv4 address: 02:00 + the address. */
    static void unicastMac(int address, byte[] b, int off) {
        b[off] = 0x02;
        b[off + 1] = 0x00;
        b[off + 2] = (byte) (address >>> 24);
        b[off + 3] = (byte) (address >>> 16);
        b[off + 4] = (byte) (address >>> 8);
        b[off + 5] = (byte) address;
    }

    /** Writes one frame holding the IPv4 packet {@code ip[0, len)} sent by {@code srcAddress} to multicast {@code dst}. */
    public void write(long timeUs, int srcAddress, int dst, byte[] ip, int len) {
        int frameLen = 14 + len;
        int padded = Math.max(frameLen, 60); // Ethernet minimum frame without FCS
        byte[] r = record;
        putIntLe(r, 0, (int) (timeUs / 1_000_000));
        putIntLe(r, 4, (int) (timeUs % 1_000_000));
        putIntLe(r, 8, padded);
        putIntLe(r, 12, padded);
        multicastMac(dst, r, 16);
        unicastMac(srcAddress, r, 22);
        r[28] = (byte) (ETHERTYPE_IPV4 >>> 8);
        r[29] = (byte) ETHERTYPE_IPV4;
        System.arraycopy(ip, 0, r, 30, len);
        for (int i = 16 + frameLen; i < 16 + padded; i++) r[i] = 0;
        try {
            out.write(r, 0, 16 + padded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putShortLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }
}
