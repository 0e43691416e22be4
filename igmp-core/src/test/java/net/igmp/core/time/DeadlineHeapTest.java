package net.igmp.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeadlineHeapTest {
    static final class T extends DeadlineHeap.Node {
        final int id;
        T(int id) { this.id = id; }
    }

    @Test
    void pollsInDeadlineOrderAndOnlyWhenDue() {
        DeadlineHeap<T> h = new DeadlineHeap<>();
        T a = new T(1), b = new T(2), c = new T(3);
        h.schedule(a, 30);
        h.schedule(b, 10);
        h.schedule(c, 20);
        assertThat(h.nextDeadline()).isEqualTo(10);
        assertThat(h.pollExpired(9)).isNull();
        assertThat(h.pollExpired(25)).isSameAs(b);
        assertThat(h.pollExpired(25)).isSameAs(c);
        assertThat(h.pollExpired(25)).isNull();
        h.schedule(a, 5); // move earlier
        assertThat(h.nextDeadline()).isEqualTo(5);
        h.scheduleNoLater(a, 50); // no-op: already sooner
        assertThat(a.scheduledDeadline()).isEqualTo(5);
        assertThat(h.cancel(a)).isTrue();
        assertThat(h.cancel(a)).isFalse();
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void randomizedAgainstAMap() {
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            DeadlineHeap<T> h = new DeadlineHeap<>();
            List<T> nodes = new ArrayList<>();
            for (int i = 0; i < 50; i++) nodes.add(new T(i));
            Map<Integer, Long> model = new HashMap<>();
            long now = 0;
            for (int step = 0; step < 500; step++) {
                T n = nodes.get(rnd.nextInt(nodes.size()));
                switch (rnd.nextInt(4)) {
                    case 0 -> { long d = now + rnd.nextInt(1000); h.schedule(n, d); model.put(n.id, d); }
                    case 1 -> { assertThat(h.cancel(n)).as("seed %d", seed).isEqualTo(model.remove(n.id) != null); }
                    case 2 -> {
                        long d = now + rnd.nextInt(1000);
                        h.scheduleNoLater(n, d);
                        model.merge(n.id, d, Math::min);
                    }
                    default -> {
                        now += rnd.nextInt(300);
                        T t;
                        long last = Long.MIN_VALUE;
                        while ((t = h.pollExpired(now)) != null) {
                            Long d = model.remove(t.id);
                            assertThat(d).as("seed %d", seed).isNotNull().isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(last);
                            last = d;
                        }
                        for (long d : model.values()) assertThat(d).as("seed %d", seed).isGreaterThan(now);
                    }
                }
                assertThat(h.size()).as("seed %d", seed).isEqualTo(model.size());
                assertThat(h.nextDeadline()).as("seed %d", seed)
                        .isEqualTo(model.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE));
            }
        }
    }
}
