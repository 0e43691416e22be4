package net.igmp.wire.pcap;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads capture files: classic pcap in either byte order with microsecond or nanosecond timestamps, and pcapng
 * (Section Header, Interface Description, Enhanced and Simple Packet Blocks; other blocks are skipped). Any link
 * type is returned as it is; {@link LinkType#ipv4Offset} understands Ethernet (with VLAN tags), raw IP, IPv4,
 * Linux cooked v1 and v2, and BSD loopback.
 *
 * <p>Nothing but {@link PcapException} leaves this class, with a one-line message that names the problem and its
 * file offset; frames read before a problem remain valid.
 */
public final class PcapReader implements AutoCloseable {
    /** No frame is believed longer than this: a larger length means a corrupt file, not a reason to allocate. */
    static final int MAX_FRAME = 256 * 1024;
    private static final int PCAPNG_SHB = 0x0A0D0D0A, PCAPNG_BYTE_ORDER = 0x1A2B3C4D;
    private static final int PCAPNG_IDB = 1, PCAPNG_SPB = 3, PCAPNG_EPB = 6;
    private static final int MAX_BLOCK = 16 * 1024 * 1024;

    private final InputStream in;
    private final boolean pcapng;
    private long offset;          // file offset of the next unread octet
    private int frames;
    // classic pcap
    private boolean bigEndian;
    private boolean nanos;
    private int classicLinkType;
    // pcapng: interfaces of the current section
    private final List<int[]> interfaces = new ArrayList<>(); // {linkType, snaplen}
    private final List<long[]> tsUnits = new ArrayList<>();    // {units per second}

    private PcapReader(InputStream in) throws PcapException {
        this.in = in;
        byte[] magic = readOrFail(4, "file header");
        int be = getInt(magic, 0, true);
        if (be == PCAPNG_SHB) {
            pcapng = true;
            readSectionHeader(magic);
            return;
        }
        pcapng = false;
        int le = Integer.reverseBytes(be);
        if (be == PcapWriter.MAGIC_MICROS || be == PcapWriter.MAGIC_NANOS) bigEndian = true;
        else if (le == PcapWriter.MAGIC_MICROS || le == PcapWriter.MAGIC_NANOS) bigEndian = false;
        else throw new PcapException(String.format("not a pcap or pcapng file: magic number 0x%08x at offset 0", be));
        nanos = (bigEndian ? be : le) == PcapWriter.MAGIC_NANOS;
        byte[] rest = readOrFail(20, "file header");
        int major = getShort(rest, 0, bigEndian);
        if (major != 2) throw new PcapException("unsupported pcap version " + major + "." + getShort(rest, 2, bigEndian) + " at offset 4");
        // The link type sits in the low 16 bits; the upper bits may carry FCS information.
        classicLinkType = getInt(rest, 16, bigEndian) & 0xFFFF;
    }

    /** Reads the file header of {@code in}; the caller closes {@code in} through {@link #close()}. */
    public static PcapReader open(InputStream in) throws PcapException {
        return new PcapReader(in instanceof BufferedInputStream ? in : new BufferedInputStream(in));
    }

    public static PcapReader open(Path path) throws PcapException {
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new PcapException("no such file: " + path);
        } catch (IOException e) {
            throw new PcapException("cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            return open(in);
        } catch (PcapException e) {
            try { in.close(); } catch (IOException ignored) { /* reporting the first problem */ }
            throw e;
        }
    }

    /** Reads every frame of the file at {@code path}. */
    public static List<Frame> readAll(Path path) throws PcapException {
        try (PcapReader r = open(path)) {
            List<Frame> all = new ArrayList<>();
            for (Frame f; (f = r.next()) != null; ) all.add(f);
            return all;
        }
    }

    /** True for pcapng, false for classic pcap. */
    public boolean isPcapng() {
        return pcapng;
    }

    /** The link type of a classic pcap file, or of the first interface of a pcapng file (-1 if none yet). */
    public int linkType() {
        if (!pcapng) return classicLinkType;
        return interfaces.isEmpty() ? -1 : interfaces.getFirst()[0];
    }

    /** The next frame, or null at the end of the file. */
    public Frame next() throws PcapException {
        return pcapng ? nextPcapng() : nextClassic();
    }

    private Frame nextClassic() throws PcapException {
        long at = offset;
        byte[] h = readOrEnd(16, "record header of frame " + (frames + 1));
        if (h == null) return null;
        long sec = getInt(h, 0, bigEndian) & 0xFFFFFFFFL;
        long frac = getInt(h, 4, bigEndian) & 0xFFFFFFFFL;
        long capLen = getInt(h, 8, bigEndian) & 0xFFFFFFFFL;
        long origLen = getInt(h, 12, bigEndian) & 0xFFFFFFFFL;
        if (capLen > MAX_FRAME)
            throw new PcapException("frame " + (frames + 1) + " at offset " + at + " claims " + capLen + " captured octets: the file is corrupt");
        byte[] data = readOrFail((int) capLen, "frame " + (frames + 1) + " (" + capLen + " octets from offset " + (at + 16) + ")");
        long epochNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        return new Frame(++frames, epochNanos, classicLinkType, data, (int) Math.min(Integer.MAX_VALUE, Math.max(origLen, capLen)));
    }

    // pcapng: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html

    private void readSectionHeader(byte[] type) throws PcapException {
        byte[] lenAndBom = readOrFail(8, "section header block at offset 0");
        byte[] h = new byte[8];
        System.arraycopy(type, 0, h, 0, 4);
        System.arraycopy(lenAndBom, 0, h, 4, 4);
        skipSection(h, java.util.Arrays.copyOfRange(lenAndBom, 4, 8), 0);
    }

    /** Takes the byte order of a Section Header Block and skips the rest of it; 12 of its octets are read. */
    private void skipSection(byte[] typeAndLength, byte[] byteOrderMagic, long at) throws PcapException {
        int bom = getInt(byteOrderMagic, 0, true);
        if (bom == PCAPNG_BYTE_ORDER) bigEndian = true;
        else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER) bigEndian = false;
        else throw new PcapException(String.format("pcapng section header at offset %d has a bad byte-order magic 0x%08x", at, bom));
        long total = getInt(typeAndLength, 4, bigEndian) & 0xFFFFFFFFL;
        if (total < 28 || total % 4 != 0 || total > MAX_BLOCK)
            throw new PcapException("pcapng section header at offset " + at + " has a bad length " + total);
        readOrFail((int) total - 12, "section header block at offset " + at);
        interfaces.clear();
        tsUnits.clear();
    }

    private Frame nextPcapng() throws PcapException {
        while (true) {
            long at = offset;
            byte[] h = readOrEnd(8, "block header");
            if (h == null) return null;
            int type = getInt(h, 0, bigEndian);
            if (type == PCAPNG_SHB) { // a new section, perhaps in the other byte order
                byte[] bom = readOrFail(4, "section header block at offset " + at);
                skipSection(h, bom, at);
                continue;
            }
            long total = getInt(h, 4, bigEndian) & 0xFFFFFFFFL;
            if (total < 12 || total % 4 != 0 || total > MAX_BLOCK)
                throw new PcapException("pcapng block of type " + type + " at offset " + at + " has a bad length " + total);
            byte[] body = readOrFail((int) total - 8, "pcapng block of type " + type + " at offset " + at);
            int bodyLen = (int) total - 12; // without the trailing length copy
            switch (type) {
                case PCAPNG_IDB -> readInterface(body, bodyLen, at);
                case PCAPNG_EPB -> {
                    if (bodyLen < 20) throw new PcapException("enhanced packet block at offset " + at + " is too short");
                    int iface = getInt(body, 0, bigEndian);
                    if (iface < 0 || iface >= interfaces.size())
                        throw new PcapException("enhanced packet block at offset " + at + " names interface " + iface + " of " + interfaces.size());
                    long ts = ((getInt(body, 4, bigEndian) & 0xFFFFFFFFL) << 32) | (getInt(body, 8, bigEndian) & 0xFFFFFFFFL);
                    long capLen = getInt(body, 12, bigEndian) & 0xFFFFFFFFL;
                    long origLen = getInt(body, 16, bigEndian) & 0xFFFFFFFFL;
                    if (capLen > bodyLen - 20)
                        throw new PcapException("enhanced packet block at offset " + at + " claims " + capLen + " octets in a block of " + total);
                    byte[] data = java.util.Arrays.copyOfRange(body, 20, 20 + (int) capLen);
                    return new Frame(++frames, toNanos(ts, tsUnits.get(iface)[0]), interfaces.get(iface)[0], data,
                            (int) Math.min(Integer.MAX_VALUE, Math.max(origLen, capLen)));
                }
                case PCAPNG_SPB -> {
                    if (bodyLen < 4) throw new PcapException("simple packet block at offset " + at + " is too short");
                    if (interfaces.isEmpty()) throw new PcapException("simple packet block at offset " + at + " before any interface");
                    long origLen = getInt(body, 0, bigEndian) & 0xFFFFFFFFL;
                    int capLen = (int) Math.min(origLen, Math.min(bodyLen - 4, interfaces.getFirst()[1] == 0 ? Integer.MAX_VALUE : interfaces.getFirst()[1]));
                    byte[] data = java.util.Arrays.copyOfRange(body, 4, 4 + capLen);
                    // Simple packet blocks carry no time.
                    return new Frame(++frames, 0, interfaces.getFirst()[0], data, (int) Math.min(Integer.MAX_VALUE, origLen));
                }
                default -> { /* name resolution, statistics, custom blocks: not needed to decode packets */ }
            }
        }
    }

    private void readInterface(byte[] body, int bodyLen, long at) throws PcapException {
        if (bodyLen < 8) throw new PcapException("interface description block at offset " + at + " is too short");
        int linkType = getShort(body, 0, bigEndian);
        int snapLen = getInt(body, 4, bigEndian);
        long unitsPerSecond = 1_000_000L; // default resolution: microseconds
        int p = 8;
        while (p + 4 <= bodyLen) {
            int code = getShort(body, p, bigEndian), len = getShort(body, p + 2, bigEndian);
            if (code == 0) break; // opt_endofopt
            if (p + 4 + len > bodyLen) throw new PcapException("interface description block at offset " + at + " has an option overrunning it");
            if (code == 9 && len >= 1) { // if_tsresol
                int v = body[p + 4] & 0xFF;
                int exp = v & 0x7F;
                boolean pow2 = (v & 0x80) != 0;
                if ((pow2 && exp > 62) || (!pow2 && exp > 18))
                    throw new PcapException("interface description block at offset " + at + " has an unusable time resolution " + v);
                unitsPerSecond = pow2 ? 1L << exp : pow10(exp);
            }
            p += 4 + ((len + 3) & ~3);
        }
        interfaces.add(new int[] {linkType, snapLen});
        tsUnits.add(new long[] {unitsPerSecond});
    }

    private static long pow10(int e) {
        long v = 1;
        for (int i = 0; i < e; i++) v *= 10;
        return v;
    }

    private static long toNanos(long ts, long unitsPerSecond) {
        if (unitsPerSecond == 1_000_000_000L) return ts;
        long sec = Long.divideUnsigned(ts, unitsPerSecond), rem = Long.remainderUnsigned(ts, unitsPerSecond);
        return sec * 1_000_000_000L + (long) (rem * (1e9 / unitsPerSecond));
    }

    /** Reads exactly n octets, or null at a clean end of file; a partial read is an error. */
    private byte[] readOrEnd(int n, String what) throws PcapException {
        byte[] b = new byte[n];
        int got = readUpTo(b, what);
        if (got == 0) return null;
        if (got < n) throw new PcapException("truncated " + what + " at offset " + (offset - got) + ": " + got + " of " + n + " octets");
        return b;
    }

    private byte[] readOrFail(int n, String what) throws PcapException {
        byte[] b = new byte[n];
        int got = readUpTo(b, what);
        if (got < n) throw new PcapException("truncated " + what + ": file ends at offset " + offset + " after " + got + " of " + n + " octets");
        return b;
    }

    private int readUpTo(byte[] b, String what) throws PcapException {
        try {
            int got = in.readNBytes(b, 0, b.length);
            offset += got;
            return got;
        } catch (EOFException e) {
            return 0;
        } catch (IOException e) {
            throw new PcapException("cannot read " + what + " at offset " + offset + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing an input: every octet that was wanted has been read
        }
    }

    static int getInt(byte[] b, int off, boolean bigEndian) {
        int v = ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        return bigEndian ? v : Integer.reverseBytes(v);
    }

    static int getShort(byte[] b, int off, boolean bigEndian) {
        int v = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
        return bigEndian ? v : ((v & 0xFF) << 8) | (v >>> 8);
    }
}
