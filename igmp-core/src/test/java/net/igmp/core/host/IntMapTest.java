package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        IntMap<Integer> map = new IntMap<>();
        Map<Integer, Integer> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            int k = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(2000) << (r.nextBoolean() ? 16 : 0);
            switch (r.nextInt(3)) {
                case 0 -> { map.put(k, step); ref.put(k, step); }
                case 1 -> assertThat(map.remove(k)).as("seed %d", seed).isEqualTo(ref.remove(k));
                default -> assertThat(map.get(k)).as("seed %d", seed).isEqualTo(ref.get(k));
            }
            assertThat(map.size()).isEqualTo(ref.size());
        }
    }
}
