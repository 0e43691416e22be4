package net.igmp.sim;

import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class EventQueueTest {

    record Ref(long time, long seq, Object item) {}

    /** Random adds and polls against a priority queue ordered by (time, sequence). */
    @Test
    void ordersByTimeThenSchedulingOrder() {
        SplittableRandom rnd = new SplittableRandom(5);
        EventQueue q = new EventQueue();
        PriorityQueue<Ref> ref = new PriorityQueue<>((a, b) -> a.time() != b.time() ? Long.compare(a.time(), b.time()) : Long.compare(a.seq(), b.seq()));
        long seq = 0, now = 0;
        for (int round = 0; round < 200_000; round++) {
            if (ref.isEmpty() || rnd.nextInt(100) < 55) {
                // Few distinct times: many events share one, as engine deadlines in whole milliseconds do.
                long t = now + rnd.nextInt(rnd.nextBoolean() ? 5 : 5000);
                Object item = seq;
                q.add(t, item);
                ref.add(new Ref(t, seq++, item));
            } else {
                Ref r = ref.poll();
                assertThat(q.peekTime()).isEqualTo(r.time());
                assertThat(q.poll()).isSameAs(r.item());
                now = r.time();
            }
            assertThat(q.size()).isEqualTo(ref.size());
        }
        while (!ref.isEmpty()) assertThat(q.poll()).isSameAs(ref.poll().item());
        assertThat(q.isEmpty()).isTrue();
    }
}
