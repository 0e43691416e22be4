package net.igmp.core.util;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class IntMapTest {

    /** Random puts, gets and removes on few keys (so the remembered entry is hit and invalidated) against a HashMap. */
    @Test
    void behavesLikeAHashMap() {
        SplittableRandom rnd = new SplittableRandom(3);
        IntMap<Integer> m = new IntMap<>();
        Map<Integer, Integer> ref = new HashMap<>();
        for (int round = 0; round < 300_000; round++) {
            int key = 0xEF010000 + rnd.nextInt(round % 1000 < 500 ? 8 : 3000);
            switch (rnd.nextInt(4)) {
                case 0 -> assertThat(m.put(key, round)).isEqualTo(ref.put(key, round));
                case 1 -> assertThat(m.remove(key)).isEqualTo(ref.remove(key));
                default -> assertThat(m.get(key)).isEqualTo(ref.get(key));
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
        assertThat(m.keys()).containsExactlyInAnyOrder(ref.keySet().stream().mapToInt(Integer::intValue).toArray());
    }
}
