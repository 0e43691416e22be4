package net.igmp.sim;

import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mistakes in scenario files that once ran in silence: each is an error naming its line. */
class ScenarioMistakesTest {

    /** A valid scenario; line numbers: routers' lan1 interfaces at 9 and 12, hosts at 14 and 15, events from 19. */
    private static final String BASE = """
            duration: 20s
            segments:
              - {name: up}
              - {name: lan1}
            routers:
              - name: r1
                interfaces:
                  - {segment: up, address: 10.0.0.1/24}
                  - {segment: lan1, address: 10.1.1.1/24}
              - name: r2
                interfaces:
                  - {segment: lan1, address: 10.1.1.2/24}
            hosts:
              - {name: h1, segment: lan1, address: 10.1.1.11/24}
              - {name: h2, segment: lan1, address: 10.1.1.12/24}
            sources:
              - {name: tv, segment: up, address: 10.0.0.2/24, group: 239.1.1.1}
            events:
              - {at: 1s, host: h1, join: 239.1.1.1}
            """;

    private static Scenario load(String yaml) {
        return ScenarioLoader.parse(yaml, "s.yaml");
    }

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ScenarioException.class).hasMessage(message);
    }

    @Test
    void theBaseIsValid() {
        assertThat(load(BASE).hosts()).hasSize(2);
    }

    @Test
    void twoHostsWithOneAddress() {
        fails(BASE.replace("address: 10.1.1.12/24", "address: 10.1.1.11/24"),
                "s.yaml:15: host 'h2' has address 10.1.1.11, as host 'h1' does (line 14) (did you mean 10.1.1.3?)");
    }

    @Test
    void aHostWithARoutersAddress() {
        fails(BASE.replace("address: 10.1.1.11/24", "address: 10.1.1.1/24"),
                "s.yaml:14: host 'h1' has address 10.1.1.1, as router 'r1' does on lan1 (line 9) (did you mean 10.1.1.3?)");
    }

    @Test
    void twoRoutersWithOneAddress() {
        fails(BASE.replace("address: 10.1.1.2/24", "address: 10.1.1.1/24"),
                "s.yaml:12: router 'r2' has address 10.1.1.1 on lan1, as router 'r1' does on lan1 (line 9) (did you mean 10.1.1.2?)");
    }

    @Test
    void aHostOutsideItsSegmentsSubnet() {
        fails(BASE.replace("address: 10.1.1.11/24", "address: 10.1.2.11/24"),
                "s.yaml:14: host 'h1' (10.1.2.11) is outside lan1's subnet 10.1.1.0/24 (router 'r1', line 9) (did you mean 10.1.1.11?)");
    }

    @Test
    void anEventThatJoinsAndLeaves() {
        fails(BASE.replace("join: 239.1.1.1}", "join: 239.1.1.1, leave: 239.1.1.1}"),
                "s.yaml:19: one event does one thing: 'join' and 'leave' together; write two events");
        fails(BASE.replace("join: 239.1.1.1}", "leave: 239.1.1.1, sources: [10.0.0.2]}"), "s.yaml:19: 'sources' goes with 'join'");
    }

    @Test
    void anEventAfterTheEnd() {
        fails(BASE.replace("at: 1s", "at: 25s"), "s.yaml:19: 25.000s is not before the end of the run ('duration: 20.000s', line 1): it would never happen");
        fails(BASE.replace("at: 1s", "at: 20s"), "s.yaml:19: 20.000s is not before the end of the run ('duration: 20.000s', line 1): it would never happen");
        fails(BASE.replace("group: 239.1.1.1}", "group: 239.1.1.1, start: 30s}"),
                "s.yaml:17: 30.000s is not before the end of the run ('duration: 20.000s', line 1): it would never happen");
    }

    @Test
    void aRangeOfHosts() {
        Scenario s = load(BASE.replace("  - {name: h1, segment: lan1, address: 10.1.1.11/24}\n  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n",
                "  - {count: 60, name: h, segment: lan1, address: 10.1.1.100/24, version: 2}\n"));
        assertThat(s.hosts()).hasSize(60);
        assertThat(s.hosts().getFirst().name()).isEqualTo("h1");
        assertThat(s.hosts().getFirst().address()).isEqualTo(Ipv4.parse("10.1.1.100"));
        assertThat(s.hosts().getLast().name()).isEqualTo("h60");
        assertThat(s.hosts().getLast().address()).isEqualTo(Ipv4.parse("10.1.1.159"));
        assertThat(s.hosts()).allSatisfy(h -> {
            assertThat(h.version()).isEqualTo(2);
            assertThat(h.segment()).isEqualTo("lan1");
            assertThat(h.line()).isEqualTo(14);
        });
    }

    @Test
    void aRangeAsTheWholeHostList() {
        Scenario s = load(BASE.replace("  - {name: h1, segment: lan1, address: 10.1.1.11/24}\n  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", "")
                .replace("hosts:\n", "hosts: {count: 3, first: 0, name: tv, segment: lan1, address: 10.1.1.20}\n").replace("host: h1", "host: tv1"));
        assertThat(s.hosts()).extracting(Scenario.Host::name).containsExactly("tv0", "tv1", "tv2");
        assertThat(s.hosts()).extracting(h -> Ipv4.format(h.address())).containsExactly("10.1.1.20", "10.1.1.21", "10.1.1.22");
    }

    @Test
    void mistakesInARange() {
        String range = "  - {count: 60, name: h, segment: lan1, address: 10.1.1.200/24}\n";
        fails(BASE.replace("  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", range),
                "s.yaml:15: 60 hosts from 10.1.1.200 run past 10.1.1.0/24 (the last would be 10.1.2.3)");
        fails(BASE.replace("  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", range.replace("200", "5")),
                "s.yaml:15: this range names a host 'h1', a name already taken");
        fails(BASE.replace("  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", range.replace("name: h,", "name: x,").replace("200", "5")),
                "s.yaml:15: host 'x7' has address 10.1.1.11, as host 'h1' does (line 14) (did you mean 10.1.1.3?)");
        fails(BASE.replace("  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", range.replace("count: 60", "count: 2.5")),
                "s.yaml:15: 'count' must be a whole number, not 2.5");
        fails(BASE.replace("  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", range.replace("count: 60", "cuont: 60, count: 2")),
                "s.yaml:15: unknown key 'cuont' (did you mean 'count'?)");
    }

    @Test
    void theStartOfVirtualTime() {
        assertThat(load(BASE).startEpochUs()).isEqualTo(Scenario.DEFAULT_START_EPOCH_US);
        assertThat(load("start: 2026-01-01T00:00:00Z\n" + BASE).startEpochUs()).isEqualTo(1_767_225_600_000_000L);
        assertThat(load("start: 2026-01-01\n" + BASE).startEpochUs()).isEqualTo(1_767_225_600_000_000L);
        fails("start: soon\n" + BASE, "s.yaml:1: 'start' must be a date and time such as 2026-01-01T00:00:00Z, not 'soon'");
    }
}
