package net.igmp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** A simulated host draws its report delays from its node, which must replay the generator split() would give it. */
class HostRandomTest {

    @Test
    void everyHostDrawsExactlyWhatItsSplitGeneratorWould() {
        long seed = 7_654_321L;
        List<Scenario.Host> hosts = new ArrayList<>();
        for (int h = 0; h < 40; h++) hosts.add(new Scenario.Host("h" + h, "lan" + (h % 3), 0x0A010000 + 10 + h, 16, 3, Map.of(), 0));
        List<Scenario.Interface> itfs = List.of(new Scenario.Interface("lan0", 0x0A010001, 16, Map.of(), 0),
                new Scenario.Interface("lan1", 0x0A010002, 16, Map.of(), 0), new Scenario.Interface("lan2", 0x0A010003, 16, Map.of(), 0));
        Scenario sc = new Scenario("rng", seed, 1_000_000, List.of(new Scenario.Segment("lan0"), new Scenario.Segment("lan1"), new Scenario.Segment("lan2")),
                List.of(new Scenario.Router("r1", "router", null, itfs, Map.of(), 0), new Scenario.Router("r2", "router", null, itfs, Map.of(), 0)),
                hosts, List.of(), List.of());
        Map<String, RandomGenerator> given = new java.util.HashMap<>();
        ToyEngines toy = new ToyEngines();
        Engines capturing = new Engines() {
            @Override
            public HostProtocol host(Scenario.Host host, RandomGenerator random, long nowMs) {
                given.put(host.name(), random);
                return toy.host(host, RandomGenerator.of("L64X128MixRandom"), nowMs); // the toy draws on its own
            }

            @Override
            public RouterProtocol router(Scenario.Router router, RandomGenerator random, long nowMs) {
                return toy.router(router, random, nowMs);
            }
        };
        new Simulation(sc, capturing, Simulation.Options.QUIET);

        // The reference: the simulation's generator, split once per router, then once per host in scenario order.
        RandomGenerator.SplittableGenerator parent = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom").create(seed);
        parent.split();
        parent.split();
        long[] bounds = {1, 2, 3, 10, 1000, 1001, 10_000, 1L << 40, (1L << 62) + 12345, Long.MAX_VALUE};
        for (Scenario.Host h : hosts) {
            RandomGenerator expected = parent.split();
            RandomGenerator actual = given.get(h.name());
            assertThat(actual).as(h.name()).isNotNull();
            for (int k = 0; k < 2000; k++) {
                long b = bounds[k % bounds.length];
                switch (k % 4) {
                    case 0 -> assertThat(actual.nextLong()).as("%s draw %d", h.name(), k).isEqualTo(expected.nextLong());
                    case 1 -> assertThat(actual.nextLong(b)).as("%s draw %d bound %d", h.name(), k, b).isEqualTo(expected.nextLong(b));
                    case 2 -> assertThat(actual.nextInt(1 + k)).as("%s draw %d", h.name(), k).isEqualTo(expected.nextInt(1 + k));
                    default -> assertThat(actual.nextDouble()).as("%s draw %d", h.name(), k).isEqualTo(expected.nextDouble());
                }
            }
        }
    }
}
