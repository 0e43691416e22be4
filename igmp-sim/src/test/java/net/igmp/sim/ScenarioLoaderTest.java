package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    /** The example of the issue, unchanged. */
    static final String ISSUE_EXAMPLE = """
            name: channel zapping
            seed: 7
            duration: 60s
            segments:
              - {name: up}
              - {name: lan1, latency: 0.1ms, loss: 0.0}
            routers:
              - name: r1
                interfaces:
                  - {segment: up, address: 10.0.0.1/24}
                  - {segment: lan1, address: 10.1.1.1/24, version: 3}   # any router-engine setting may appear here
            hosts:
              - {name: h1, segment: lan1, address: 10.1.1.11/24, version: 3}
            sources:
              - {name: tv1, segment: up, address: 10.0.0.2/24, group: 239.1.1.1, rate: 100}   # datagrams per second
            events:
              - {at: 1s, host: h1, join: 239.1.1.1}
              - {at: 2s, host: h1, join: 232.1.1.1, sources: [10.0.0.2]}
              - {at: 10s, host: h1, switch: {from: 239.1.1.1, to: 239.1.1.2}}
              - {at: 20s, host: h1, leave: 239.1.1.2}
              - {at: 30s, router: r1, crash: true}
              - {at: 40s, router: r1, restart: true}
            """;

    @Test
    void readsTheIssueExample() {
        Scenario s = ScenarioLoader.parse(ISSUE_EXAMPLE, "zap.yaml");
        assertThat(s.name()).isEqualTo("channel zapping");
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.durationUs()).isEqualTo(60_000_000L);
        assertThat(s.segments()).extracting(Scenario.Segment::name).containsExactly("up", "lan1");
        assertThat(s.segments().get(1).latencyUs()).isEqualTo(100);
        Scenario.Router r = s.routers().getFirst();
        assertThat(r.interfaces().get(1).settings()).containsEntry("version", "3");
        assertThat(r.interfaces().get(1).address()).isEqualTo(Ipv4.parse("10.1.1.1"));
        assertThat(r.interfaces().get(1).prefixLength()).isEqualTo(24);
        assertThat(s.hosts().getFirst().version()).isEqualTo(3);
        assertThat(s.sources().getFirst().rate()).isEqualTo(100.0);
        assertThat(s.events()).hasSize(6);
        assertThat(s.events().get(1).action()).isInstanceOfSatisfying(Scenario.Action.Join.class, j -> {
            assertThat(j.mode()).isEqualTo(FilterMode.INCLUDE);
            assertThat(j.sources()).containsExactly(Ipv4.parse("10.0.0.2"));
        });
        assertThat(s.events().get(2).action()).isEqualTo(new Scenario.Action.Switch("h1", Ipv4.parse("239.1.1.1"), Ipv4.parse("239.1.1.2")));
        assertThat(s.events().get(4).action()).isEqualTo(new Scenario.Action.Crash("r1"));
        assertThat(s.events().get(5).atUs()).isEqualTo(40_000_000L);
        assertThat(s.events().get(5).line()).isEqualTo(22);
    }

    @Test
    void everyEventKindParses() {
        String y = ISSUE_EXAMPLE + """
                  - {at: 41s, source: tv1, stop: true}
                  - {at: 42s, source: tv1, start: true}
                  - {at: 43s, router: r1, interface: lan1, down: true}
                  - {at: 44s, router: r1, interface: lan1, up: true}
                  - {at: 45s, host: h1, down: true}
                  - {at: 46s, segment: lan1, up: true}
                  - {at: 47s, router: r1, interface: lan1, set: {version: 2, queryInterval: 30s}}
                  - {at: 48s, host: h1, set: {version: 1}}
                  - {at: 49s, host: h1, join: 239.9.9.9, exclude: [10.0.0.9]}
                """;
        Scenario s = ScenarioLoader.parse(y, "all.yaml");
        assertThat(s.events().subList(6, 15)).extracting(Scenario.Event::action).containsExactly(
                new Scenario.Action.SourceStop("tv1"), new Scenario.Action.SourceStart("tv1"),
                new Scenario.Action.Link("r1", "lan1", false), new Scenario.Action.Link("r1", "lan1", true),
                new Scenario.Action.Link("h1", null, false), new Scenario.Action.Link(null, "lan1", true),
                new Scenario.Action.Configure("r1", "lan1", java.util.Map.of("version", "2", "queryInterval", "30s")),
                new Scenario.Action.Configure("h1", null, java.util.Map.of("version", "1")),
                s.events().get(14).action());
        assertThat(((Scenario.Action.Join) s.events().get(14).action()).mode()).isEqualTo(FilterMode.EXCLUDE);
    }

    @Test
    void durations() {
        assertThat(Durations.parseMicros("250ms")).isEqualTo(250_000);
        assertThat(Durations.parseMicros("1s")).isEqualTo(1_000_000);
        assertThat(Durations.parseMicros("5m")).isEqualTo(300_000_000);
        assertThat(Durations.parseMicros("0.1ms")).isEqualTo(100);
        assertThatThrownBy(() -> Durations.parseMicros("5 parsecs")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parseMicros("ms")).hasMessageContaining("not a duration");
        // one wording for every way a duration can be wrong, a bare number (no unit) included
        for (String bad : new String[]{"10", "ms", "5 parsecs", "1..5s", "-3s"})
            assertThatThrownBy(() -> Durations.parseMicros(bad))
                    .hasMessage("not a duration: '" + bad + "' (a number and a unit: us, ms, s, m or h, such as 250ms, 10s, 5m)");
    }

    private static String error(String yaml) {
        try {
            ScenarioLoader.parse(yaml, "scenario.yaml");
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error");
    }

    @Test
    void errorsNameTheLine() {
        assertThat(error(ISSUE_EXAMPLE.replace("{name: h1, segment: lan1", "{name: h1, segmnt: lan1")))
                .isEqualTo("scenario.yaml:13: unknown key 'segmnt' (did you mean 'segment'?)");
        assertThat(error(ISSUE_EXAMPLE.replace("duration: 60s", "duration: 60 parsecs")))
                .startsWith("scenario.yaml:3: 'duration': not a duration");
        assertThat(error(ISSUE_EXAMPLE.replace("{at: 20s, host: h1, leave", "{at: 20s, host: h2, leave")))
                .isEqualTo("scenario.yaml:20: no host named 'h2' (did you mean 'h1'?)");
        assertThat(error(ISSUE_EXAMPLE.replace("segment: lan1, address: 10.1.1.1/24", "segment: lan2, address: 10.1.1.1/24")))
                .isEqualTo("scenario.yaml:11: no segment named 'lan2' (did you mean 'lan1'?)");
        assertThat(error(ISSUE_EXAMPLE.replace("group: 239.1.1.1", "group: 10.1.1.1")))
                .isEqualTo("scenario.yaml:15: 'group': 10.1.1.1 is not a multicast group (224.0.0.0/4)");
        assertThat(error(ISSUE_EXAMPLE.replace("loss: 0.0", "loss: 1.5")))
                .isEqualTo("scenario.yaml:6: 'loss' must be between 0 and 1, not 1.5");
        assertThat(error(ISSUE_EXAMPLE.replace("version: 3}   #", "version: 4}   #")))
                .isEqualTo("scenario.yaml:11: 'version' must be 1, 2 or 3, not 4");
        assertThat(error(ISSUE_EXAMPLE.replace("version: 3}   #", "querryInterval: 3s}   #")))
                .isEqualTo("scenario.yaml:11: unknown key 'querryInterval' (did you mean 'queryInterval'?)");
        assertThat(error(ISSUE_EXAMPLE.replace("{at: 30s, router: r1, crash: true}", "{at: 30s, router: h1, crash: true}")))
                .isEqualTo("scenario.yaml:21: 'h1' is a host, not a router");
        assertThat(error("name: x\nsegments: [\n")).startsWith("scenario.yaml:3: not valid YAML");
        assertThat(error("name: x\n")).isEqualTo("scenario.yaml:1: a scenario needs at least one segment under 'segments'");
    }
}
