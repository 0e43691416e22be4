package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IgmpViewTest {

    @Test
    void agreesWithTheParserOnGeneratedAndMutatedMessages() {
        SplittableRandom rng = new SplittableRandom(9776);
        MessageGenerator gen = new MessageGenerator(rng);
        IgmpView view = new IgmpView();
        for (int i = 0; i < 20_000; i++) {
            IgmpMessage m = gen.next();
            byte[] b = gen.wireVariant(m);
            ViewAgreement.check(view, b, 0, b.length);
            byte[] bad = gen.mutate(b);
            ViewAgreement.check(view, bad, 0, bad.length);
            // a slice inside a larger buffer
            byte[] big = new byte[b.length + 7];
            System.arraycopy(b, 0, big, 3, b.length);
            ViewAgreement.check(view, big, 3, b.length);
        }
    }

    @Test
    void hugeCountsNearTheEndOfTheBufferAreRefused() {
        byte[] b = Hex.bytes("22 00 0000 0000 0001 01 ff ffff e8000001");
        IgmpView v = new IgmpView();
        assertThat(v.wrap(b, 0, b.length)).isFalse();
        assertThat(v.error()).isEqualTo(ParseError.RECORD_OVERRUN);
        assertThat(v.wrap(b, 0, 0)).isFalse();
        assertThat(v.error()).isEqualTo(ParseError.TRUNCATED);
        assertThat(v.wrap(null, 0, 8)).isFalse();
    }

    /** Reads every hot field of the message under the view; returns a sum so the work cannot be dropped. */
    private static long readAll(IgmpView v) {
        long sum = v.type() + v.group() + (v.checksumValid() ? 1 : 0);
        if (v.type() == IgmpMessage.TYPE_MEMBERSHIP_QUERY) {
            sum += v.queryVersion() + v.maxRespCode() + v.qrv() + v.qqic() + (v.suppressRouterProcessing() ? 1 : 0);
            for (int i = 0; i < v.sourceCount(); i++) sum += v.source(i);
        } else if (v.type() == IgmpMessage.TYPE_V3_MEMBERSHIP_REPORT) {
            for (int r = v.firstRecord(); r >= 0; r = v.nextRecord(r)) {
                sum += v.recordType(r) + v.recordGroup(r);
                for (int i = 0; i < v.recordSourceCount(r); i++) sum += v.recordSource(r, i);
            }
        }
        return sum;
    }

    @Test
    void allocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        SplittableRandom rng = new SplittableRandom(2236);
        MessageGenerator gen = new MessageGenerator(rng);
        byte[][] packets = new byte[256][];
        for (int i = 0; i < packets.length; i++) {
            IgmpMessage m = gen.next();
            packets[i] = i % 8 == 0 ? gen.mutate(IgmpEncoder.toBytes(m)) : gen.wireVariant(m); // error paths too
        }
        IgmpView v = new IgmpView();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) sink += v.wrap(packets[i & 255], 0, packets[i & 255].length) ? readAll(v) : v.errorOffset();
        long tid = Thread.currentThread().threadId();
        // what the measurement itself costs, to subtract it
        long b0 = threads.getThreadAllocatedBytes(tid);
        long b1 = threads.getThreadAllocatedBytes(tid);
        long overhead = b1 - b0;
        int calls = 1_000_000;
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < calls; i++) {
            byte[] p = packets[i & 255];
            sink += v.wrap(p, 0, p.length) ? readAll(v) : v.errorOffset();
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before - overhead;
        assertThat(sink).isNotZero();
        // One object per call would be 16 MB here; the slack only absorbs the measurement's own noise.
        assertThat(allocated).as("bytes allocated over %d wraps and reads", calls).isLessThan(1024);
    }
}
