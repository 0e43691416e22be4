package net.igmp.sim;

import net.igmp.wire.Ipv4;
import net.igmp.wire.MessageType;
import net.igmp.wire.V2MembershipReport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's own machinery, driven by {@link ToyEngines} so that it is tested apart from the real engines. */
class SimulationCoreTest {

    static String scenario(String lanOptions) {
        return scenario("", lanOptions);
    }

    static String scenario(String upOptions, String lanOptions) {
        return """
                name: core
                seed: 11
                duration: 40s
                segments:
                  - {name: up %s}
                  - {name: lan1 %s}
                routers:
                  - name: r1
                    interfaces:
                      - {segment: up, address: 10.0.0.1/24}
                      - {segment: lan1, address: 10.1.1.1/24}
                hosts:
                  - {name: h1, segment: lan1, address: 10.1.1.11/24}
                  - {name: h2, segment: lan1, address: 10.1.1.12/24}
                  - {name: idle, segment: lan1, address: 10.1.1.13/24}
                  - {name: watcher, segment: up, address: 10.0.0.9/24}
                sources:
                  - {name: tv, segment: up, address: 10.0.0.2/24, groups: [239.1.1.1, 239.1.1.2], rate: 50}
                events:
                  - {at: 0s, host: watcher, join: 239.1.1.1}
                  - {at: 1s, host: h1, join: 239.1.1.1}
                  - {at: 2s, host: h2, join: 239.1.1.1}
                  - {at: 10s, host: h1, switch: {from: 239.1.1.1, to: 239.1.1.2}}
                  - {at: 20s, host: h1, leave: 239.1.1.2}
                """.formatted(upOptions, lanOptions);
    }

    static SimResult run(String yaml, Simulation.Options o) {
        return new Simulation(ScenarioLoader.parse(yaml, "core.yaml"), new ToyEngines(), o).run();
    }

    static SimResult.Delivery delivery(SimResult r, String host, String group) {
        return r.deliveries().stream().filter(d -> d.host().equals(host) && d.group().equals(group)).findFirst().orElseThrow();
    }

