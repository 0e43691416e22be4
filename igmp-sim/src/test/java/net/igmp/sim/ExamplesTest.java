package net.igmp.sim;

import net.igmp.wire.MembershipQuery;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped scenarios, run with the real engines: no invariant may fail, and each shows what it is about. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    static SimResult run(String file) {
        Scenario s = ScenarioLoader.load(EXAMPLES.resolve(file));
        return new Simulation(s, EngineAdapters.real(), Simulation.Options.FULL).run();
    }

    static SimResult.Delivery delivery(SimResult r, String host, String group, String source) {
        return r.deliveries().stream().filter(d -> d.host().equals(host) && d.group().equals(group) && d.source().equals(source))
                .findFirst().orElseThrow(() -> new AssertionError(host + " never received " + group + " from " + source));
    }

    static SimResult.SegmentTraffic carried(SimResult r, String segment, String group) {
        return r.segments().stream().filter(t -> t.segment().equals(segment) && t.group().equals(group)).findFirst()
                .orElseThrow(() -> new AssertionError(segment + " never carried " + group));
    }

    /** The scenario files in examples/, in name order. */
    static List<Path> scenarios() throws java.io.IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            // router.yaml is the router's config file (docs/config.md), not a scenario
            return s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("router.yaml")).sorted().toList();
        }
    }

    @Test
    void everyExampleRunsWithoutViolations() throws Exception {
        List<Path> files = scenarios();
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path f : files) {
            SimResult r = run(f.getFileName().toString());
            assertThat(r.violations()).as(f.getFileName().toString()).isEmpty();
            assertThat(r.deliveries()).as(f.getFileName().toString()).isNotEmpty();
        }
    }

    @Test
    void demoIsTheBuiltInScenario() throws Exception {
        try (var in = ExamplesTest.class.getResourceAsStream("/net/igmp/sim/scenarios/demo.yaml")) {
            assertThat(new String(in.readAllBytes())).isEqualTo(Files.readString(EXAMPLES.resolve("demo.yaml")));
        }
        SimResult r = run("demo.yaml");
        assertThat(r.deliveries()).noneMatch(d -> d.host().equals("dave"));
        // carol switches away from channel 2 at 20 s: she was its only viewer on lan2 (explicit tracking stops it at once).
        assertThat(carried(r, "lan2", "239.1.1.2").lastMs()).isBetween(19_900.0, 20_100.0);
        // alice switches to channel 2 at 12 s: it arrives with the next datagram (every 40 ms).
        assertThat(delivery(r, "alice", "239.1.1.2", "10.0.0.2").firstMs()).isBetween(12_000.0, 12_045.0);
        // bob (v2) still watches channel 1 after alice left it: lan1 keeps carrying it until bob's leave.
        assertThat(carried(r, "lan1", "239.1.1.1").lastMs()).isGreaterThan(27_900.0);
    }

    @Test
    void zappingBringsEachNewChannelWithinOneDatagram() {
        SimResult r = run("iptv-zapping.yaml");
        String src = "10.0.0.10";
        assertThat(delivery(r, "tv1", "239.10.0.2", src).firstMs()).isBetween(5_000.0, 5_025.0);
        assertThat(delivery(r, "tv1", "239.10.0.4", src).firstMs()).isBetween(7_000.0, 7_025.0);
        // tv1 saw channel 3 (already carried for tv3) at once.
        assertThat(delivery(r, "tv1", "239.10.0.3", src).firstMs()).isBetween(6_000.0, 6_025.0);
        // Channel 2 loses its last viewer at 25 s (tv4 zaps away): the LAN stops carrying it.
        assertThat(carried(r, "homes", "239.10.0.2").lastMs()).isBetween(24_900.0, 25_100.0);
    }

    @Test
    void ssmCarriesOnlyTheSourcesAskedFor() {
        SimResult r = run("ssm.yaml");
        assertThat(r.deliveries()).filteredOn(d -> d.host().equals("a")).extracting(SimResult.Delivery::source).containsOnly("10.0.0.11");
        assertThat(r.deliveries()).filteredOn(d -> d.host().equals("b")).extracting(SimResult.Delivery::source).containsOnly("10.0.0.12");
        assertThat(delivery(r, "c", "232.1.1.1", "10.0.0.11").lastMs()).isBetween(14_900.0, 15_100.0);
        assertThat(delivery(r, "c", "232.1.1.1", "10.0.0.12").lastMs()).isBetween(29_900.0, 30_100.0);
        // lan1 carries s1 only: 20/s from 1 s to 40 s.
        assertThat(carried(r, "lan1", "232.1.1.1").datagrams()).isBetween(770L, 785L);
    }

    @Test
    void lossyLanStillDelivers() {
        SimResult r = run("lossy-lan.yaml");
        SimResult.Delivery phone = delivery(r, "phone", "239.5.5.1", "10.0.0.5");
        // 29 s at 30/s with 15% loss: about 740 datagrams; duplicates add a few.
        assertThat(phone.received()).isBetween(650L, 830L);
        assertThat(delivery(r, "tablet", "239.5.5.1", "10.0.0.5").firstMs()).isBetween(40_000.0, 41_000.0);
    }

    @Test
    void mixedVersionsKeepOlderHostsGroups() {
        SimResult r = run("mixed-versions.yaml");
        // 239.3.0.3 had only a v3 member: its leave at 40 s stops it at once (explicit tracking).
        assertThat(carried(r, "lan", "239.3.0.3").lastMs()).isBetween(39_900.0, 40_200.0);
        // 239.3.0.2: the v2 host's leave at 20 s does not stop it (the v3 host answers the specific queries);
        // the v3 host's leave at 30 s does, after the Last Member Query Time at most.
        assertThat(delivery(r, "new2", "239.3.0.2", "10.0.0.9").lastMs()).isGreaterThan(29_800.0);
        assertThat(carried(r, "lan", "239.3.0.2").lastMs()).isBetween(29_900.0, 32_200.0);
        // 239.3.0.1 has only a v1 member, which cannot leave: the group outlives its leave at 50 s by up to a
        // Group Membership Interval after its last report (it answered the query at 45 s).
        assertThat(carried(r, "lan", "239.3.0.1").lastMs()).isBetween(80_000.0, 100_000.0);
        assertThat(r.messages()).anySatisfy(m -> assertThat(m.type()).isEqualTo("v1-report"));
    }

    @Test
    void proxyReportsUpstreamAndForwardsDown() {
        SimResult r = run("proxy.yaml");
        assertThat(delivery(r, "stb", "239.7.7.1", "10.0.0.100").firstMs()).isBetween(1_000.0, 1_050.0);
        assertThat(carried(r, "access", "239.7.7.2").firstMs()).isBetween(10_000.0, 10_050.0);
        assertThat(r.messages()).anySatisfy(m -> {
            assertThat(m.segment()).isEqualTo("access");
            assertThat(m.src()).isEqualTo("10.50.0.2");
            assertThat(m.type()).isEqualTo("v3-report");
        });
    }

    @Test
    void querierElectionAndTakeOverAfterACrash() {
        SimResult r = run("querier-election.yaml");
        List<SimResult.Message> lanQueries = r.messages().stream()
                .filter(m -> m.segment().equals("lan") && m.message() instanceof MembershipQuery q && q.isGeneral()).toList();
        // Before the crash only r1 queries (after the first startup queries cross).
        assertThat(lanQueries).filteredOn(m -> m.atMs() > 1_000 && m.atMs() < 20_000).extracting(SimResult.Message::src).containsOnly("10.1.1.1");
        // r2 takes over once the Other Querier Present Interval (21 s) has passed since r1's last query.
        assertThat(lanQueries).filteredOn(m -> m.atMs() > 20_000 && m.atMs() < 60_000).extracting(SimResult.Message::src).contains("10.1.1.2");
        assertThat(lanQueries).filteredOn(m -> m.src().equals("10.1.1.2") && m.atMs() > 20_000).first()
                .satisfies(m -> assertThat(m.atMs()).isBetween(30_000.0, 42_000.0));
        assertThat(r.queriers()).contains(new SimResult.QuerierInfo("lan", "10.1.1.1"));
    }
}
