package net.igmp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.igmp.sim.Simulation.Port;
import org.junit.jupiter.api.Test;

/** A segment's listeners per group against lists: the same ports, in the order they joined, each once. */
class ListenersTest {

    @Test
    void randomJoinsAndLeavesKeepEachGroupsPortsInJoinOrder() {
        Port[] ports = new Port[6];
        for (int k = 0; k < ports.length; k++) ports[k] = new Port(null, k, null, 0x0A000001 + k);
        SplittableRandom rnd = new SplittableRandom(9);
        Listeners ls = new Listeners();
        Map<Integer, List<Port>> model = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            int group = 0xEF010000 + rnd.nextInt(8);
            Port p = ports[rnd.nextInt(ports.length)];
            List<Port> m = model.computeIfAbsent(group, g -> new ArrayList<>());
            if (rnd.nextBoolean()) {
                ls.add(group, p);
                if (!m.contains(p)) m.add(p);
            } else {
                ls.remove(group, p);
                m.remove(p);
            }
            for (int g = 0xEF010000; g < 0xEF010008; g++) {
                Object entry = ls.of(g);
                List<Port> got = new ArrayList<>();
                for (int k = 0; k < Listeners.count(entry); k++) got.add(Listeners.port(entry, k));
                assertThat(got).as("step %d group %08x", step, g).isEqualTo(model.getOrDefault(g, List.of()));
                if (got.isEmpty()) assertThat(entry).isNull();
            }
        }
    }
}