    @Test
    void carriesTrafficWhereTheEngineForwardsIt() {
        SimResult r = run(scenario(""), Simulation.Options.FULL);
        SimResult.Delivery h1 = delivery(r, "h1", "239.1.1.1");
        // Join at 1 s; the report crosses the LAN in 0.1 ms; the next datagram (every 20 ms) is forwarded.
        assertThat(h1.firstMs()).isBetween(1000.0, 1021.0);
        assertThat(h1.lastMs()).isBetween(9980.0, 10000.0); // h1 switched away at 10 s
        assertThat(delivery(r, "h1", "239.1.1.2").firstMs()).isBetween(10000.0, 10021.0);
        assertThat(delivery(r, "h2", "239.1.1.1").lastMs()).isGreaterThan(39_900.0);
        assertThat(r.deliveries()).noneMatch(d -> d.host().equals("idle"));
        // The source's own segment carries everything it sends: 50/s for 40 s, per group.
        assertThat(r.segments()).anySatisfy(s -> {
            assertThat(s.segment()).isEqualTo("up");
            assertThat(s.datagrams()).isEqualTo(2000);
        });
        assertThat(r.queriers()).extracting(SimResult.QuerierInfo::address).containsExactly("10.0.0.1", "10.1.1.1");
        assertThat(r.messages()).anySatisfy(m -> {
            assertThat(m.type()).isEqualTo("v2-report");
            assertThat(m.src()).isEqualTo("10.1.1.11");
            assertThat(((V2MembershipReport) m.message()).group()).isEqualTo(Ipv4.parse("239.1.1.1"));
            assertThat(m.atMs()).isEqualTo(1000.0);
        });
        assertThat(r.story()).extracting(SimResult.StoryLine::text)
                .contains("h1 joins 239.1.1.1", "h1 starts receiving 239.1.1.1 from 10.0.0.2", "h1 leaves 239.1.1.2");
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        String y = scenario(", loss: 0.2, duplicate: 0.1, reorder: 0.1, reorderDelay: 30ms");
        String a = SimJson.toJson(run(y, Simulation.Options.FULL), true);
        String b = SimJson.toJson(run(y, Simulation.Options.FULL), true);
        String c = SimJson.toJson(run(y.replace("seed: 11", "seed: 12"), Simulation.Options.FULL), true);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void lossDropsAboutTheRightShare() {
        long clean = delivery(run(scenario(""), Simulation.Options.QUIET), "watcher", "239.1.1.1").received();
        long lossy = delivery(run(scenario(", loss: 0.3", ""), Simulation.Options.QUIET), "watcher", "239.1.1.1").received();
        assertThat(clean).isEqualTo(2000);
        assertThat((double) lossy / clean).isBetween(0.6, 0.8);
    }

    @Test
    void duplicationAndReordering() {
        SimResult.Delivery clean = delivery(run(scenario(""), Simulation.Options.QUIET), "watcher", "239.1.1.1");
        assertThat(clean.outOfOrder()).isZero();
        SimResult.Delivery dup = delivery(run(scenario(", duplicate: 0.25", ""), Simulation.Options.QUIET), "watcher", "239.1.1.1");
        assertThat((double) dup.received() / clean.received()).isBetween(1.15, 1.35);
        assertThat(dup.outOfOrder()).isBetween((long) (0.15 * clean.received()), (long) (0.35 * clean.received()));
        // Held back by up to 60 ms with datagrams every 20 ms: later ones overtake it.
        SimResult.Delivery re = delivery(run(scenario(", reorder: 0.2, reorderDelay: 60ms", ""), Simulation.Options.QUIET), "watcher", "239.1.1.1");
        assertThat(re.received()).isBetween(clean.received() - 3, clean.received());
        assertThat(re.outOfOrder()).isGreaterThan(clean.received() / 20);
    }

    static final String EVERY_KIND = """
                  - {at: 21s, source: tv, stop: true}
                  - {at: 22s, source: tv, start: true}
                  - {at: 23s, router: r1, interface: lan1, down: true}
                  - {at: 24s, router: r1, interface: lan1, up: true}
                  - {at: 25s, host: h2, down: true}
                  - {at: 26s, host: h2, up: true}
                  - {at: 27s, segment: lan1, down: true}
                  - {at: 28s, segment: lan1, up: true}
                  - {at: 29s, router: r1, crash: true}
                  - {at: 31s, router: r1, restart: true}
                  - {at: 32s, router: r1, set: {queryInterval: 30s}}
                  - {at: 33s, host: idle, join: 239.1.1.2, sources: [10.0.0.2]}
                """;

    @Test
    void everyEventKindRuns() {
        String y = scenario("") + EVERY_KIND;
        SimResult r = run(y, Simulation.Options.FULL);
        List<String> story = r.story().stream().map(SimResult.StoryLine::text).toList();
        assertThat(story).contains("tv stops sending", "r1 lan1: link down", "r1 lan1: link up", "h2: link down", "h2: link up",
                "lan1: segment down", "lan1: segment up", "r1 crashes: its state is gone", "r1 restarts", "r1: queryInterval = 30s",
                "idle joins 239.1.1.2 INCLUDE {10.0.0.2}");
        // h2 hears nothing while the source is stopped, its link is down, the segment is down or r1 is down.
        SimResult.Delivery h2 = delivery(r, "h2", "239.1.1.1");
        assertThat(story.stream().filter(s -> s.startsWith("h2 stops receiving")).count()).isGreaterThanOrEqualTo(3);
        assertThat(h2.received()).isLessThan(38L * 50 - 4 * 50);
        // The restarted toy router knows nothing until the next report: a query at restart brings reports back.
        assertThat(r.messages()).anySatisfy(m -> assertThat(m.atMs()).isEqualTo(31_000.0));
        assertThat(delivery(r, "idle", "239.1.1.2").received()).isGreaterThan(0);
    }

    @Test
    void everyEventKindRunsOnTheRealEngines() {
        String y = scenario("").replace("duration: 40s", "duration: 70s") + EVERY_KIND.replace("set: {queryInterval: 30s}", "interface: lan1, set: {queryInterval: 30s, version: 2}")
                + "  - {at: 34s, host: h2, set: {version: 1}}\n"
                + "  - {at: 35s, router: r1, interface: lan1, set: {lastMemberQueryCount: 3}}\n";
        SimResult r = new Simulation(ScenarioLoader.parse(y, "core.yaml"), EngineAdapters.real(), Simulation.Options.FULL).run();
        List<String> story = r.story().stream().map(SimResult.StoryLine::text).toList();
        assertThat(story).contains("r1 crashes: its state is gone", "r1 restarts", "h2: version = 1", "r1 lan1: lastMemberQueryCount = 3",
                "r1 lan1: version = 2");
        assertThat(r.violations()).isEmpty();
        // After the restart the engine learns h2 again from its answers to the startup queries.
        assertThat(delivery(r, "h2", "239.1.1.1").lastMs()).isGreaterThan(69_900.0);
        // Version 2 after the configuration change: the router's queries on lan1 are v2 from 32 s on (the next
        // one is due at 62 s: the startup interval after the restart, cut to the new Query Interval).
        assertThat(r.messages()).filteredOn(m -> m.segment().equals("lan1") && m.type().equals("query") && m.atMs() > 32_000)
                .extracting(m -> MessageType.version(m.message())).isNotEmpty().containsOnly(2);
        // h2 speaks v1 from 34 s on.
        assertThat(r.messages()).anySatisfy(m -> {
            assertThat(m.src()).isEqualTo("10.1.1.12");
            assertThat(m.type()).isEqualTo("v1-report");
        });
        // The SSM join of 'idle' is INCLUDE {10.0.0.2}: the datagrams arrive.
        assertThat(delivery(r, "idle", "239.1.1.2").received()).isGreaterThan(0);
    }

    @Test
    void unwantedTrafficIsAViolationWithSeedAndStep() {
        // A router that forwards everything everywhere breaks the invariant at once.
        Engines flood = new Engines() {
            final ToyEngines toy = new ToyEngines();
            @Override public HostProtocol host(Scenario.Host h, java.util.random.RandomGenerator g, long now) { return toy.host(h, g, now); }
            @Override public RouterProtocol router(Scenario.Router r, java.util.random.RandomGenerator g, long now) {
                return new ToyEngines.ToyRouter(r.interfaces().size(), r.interfaces(), now) {
                    @Override public boolean forwards(int in, int out, int group, int source) { return true; }
                };
            }
        };
        SimResult r = new Simulation(ScenarioLoader.parse(scenario(""), "core.yaml"), flood, Simulation.Options.FULL).run();
        assertThat(r.violations()).isNotEmpty();
        SimResult.Violation v = r.violations().getFirst();
        assertThat(v.invariant()).isEqualTo("no-unwanted-traffic");
        assertThat(v.detail()).contains("lan1 carries 239.1.1.1 from 10.0.0.2")
                .endsWith("seed 11, step " + v.step() + " (replay with --seed 11 --to-step " + v.step() + ")");
        assertThat(v.atMs()).isLessThan(1.0);
        // the hint's --to-step replays the run up to that violation and stops there
        SimResult replay = new Simulation(ScenarioLoader.parse(scenario(""), "core.yaml"), flood, Simulation.Options.FULL).runToStep(v.step());
        assertThat(replay.steps()).isEqualTo(v.step());
        assertThat(replay.violations()).first().isEqualTo(v);
    }

    @Test
    void aRouterThatForgetsAWantedGroupIsAViolation() {
        // This router drops a group on the first Leave without asking whether others still want it.
        Engines forgetful = new Engines() {
            final ToyEngines toy = new ToyEngines();
            @Override public HostProtocol host(Scenario.Host h, java.util.random.RandomGenerator g, long now) { return toy.host(h, g, now); }
            @Override public RouterProtocol router(Scenario.Router r, java.util.random.RandomGenerator g, long now) {
                return new ToyEngines.ToyRouter(r.interfaces().size(), r.interfaces(), now) {
                    @Override public void receive(long nowMs, int ifIndex, int source, int destination, net.igmp.wire.IgmpMessage m) {
                        if (m instanceof net.igmp.wire.LeaveGroup l) {
                            long k = ((long) ifIndex << 32) | (l.group() & 0xFFFFFFFFL);
                            if (expiry.containsKey(k)) expiry.put(k, nowMs);
                            return;
                        }
                        super.receive(nowMs, ifIndex, source, destination, m);
                    }
                };
            }
        };
        SimResult r = new Simulation(ScenarioLoader.parse(scenario(""), "core.yaml"), forgetful, Simulation.Options.FULL).run();
        assertThat(r.violations()).extracting(SimResult.Violation::invariant).contains("membership-kept");
        assertThat(r.violations()).filteredOn(v -> v.invariant().equals("membership-kept")).first()
                .satisfies(v -> assertThat(v.detail()).startsWith("r1 lan1 dropped 239.1.1.1 while h2 wants it"));
    }

    @Test
    void pcapPerSegmentThatTsharkReads(@TempDir Path dir) throws Exception {
        run(scenario(", duplicate: 0.05"), Simulation.Options.QUIET.withPcap(dir));
        assertThat(dir.resolve("up.pcap")).exists();
        Path lan = dir.resolve("lan1.pcap");
        byte[] head = Files.readAllBytes(lan);
        assertThat(java.nio.ByteBuffer.wrap(head, 0, 4).getInt()).isEqualTo(0xA1B2C3D4); // classic pcap, microseconds
        if (!"true".equals(System.getenv("CI")))
            org.junit.jupiter.api.Assumptions.assumeTrue(Tools.tsharkAvailable(), "tshark is not installed (apt-get install -y tshark); CI installs it");
        assertThat(Tools.tsharkAvailable()).as("tshark is needed in CI (apt-get install -y tshark)").isTrue();
        Tools.Result t = Tools.run("tshark", "-r", lan.toString(), "-T", "fields", "-e", "frame.number", "-e", "igmp.type",
                "-e", "ip.opt.type", "-e", "udp.dstport", "-e", "_ws.expert.message");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.err().lines().filter(l -> !l.startsWith("Running as user"))).isEmpty();
        List<String> lines = t.out().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\t0x16\t").contains("148")); // v2 report with Router Alert
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\t0x11\t"));                 // query
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("\t5004\t"));                  // datagrams
        assertThat(t.out()).doesNotContainIgnoringCase("malformed").doesNotContainIgnoringCase("bad checksum");
    }
}
