package net.igmp.sim;

import net.igmp.wire.pcap.Frame;
import net.igmp.wire.pcap.PcapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A network cut at its core into regions that run side by side ({@link Partition}, {@link Regions}). */
class PartitionTest {

    /** Two routers on a core, each with a LAN of hosts; a source on the core. */
    static final String CORE = """
            name: two sides of a core
            seed: 5
            duration: 40s
            segments:
              - {name: core %s}
              - {name: lan1}
              - {name: lan2}
            routers:
              - name: r1
                interfaces:
                  - {segment: core, address: 10.0.0.1/24}
                  - {segment: lan1, address: 10.1.1.1/24}
              - name: r2
                interfaces:
                  - {segment: core, address: 10.0.0.2/24}
                  - {segment: lan2, address: 10.1.2.1/24}
            hosts:
              - {name: a1, segment: lan1, address: 10.1.1.11/24}
              - {name: a2, segment: lan1, address: 10.1.1.12/24, version: 2}
              - {name: b1, segment: lan2, address: 10.1.2.11/24}
              - {name: b2, segment: lan2, address: 10.1.2.12/24}
            sources:
              - {name: tv, segment: core, address: 10.0.0.9/24, groups: [239.1.1.1, 239.1.1.2], rate: 50}
            events:
              - {at: 1s, host: a1, join: 239.1.1.1}
              - {at: 1500ms, host: a2, join: 239.1.1.2}
              - {at: 2s, host: b1, join: 239.1.1.1}
              - {at: 3s, host: b2, join: 239.1.1.2}
              - {at: 10s, host: b1, switch: {from: 239.1.1.1, to: 239.1.1.2}}
              - {at: 20s, host: a1, leave: 239.1.1.1}
              - {at: 25s, segment: core, down: true}
              - {at: 26s, segment: core, up: true}
            """;

    static Scenario core(String coreOptions) {
        return ScenarioLoader.parse(CORE.formatted(coreOptions), "core.yaml");
    }

    @Test
    void aCoreBetweenRoutersIsCutAndEverySideKeepsItsLan() {
        Partition p = Partition.of(core(""));
        assertThat(p.cutSegments).containsExactly("core");
        assertThat(p.lookaheadUs).isEqualTo(Scenario.Segment.DEFAULT_LATENCY_US);
        assertThat(p.regions).hasSize(3);
        Scenario side1 = p.regions.get(0), side2 = p.regions.get(1), sources = p.regions.get(2);
        assertThat(side1.segments()).extracting(Scenario.Segment::name).containsExactly("core", "lan1");
        assertThat(side1.routers()).extracting(Scenario.Router::name).containsExactly("r1");
        assertThat(side1.hosts()).extracting(Scenario.Host::name).containsExactly("a1", "a2");
        assertThat(side2.segments()).extracting(Scenario.Segment::name).containsExactly("core", "lan2");
        assertThat(side2.hosts()).extracting(Scenario.Host::name).containsExactly("b1", "b2");
        assertThat(sources.segments()).extracting(Scenario.Segment::name).containsExactly("core");
        assertThat(sources.sources()).extracting(Scenario.Source::name).containsExactly("tv");
        // host events go to the host's side; a whole segment's link events to every replica
        assertThat(side1.events()).hasSize(5);
        assertThat(side2.events()).hasSize(5);
        assertThat(sources.events()).hasSize(2);
        assertThat(side1.seed()).isNotEqualTo(side2.seed());
    }

