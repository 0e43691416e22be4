package net.igmp.sim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the story once left out, and the one-querier invariant at the end of a run. */
class StoryHonestyTest {

    private static final String LAN = """
            duration: 20s
            segments:
              - {name: up}
              - {name: lan1}
            routers:
              - name: r1
                interfaces:
                  - {segment: up, address: 10.0.0.1/24}
                  - {segment: lan1, address: 10.1.1.1/24}
            hosts:
              - {name: v3, segment: lan1, address: 10.1.1.11/24}
              - {name: v2, segment: lan1, address: 10.1.1.12/24, version: 2}
            sources:
              - {name: tv, segment: up, address: 10.0.0.2/24, groups: [239.1.1.1, 232.1.1.1]}
            events:
            """;

    private static SimResult run(String yaml) {
        return new Simulation(ScenarioLoader.parse(yaml, "t.yaml"), EngineAdapters.real(), Simulation.Options.FULL).run();
    }

    private static List<String> story(SimResult r) {
        return r.story().stream().map(SimResult.StoryLine::text).toList();
    }

    @Test
    void aLeaveOfAGroupNeverJoinedIsTold() {
        SimResult r = run(LAN + "  - {at: 1s, host: v3, leave: 239.1.1.1}\n  - {at: 2s, host: v2, switch: {from: 239.1.1.9, to: 239.1.1.1}}\n");
        assertThat(story(r)).contains("v3 leaves 239.1.1.1, which it never joined: nothing to send",
                "v2 switches from 239.1.1.9 to 239.1.1.1", "v2 never joined 239.1.1.9: only the join is sent");
    }

    @Test
    void aV2HostJoiningAnSsmGroupIsToldAsIgnored() {
        SimResult r = run(LAN + "  - {at: 1s, host: v2, join: 232.1.1.1}\n  - {at: 2s, host: v3, join: 232.1.1.1}\n");
        assertThat(story(r)).contains(
                "r1 lan1: ignores IGMPv2 from 10.1.1.12 for 232.1.1.1: in the SSM range only IGMPv3 with sources counts (RFC 4604 section 2.2.1)",
                "r1 lan1: ignores 10.1.1.11's EXCLUDE record for 232.1.1.1: in the SSM range only INCLUDE records count (RFC 4604 section 2.2.2)");
        // Told once, though the reports repeat.
        assertThat(story(r).stream().filter(l -> l.startsWith("r1 lan1: ignores IGMPv2"))).hasSize(1);
        assertThat(r.deliveries()).noneMatch(d -> d.group().equals("232.1.1.1"));
    }

    @Test
    void anSsmJoinWithSourcesIsNotIgnored() {
        SimResult r = run(LAN + "  - {at: 1s, host: v3, join: 232.1.1.1, sources: [10.0.0.2]}\n");
        assertThat(story(r)).noneMatch(l -> l.contains("ignores"));
        assertThat(r.deliveries()).anyMatch(d -> d.host().equals("v3") && d.group().equals("232.1.1.1"));
    }

    /** Two routers that never hear each other (all frames lost) both act as querier from 0 s to the end. */
    @Test
    void twoQueriersUntilTheEndFailTheRun() {
        String yaml = """
                duration: 20s
                segments:
                  - {name: lan1, loss: 1}
                routers:
                  - name: r1
                    interfaces:
                      - {segment: lan1, address: 10.1.1.1/24}
                  - name: r2
                    interfaces:
                      - {segment: lan1, address: 10.1.1.2/24}
                hosts:
                  - {name: h1, segment: lan1, address: 10.1.1.11/24}
                """;
        assertThat(Partition.of(ScenarioLoader.parse(yaml, "t.yaml")).single()).isTrue();
        SimResult r = run(yaml);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.invariant()).isEqualTo("one-querier");
            assertThat(v.detail()).startsWith("lan1: 2 routers act as querier since 0.000s (r1 10.1.1.1, r2 10.1.1.2)");
        });
        assertThat(Reports.summary(r)).doesNotContain("All invariants held");
    }

    /** The same on a core cut into regions: the coordinator checks at the end too. */
    @Test
    void twoQueriersOnACoreUntilTheEndFailTheRun() {
        String yaml = """
                duration: 20s
                segments:
                  - {name: core, loss: 1}
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
                  - {name: h1, segment: lan1, address: 10.1.1.11/24}
                  - {name: h2, segment: lan2, address: 10.1.2.11/24}
                """;
        Scenario sc = ScenarioLoader.parse(yaml, "core.yaml");
        assertThat(Partition.of(sc).single()).isFalse();
        SimResult r = new Simulation(sc, EngineAdapters.real(), Simulation.Options.FULL).run();
        assertThat(r.violations()).extracting(SimResult.Violation::invariant).containsExactly("one-querier");
    }
}
