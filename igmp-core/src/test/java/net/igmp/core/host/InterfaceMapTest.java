package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InterfaceMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        InterfaceMap<Integer> map = new InterfaceMap<>();
        Map<Integer, Integer> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            int k = switch (r.nextInt(4)) { case 0 -> r.nextInt(); case 1 -> -r.nextInt(2000); case 2 -> r.nextInt(2000) << 16; default -> r.nextInt(2000); };
            switch (r.nextInt(3)) {
                case 0 -> { map.put(k, step); ref.put(k, step); }
                case 1 -> assertThat(map.remove(k)).as("seed %d", seed).isEqualTo(ref.remove(k));
                default -> assertThat(map.get(k)).as("seed %d", seed).isEqualTo(ref.get(k));
            }
            assertThat(map.size()).isEqualTo(ref.size());
        }
    }
}