    @Test
    void aSegmentWithHostsAProxyNoLatencyOrOneRouterIsNotCut() {
        assertThat(Partition.of(core("")).single()).isFalse();
        Scenario sc = core("");
        List<Scenario.Segment> instant = sc.segments().stream()
                .map(g -> g.name().equals("core") ? new Scenario.Segment("core", 0, 0, 0, 0, 1000, 0) : g).toList();
        assertThat(Partition.of(new Scenario(sc.name(), sc.seed(), sc.durationUs(), instant, sc.routers(), sc.hosts(), sc.sources(),
                sc.events())).single()).as("no latency, no lookahead").isTrue();
        String oneRouter = CORE.formatted("").replace("      - {segment: core, address: 10.0.0.2/24}\n", "");
        assertThat(Partition.of(ScenarioLoader.parse(oneRouter, "c.yaml")).single()).as("one router").isTrue();
        String hostOnCore = CORE.formatted("").replace("  - {name: b2, segment: lan2,", "  - {name: b2, segment: core,")
                .replace("address: 10.1.2.12/24}", "address: 10.0.0.12/24}");
        assertThat(Partition.of(ScenarioLoader.parse(hostOnCore, "c.yaml")).single()).isTrue();
        String proxy = CORE.formatted("").replace("  - name: r2\n", "  - name: r2\n    mode: proxy\n    upstream: core\n");
        assertThat(Partition.of(ScenarioLoader.parse(proxy, "c.yaml")).single()).isTrue();
        // the shipped examples stay whole networks: their stories read exactly as before
        for (String example : List.of("demo.yaml", "iptv-zapping.yaml", "lossy-lan.yaml", "mixed-versions.yaml", "proxy.yaml",
                "querier-election.yaml", "ssm.yaml"))
            assertThat(Partition.of(ScenarioLoader.load(ExamplesTest.EXAMPLES.resolve(example))).single()).as(example).isTrue();
        Partition metro = Partition.of(ScenarioLoader.load(ExamplesTest.EXAMPLES.resolve("metro-core.yaml")));
        assertThat(metro.cutSegments).containsExactly("core");
        assertThat(metro.regions).hasSize(4); // three routers with their LANs, the encoder
        assertThat(metro.lookaheadUs).isEqualTo(500);
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() {
        // a lossy core, where the source's region waits for the others, and a clean one, where it runs ahead
        for (String coreOptions : List.of(", loss: 0.05, reorder: 0.1, duplicate: 0.05", ", reorder: 0.1, duplicate: 0.05")) {
            Scenario sc = core(coreOptions);
            SimResult one = new Simulation(sc, EngineAdapters.real(), Simulation.Options.FULL.withThreads(1)).run();
            for (int threads : new int[]{2, 3}) {
                SimResult r = new Simulation(sc, EngineAdapters.real(), Simulation.Options.FULL.withThreads(threads)).run();
                assertThat(r).as(threads + " threads, core" + coreOptions).isEqualTo(one);
            }
            assertThat(one.steps()).isPositive();
            assertThat(one.story()).isNotEmpty();
        }
    }

    @Test
    void aRegionOfSourcesOnALosslessCoreRunsAheadAndBoundsNoWindow() {
        Simulation clean = new Simulation(core(""), EngineAdapters.real(), Simulation.Options.QUIET.withThreads(2));
        Simulation lossy = new Simulation(core(", loss: 0.01"), EngineAdapters.real(), Simulation.Options.QUIET.withThreads(2));
        SimResult cleanResult = clean.run();
        lossy.run();
        // 40 s of datagrams, 50 instants a second: on a lossy core a window ends at each (the source's replica draws
        // the loss of what reaches it, in time order); on a clean one only the routers' own speech and the core's
        // link events end windows.
        assertThat(lossy.windows()).isGreaterThanOrEqualTo(2_000L);
        assertThat(clean.windows()).isBetween(2L, 30L);
        // nothing the source's region could not take is lost: every datagram still reaches the hosts that want it
        SimResult whole = Simulation.whole(core(""), EngineAdapters.real(), Simulation.Options.QUIET).run();
        assertThat(cleanResult.segments().getFirst().datagrams()).isEqualTo(whole.segments().getFirst().datagrams());
        assertThat(key(cleanResult.deliveries())).isEqualTo(key(whole.deliveries()));
    }

    @Test
    void aPartitionedRunAgreesWithTheWholeNetworkRun() {
        Scenario sc = core("");
        SimResult whole = Simulation.whole(sc, EngineAdapters.real(), Simulation.Options.FULL).run();
        SimResult parts = new Simulation(sc, EngineAdapters.real(), Simulation.Options.FULL.withThreads(2)).run();
        assertThat(whole.violations()).isEmpty();
        assertThat(parts.violations()).isEmpty();
        assertThat(parts.queriers()).isEqualTo(whole.queriers());
        assertThat(parts.story()).extracting(SimResult.StoryLine::text).contains("core: r2 hears querier 10.0.0.1 and stays non-querier");
        // The hosts' random delays come from other generators, so report times differ; what reaches whom does not,
        // and the counts agree to within a datagram or two at the edges (the joins and the leave are unsolicited).
        assertThat(key(parts.deliveries())).isEqualTo(key(whole.deliveries()));
        for (int i = 0; i < whole.deliveries().size(); i++) {
            SimResult.Delivery w = whole.deliveries().get(i), p = parts.deliveries().get(i);
            assertThat(p.received()).as(p.toString()).isCloseTo(w.received(), org.assertj.core.data.Offset.offset(2L));
            assertThat(p.firstMs()).as(p.toString()).isCloseTo(w.firstMs(), org.assertj.core.data.Offset.offset(40.0));
        }
        assertThat(parts.segments()).extracting(t -> t.segment() + " " + t.group())
                .isEqualTo(whole.segments().stream().map(t -> t.segment() + " " + t.group()).toList());
        assertThat(parts.segments().getFirst().segment()).isEqualTo("core");
        assertThat(parts.segments().getFirst().datagrams()).isEqualTo(whole.segments().getFirst().datagrams());
        assertThat(parts.framesSent()).isCloseTo(whole.framesSent(), org.assertj.core.data.Offset.offset(whole.framesSent() / 10));
    }

    private static List<String> key(List<SimResult.Delivery> ds) {
        return ds.stream().map(d -> d.host() + " " + d.group() + " " + d.source()).toList();
    }

    @Test
    void oneQuerierIsCheckedAcrossRegions() {
        // Toy routers never give up the querier role: both claim it on the core, from two regions.
        Scenario sc = core("");
        SimResult whole = Simulation.whole(sc, new ToyEngines(), Simulation.Options.QUIET).run();
        SimResult parts = new Simulation(sc, new ToyEngines(), Simulation.Options.QUIET.withThreads(2)).run();
        for (SimResult r : List.of(whole, parts)) {
            List<SimResult.Violation> oneQuerier = r.violations().stream().filter(v -> v.invariant().equals("one-querier")
                    && v.detail().startsWith("core:")).toList();
            assertThat(oneQuerier).hasSize(1);
            assertThat(oneQuerier.getFirst().detail()).contains("2 routers act as querier since 0.000s").contains("r1 10.0.0.1", "r2 10.0.0.2");
            assertThat(oneQuerier.getFirst().atMs()).isBetween(2000.0, 2001.0);
        }
    }

    @Test
    void theCaptureOfACutSegmentHoldsEveryRegionsFramesInTimeOrder(@TempDir Path dir) throws Exception {
        Scenario sc = core("");
        new Simulation(sc, EngineAdapters.real(), Simulation.Options.QUIET.withPcap(dir.resolve("parts")).withThreads(2)).run();
        Simulation.whole(sc, EngineAdapters.real(), Simulation.Options.QUIET.withPcap(dir.resolve("whole"))).run();
        List<Frame> parts = PcapReader.readAll(dir.resolve("parts/core.pcap"));
        List<Frame> whole = PcapReader.readAll(dir.resolve("whole/core.pcap"));
        assertThat(parts).hasSameSizeAs(whole);
        Map<String, Integer> senders = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (Frame f : parts) {
            assertThat(f.epochNanos()).isGreaterThanOrEqualTo(last);
            last = f.epochNanos();
            byte[] d = f.data();
            int ip = f.ipv4Offset();
            String src = (d[ip + 12] & 0xFF) + "." + (d[ip + 13] & 0xFF) + "." + (d[ip + 14] & 0xFF) + "." + (d[ip + 15] & 0xFF);
            senders.merge(src, 1, Integer::sum);
        }
        assertThat(senders).containsKeys("10.0.0.1", "10.0.0.2", "10.0.0.9"); // both routers' queries, the source
        assertThat(dir.resolve("parts/lan1.pcap")).exists();
        assertThat(dir.resolve("parts/lan2.pcap")).exists();
    }

    @Test
    void regionsRunOnTheirOwnUntilARouterMaySpeakOnTheCore() {
        Scenario metro = ScenarioLoader.load(ExamplesTest.EXAMPLES.resolve("metro-core.yaml"));
        Simulation real = new Simulation(metro, EngineAdapters.real(), Simulation.Options.QUIET.withThreads(2));
        real.run();
        // 90 s: the routers' queries on the core and the crash and restart end windows; the encoder's datagrams
        // (2,250 instants) do not, since its region runs ahead of the others
        assertThat(real.windows()).isBetween(3L, 30L);
        // Engines that promise nothing: a window per core latency with anything in it
        Simulation toy = new Simulation(metro, new ToyEngines(), Simulation.Options.QUIET.withThreads(2));
        toy.run();
        assertThat(toy.windows()).isGreaterThan(real.windows());
    }

    /** Two cores: r1 joins them, the sources sit on the first, and each side has a LAN with a member. */
    static final String TWO_CORES = """
            name: transit between two cores
            seed: 5
            duration: 30s
            segments:
              - {name: coreA}
              - {name: coreB}
              - {name: lan2}
              - {name: lan3}
            routers:
              - name: r1
                interfaces:
                  - {segment: coreA, address: 10.0.0.1/24}
                  - {segment: coreB, address: 10.0.1.1/24}
              - name: r2
                interfaces:
                  - {segment: coreA, address: 10.0.0.2/24}
                  - {segment: lan2, address: 10.1.2.1/24}
              - name: r3
                interfaces:
                  - {segment: coreB, address: 10.0.1.3/24}
                  - {segment: lan3, address: 10.1.3.1/24}
            hosts:
              - {name: b1, segment: lan2, address: 10.1.2.11/24}
              - {name: c1, segment: lan3, address: 10.1.3.11/24}
            sources:
              - {name: tv, segment: coreA, address: 10.0.0.9/24, groups: [239.1.1.1], rate: 50}
            events:
              - {at: 1s, host: b1, join: 239.1.1.1}
              - {at: 1s, host: c1, join: 239.1.1.1}
            """;

    /** Toy hosts, and routers made by {@code router}: toy routers with one behaviour changed. */
    private static Engines toyHostsAnd(java.util.function.BiFunction<Scenario.Router, Long, RouterProtocol> router) {
        ToyEngines toy = new ToyEngines();
        return new Engines() {
            @Override
            public HostProtocol host(Scenario.Host h, java.util.random.RandomGenerator random, long now) {
                return toy.host(h, random, now);
            }

            @Override
            public RouterProtocol router(Scenario.Router r, java.util.random.RandomGenerator random, long now) {
                return router.apply(r, now);
            }
        };
    }

    @Test
    void aRouterThatForwardsTheSourcesTrafficOntoAnotherCoreEndsTheWindowInTime() {
        // Routers that forward everything everywhere and promise nothing (quietUntilMs: the default): r1 carries
        // each datagram from coreA onto coreB, so what the sources' region sent ahead makes r1's region speak on
        // coreB within the window, which must end in time for r3's region.
        Engines flood = toyHostsAnd((r, now) -> new ToyEngines.ToyRouter(r.interfaces().size(), r.interfaces(), now) {
            @Override
            public boolean forwards(int arrivalIf, int ifIndex, int group, int source) {
                return true;
            }
        });
        Scenario sc = ScenarioLoader.parse(TWO_CORES, "two-cores.yaml");
        assertThat(Partition.of(sc).cutSegments).containsExactly("coreA", "coreB");
        SimResult whole = Simulation.whole(sc, flood, Simulation.Options.QUIET).run();
        SimResult one = new Simulation(sc, flood, Simulation.Options.QUIET.withThreads(1)).run();
        SimResult two = new Simulation(sc, flood, Simulation.Options.QUIET.withThreads(2)).run();
        assertThat(two).isEqualTo(one);
        assertThat(key(two.deliveries())).isEqualTo(key(whole.deliveries())).contains("c1 239.1.1.1 10.0.0.9");
        assertThat(two.segments()).extracting(t -> t.segment() + " " + t.datagrams())
                .isEqualTo(whole.segments().stream().map(t -> t.segment() + " " + t.datagrams()).toList());
    }

    @Test
    void anEngineThatBreaksItsPromiseStopsTheRunLoudly() {
        Engines liar = toyHostsAnd((r, now) -> new ToyEngines.ToyRouter(r.interfaces().size(), r.interfaces(), now) {
            @Override
            public long quietUntilMs(int ifIndex) {
                return Long.MAX_VALUE; // yet it queries every 10 s on every interface
            }
        });
        // its promise of silence lets a window run past its own queries at 10 s
        Scenario sc = core("");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Simulation(sc, liar, Simulation.Options.QUIET).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("would reach a region").hasMessageContaining("core");
    }

    @Test
    void aReplayStopsAtTheEndOfTheWindowThatReachesTheStep() {
        Scenario sc = core("");
        long all = new Simulation(sc, EngineAdapters.real(), Simulation.Options.QUIET).run().steps();
        SimResult part = new Simulation(sc, EngineAdapters.real(), Simulation.Options.QUIET).runToStep(all / 2);
        assertThat(part.steps()).isGreaterThan(all / 2).isLessThan(all);
    }
}
