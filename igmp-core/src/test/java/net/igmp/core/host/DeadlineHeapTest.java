package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeadlineHeapTest {

    @Test
    void scheduleRescheduleCancelAndPollAgreeWithAPlainList() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        DeadlineHeap heap = new DeadlineHeap();
        List<DeadlineHeap.Timer> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) all.add(new DeadlineHeap.Timer(HostEngine.GROUP_TIMER, null, null));
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            DeadlineHeap.Timer t = all.get(r.nextInt(all.size()));
            switch (r.nextInt(4)) {
                case 0, 1 -> heap.schedule(t, now + r.nextInt(1000));
                case 2 -> heap.cancel(t);
                default -> {
                    now += r.nextInt(50);
                    long expectedMin = all.stream().filter(DeadlineHeap.Timer::scheduled).mapToLong(x -> x.deadline).min().orElse(Long.MAX_VALUE);
                    assertThat(heap.peekDeadline()).as("seed %d step %d", seed, step).isEqualTo(expectedMin);
                    DeadlineHeap.Timer due;
                    long nowF = now;
                    long last = Long.MIN_VALUE;
                    while ((due = heap.pollDue(now)) != null) {
                        assertThat(due.deadline).isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(last);
                        assertThat(due.scheduled()).isFalse();
                        last = due.deadline;
                    }
                    assertThat(all).filteredOn(DeadlineHeap.Timer::scheduled).allMatch(x -> x.deadline > nowF);
                }
            }
            assertThat(heap.size()).isEqualTo((int) all.stream().filter(DeadlineHeap.Timer::scheduled).count());
        }
    }
}
