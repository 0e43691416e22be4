package net.igmp.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The hosts' timer wheel: time order, scheduling order within a millisecond, removal, its reach, going round. */
class HostWheelTest {

    static Simulation.Timed timer(long atUs) {
        Simulation.Timed t = new Simulation.Timed();
        t.timerAt = atUs;
        return t;
    }

    @Test
    void timersComeInTimeOrderAndInSchedulingOrderWithinAMillisecond() {
        Simulation.HostWheel w = new Simulation.HostWheel();
        assertThat(w.nextUs()).isEqualTo(Long.MAX_VALUE);
        Simulation.Timed a = timer(5_000), b = timer(3_000), c = timer(5_000), d = timer(3_000);
        for (Simulation.Timed t : List.of(a, b, c, d)) assertThat(w.add(t, t.timerAt, 0)).isTrue();
        assertThat(w.size()).isEqualTo(4);
        assertThat(w.nextUs()).isEqualTo(3_000);
        assertThat(w.poll()).isSameAs(b);
        assertThat(w.poll()).isSameAs(d);
        assertThat(w.nextUs()).isEqualTo(5_000);
        assertThat(w.poll()).isSameAs(a);
        assertThat(w.poll()).isSameAs(c);
        assertThat(w.nextUs()).isEqualTo(Long.MAX_VALUE);
        assertThat(a.wheelSlot).isEqualTo(-1);
    }

    @Test
    void offTheMillisecondOrBeyondItsReachIsLeftToTheQueue() {
        Simulation.HostWheel w = new Simulation.HostWheel();
        long now = 7_000_000;
        assertThat(w.add(timer(0), now + 500, now)).isFalse();
        assertThat(w.add(timer(0), now + Simulation.HostWheel.SLOTS * 1000L, now)).isFalse();
        Simulation.Timed last = timer(now + (Simulation.HostWheel.SLOTS - 1) * 1000L);
        assertThat(w.add(last, last.timerAt, now)).isTrue();
        assertThat(w.nextUs()).isEqualTo(last.timerAt);
        assertThat(w.size()).isEqualTo(1);
    }

    @Test
    void removingTheLastOfTheEarliestSlotMovesToTheNext() {
        Simulation.HostWheel w = new Simulation.HostWheel();
        Simulation.Timed a = timer(2_000), b = timer(2_000), c = timer(9_000);
        for (Simulation.Timed t : List.of(a, b, c)) w.add(t, t.timerAt, 1_000);
        w.remove(a);
        assertThat(w.nextUs()).isEqualTo(2_000);
        w.remove(b);
        assertThat(w.nextUs()).isEqualTo(9_000);
        assertThat(w.poll()).isSameAs(c);
        assertThat(w.size()).isZero();
    }

    @Test
    void agreesWithASortedMapOverAMillionOperationsGoingRoundManyTimes() {
        SplittableRandom rnd = new SplittableRandom(42);
        Simulation.HostWheel w = new Simulation.HostWheel();
        TreeMap<Long, Simulation.Timed> model = new TreeMap<>(); // key: time in us * 2^20 + scheduling number
        List<Simulation.Timed> waiting = new ArrayList<>();
        long now = 0, seq = 0;
        for (int op = 0; op < 1_000_000; op++) {
            int kind = rnd.nextInt(10);
            if (kind < 5 || model.isEmpty()) {
                long at = (now / 1000 + rnd.nextLong(Simulation.HostWheel.SLOTS)) * 1000; // up to the wheel's reach
                Simulation.Timed t = timer(at);
                assertThat(w.add(t, at, now)).isTrue();
                model.put(at * (1L << 20) + (seq++ & 0xFFFFF), t);
                waiting.add(t);
            } else if (kind < 7) {
                Simulation.Timed t = waiting.remove(rnd.nextInt(waiting.size()));
                model.values().remove(t);
                w.remove(t);
            } else {
                var first = model.pollFirstEntry();
                assertThat(w.nextUs()).isEqualTo(first.getKey() >> 20);
                Simulation.Timed t = w.poll();
                assertThat(t).isSameAs(first.getValue());
                waiting.remove(t);
                now = t.timerAt; // the run moves on to the timer it runs
            }
            assertThat(w.size()).isEqualTo(model.size());
        }
        assertThat(now).as("went round the wheel many times").isGreaterThan(20L * Simulation.HostWheel.SLOTS * 1000);
    }
}
