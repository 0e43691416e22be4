package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    @Test
    void timersFireInDeadlineOrderExactlyWhenDueNearAndFarAcrossJumps() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        TimerWheel wheel = new TimerWheel();
        List<HostTimer> all = new ArrayList<>();
        for (int i = 0; i < 1200; i++) all.add(new HostTimer(HostEngine.GROUP_TIMER, null, null));
        long now = r.nextLong(-1_000_000_000L, 1_000_000_000L);
        for (int step = 0; step < 30_000; step++) {
            HostTimer t = all.get(r.nextInt(all.size()));
            switch (r.nextInt(5)) {
                case 0, 1 -> wheel.schedule(t, now, now + (r.nextInt(10) == 0 ? r.nextLong(400_000) : r.nextInt(3000)));
                case 2 -> wheel.cancel(t);
                default -> {
                    now += r.nextInt(10) == 0 ? r.nextLong(200_000) : r.nextInt(500);
                    long min = all.stream().filter(HostTimer::scheduled).mapToLong(x -> x.deadline).min().orElse(Long.MAX_VALUE);
                    assertThat(wheel.peekDeadline()).as("seed %d step %d", seed, step).isEqualTo(min);
                    long last = Long.MIN_VALUE;
                    for (HostTimer due; (due = wheel.pollDue(now)) != null; ) {
                        assertThat(due.deadline).as("seed %d step %d", seed, step).isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(last);
                        assertThat(due.scheduled()).isFalse();
                        last = due.deadline;
                    }
                    long nowF = now;
                    assertThat(all).as("seed %d step %d", seed, step).filteredOn(HostTimer::scheduled).allMatch(x -> x.deadline > nowF);
                }
            }
            assertThat(wheel.size()).as("seed %d step %d", seed, step).isEqualTo((int) all.stream().filter(HostTimer::scheduled).count());
        }
    }
}
