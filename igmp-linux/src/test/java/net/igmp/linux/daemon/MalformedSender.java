package net.igmp.linux.daemon;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.ffm.Libc;
import net.igmp.wire.InternetChecksum;
import net.igmp.wire.Ipv4;

/** Sends hostile IGMP at a router through a raw socket of the calling thread's namespace. */
final class MalformedSender {
    private MalformedSender() {}

    static final List<byte[]> PACKETS = List.of(
            new byte[] {0x11},                                                   // shorter than any IGMP message
            withChecksum(new byte[] {0x22, 0, 0, 0, 0, 0, 0, 3}),               // v3 report: 3 records announced, none there
            new byte[] {0x11, 100, 0x12, 0x34, 0, 0, 0, 0},                      // query with a wrong checksum
            withChecksum(new byte[] {0x16, 0, 0, 0, (byte) 224, 0, 0, 5}),      // v2 report for a link-local group
            withChecksum(new byte[] {0x16, 0, 0, 0, 10, 0, 0, 1}),              // v2 report for a unicast "group"
            withChecksum(new byte[] {(byte) 0x99, 0, 0, 0, 0, 0, 0, 0}),        // unknown message type
            withChecksum(new byte[] {0x22, 0, 0, 0, 0, 0, 0, 1, 9, 0, 0, 0, (byte) 239, 1, 1, 9})); // record type 9
    static final int MALFORMED_COUNT = PACKETS.size();

    static byte[] withChecksum(byte[] b) {
        int c = InternetChecksum.compute(b, 0, b.length);
        b[2] = (byte) (c >>> 8);
        b[3] = (byte) c;
        return b;
    }

    static void sendAll(String router) throws Exception {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_IGMP);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment to = a.allocate(Layouts.SOCKADDR_IN);
            to.set(JAVA_SHORT, Layouts.offset(Layouts.SOCKADDR_IN, "sin_family"), (short) Libc.AF_INET);
            to.set(Layouts.BE_INT, Layouts.offset(Layouts.SOCKADDR_IN, "sin_addr"), Ipv4.parse(router));
            for (byte[] p : PACKETS) {
                MemorySegment buf = a.allocate(p.length);
                MemorySegment.copy(p, 0, buf, JAVA_BYTE, 0, p.length);
                Libc.sendto(fd, buf, 0, to);
            }
        } finally {
            Libc.close(fd);
        }
    }
}
