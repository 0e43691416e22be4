package net.igmp.linux.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import net.igmp.linux.ffm.ErrnoException;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.ffm.Libc;

/**
 * A TPACKET_V3 receive ring on an AF_PACKET socket (packet(7), Documentation/networking/packet_mmap.rst): the kernel
 * fills fixed-size blocks with frames and hands a block over by setting TP_STATUS_USER in its descriptor; the
 * reader walks the frames and gives the block back with TP_STATUS_KERNEL. A block is handed over when full or after
 * {@link #RETIRE_TIMEOUT_MS}, which bounds the latency this ring adds at low rates.
 */
final class PacketRing implements AutoCloseable {
    static final int BLOCK_SIZE = 1 << 16;
    /** At low rates a block is retired after each timeout with a frame or two: many blocks ride out a busy loop. */
    static final int BLOCK_COUNT = 128;
    static final int FRAME_SIZE = 2048;
    static final int RETIRE_TIMEOUT_MS = 1;

    /** What {@link #drain} hands each frame to. */
    interface FrameHandler {
        void frame(MemorySegment ring, long frame, int snaplen, int wireLen, int status, int ifindex, int pkttype);
    }

    private static final VarHandle INT = JAVA_INT.varHandle();
    private static final long BLOCK_STATUS = Layouts.offset(Layouts.TPACKET_BLOCK_DESC, "hdr", "block_status");
    private static final long NUM_PKTS = Layouts.offset(Layouts.TPACKET_BLOCK_DESC, "hdr", "num_pkts");
    private static final long FIRST_PKT = Layouts.offset(Layouts.TPACKET_BLOCK_DESC, "hdr", "offset_to_first_pkt");
    private static final long NEXT = Layouts.offset(Layouts.TPACKET3_HDR, "tp_next_offset");
    private static final long SNAPLEN = Layouts.offset(Layouts.TPACKET3_HDR, "tp_snaplen");
    private static final long LEN = Layouts.offset(Layouts.TPACKET3_HDR, "tp_len");
    private static final long MAC = Layouts.offset(Layouts.TPACKET3_HDR, "tp_mac");
    private static final long STATUS = Layouts.offset(Layouts.TPACKET3_HDR, "tp_status");
    /** The sockaddr_ll follows the frame header at TPACKET_ALIGN(sizeof(struct tpacket3_hdr)). */
    private static final long SLL = (Layouts.TPACKET3_HDR.byteSize() + 15) & ~15L;
    private static final long SLL_IFINDEX = SLL + Layouts.offset(Layouts.SOCKADDR_LL, "sll_ifindex");
    private static final long SLL_PKTTYPE = SLL + Layouts.offset(Layouts.SOCKADDR_LL, "sll_pkttype");

    private final MemorySegment map;
    private int current;

    private PacketRing(MemorySegment map) {
        this.map = map;
    }

    /** Sets up TPACKET_V3 and the ring on {@code fd} (before bind, as packet(7) advises) and maps it. */
    static PacketRing attach(int fd) throws ErrnoException {
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, Libc.TPACKET_V3);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = a.allocate(Layouts.TPACKET_REQ3);
            req.set(JAVA_INT, Layouts.offset(Layouts.TPACKET_REQ3, "tp_block_size"), BLOCK_SIZE);
            req.set(JAVA_INT, Layouts.offset(Layouts.TPACKET_REQ3, "tp_block_nr"), BLOCK_COUNT);
            req.set(JAVA_INT, Layouts.offset(Layouts.TPACKET_REQ3, "tp_frame_size"), FRAME_SIZE);
            req.set(JAVA_INT, Layouts.offset(Layouts.TPACKET_REQ3, "tp_frame_nr"), BLOCK_SIZE / FRAME_SIZE * BLOCK_COUNT);
            req.set(JAVA_INT, Layouts.offset(Layouts.TPACKET_REQ3, "tp_retire_blk_tov"), RETIRE_TIMEOUT_MS);
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, req);
        }
        return new PacketRing(Libc.mmapShared(fd, (long) BLOCK_SIZE * BLOCK_COUNT));
    }

    /** Walks the blocks the kernel handed over, at most {@code maxBlocks}; returns how many frames it saw. */
    int drain(FrameHandler h, int maxBlocks) {
        int frames = 0;
        for (int b = 0; b < maxBlocks; b++) {
            long block = (long) current * BLOCK_SIZE;
            if (((int) INT.getAcquire(map, block + BLOCK_STATUS) & Libc.TP_STATUS_USER) == 0) break;
            int n = map.get(JAVA_INT, block + NUM_PKTS);
            long frame = block + (map.get(JAVA_INT, block + FIRST_PKT) & 0xFFFFFFFFL);
            for (int i = 0; i < n; i++) {
                int snaplen = map.get(JAVA_INT, frame + SNAPLEN);
                int wireLen = map.get(JAVA_INT, frame + LEN);
                long mac = frame + (map.get(JAVA_SHORT, frame + MAC) & 0xFFFF);
                h.frame(map, mac, snaplen, wireLen, map.get(JAVA_INT, frame + STATUS), map.get(JAVA_INT, frame + SLL_IFINDEX),
                        map.get(JAVA_BYTE, frame + SLL_PKTTYPE) & 0xFF);
                frame += map.get(JAVA_INT, frame + NEXT) & 0xFFFFFFFFL;
            }
            frames += n;
            INT.setRelease(map, block + BLOCK_STATUS, Libc.TP_STATUS_KERNEL); // the block is the kernel's again
            current = (current + 1) % BLOCK_COUNT;
        }
        return frames;
    }

    @Override
    public void close() {
        try {
            Libc.munmap(map);
        } catch (ErrnoException ignored) {
            // the mapping goes with the process at the latest
        }
    }
}
