package net.igmp.sim;

import net.igmp.core.FilterMode;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.RecordType;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scenario {@code switch} on an IGMPv3 host: one State-Change Report carries both records (RFC 9776 section 5.1),
 * so the router starts the new group and stops the old one at the same instant.
 */
class ChannelSwitchTest {

    static final String SCENARIO = """
            name: switch
            seed: 5
            duration: 8s
            segments:
              - {name: up}
              - {name: lan}
            routers:
              - name: r1
                interfaces:
                  - {segment: up, address: 10.0.0.1/24}
                  - {segment: lan, address: 10.1.1.1/24}
            hosts:
              - {name: h1, segment: lan, address: 10.1.1.11/24, version: 3}
              - {name: idle, segment: lan, address: 10.1.1.12/24, version: 3}
            sources:
              - {name: tv, segment: up, address: 10.0.0.2/24, groups: [239.1.1.1, 239.1.1.2], rate: 1000}
            events:
              - {at: 1s, host: h1, join: 239.1.1.1}
              - {at: 5s, host: h1, switch: {from: 239.1.1.1, to: 239.1.1.2}}
            """;

    record Sent(long atMs, IgmpMessage message) {}

    /** The real engines, with every message the hosts send noted. */
    static final class Watching implements Engines {
        final List<Sent> sent = new ArrayList<>();
        final long[] clock = new long[1];

        @Override
        public HostProtocol host(Scenario.Host host, RandomGenerator random, long nowMs) {
            HostProtocol real = EngineAdapters.real().host(host, random, nowMs);
            return new HostProtocol() {
                @Override public void listen(long now, int group, FilterMode mode, int[] sources) { clock[0] = now; real.listen(now, group, mode, sources); }
                @Override public void switchGroup(long now, int oldGroup, int newGroup, FilterMode mode, int[] sources) {
                    clock[0] = now;
                    real.switchGroup(now, oldGroup, newGroup, mode, sources);
                }
                @Override public void receive(long now, int source, int destination, IgmpMessage m) { clock[0] = now; real.receive(now, source, destination, m); }
                @Override public Transmit pollTransmit() {
                    Transmit t = real.pollTransmit();
                    if (t != null) sent.add(new Sent(clock[0], t.message()));
                    return t;
                }
                @Override public long nextDeadlineMs() { return real.nextDeadlineMs(); }
                @Override public void handleTimeout(long now) { clock[0] = now; real.handleTimeout(now); }
                @Override public void configure(long now, String key, String value) { real.configure(now, key, value); }
            };
        }

        @Override
        public RouterProtocol router(Scenario.Router router, RandomGenerator random, long nowMs) {
            return EngineAdapters.real().router(router, random, nowMs);
        }
    }

    static void assertSwitchReport(IgmpMessage m) {
        assertThat(m).isInstanceOfSatisfying(V3MembershipReport.class, r -> {
            assertThat(r.records()).extracting(GroupRecord::recordType, GroupRecord::group).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(RecordType.CHANGE_TO_INCLUDE_MODE, Ipv4.parse("239.1.1.1")),
                    org.assertj.core.groups.Tuple.tuple(RecordType.CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("239.1.1.2")));
            assertThat(r.records()).allSatisfy(g -> assertThat(g.sources().isEmpty()).isTrue());
        });
    }

    @Test
    void aV3SwitchIsOneReportAndTheRouterSwapsGroupsAtOnce() {
        Watching engines = new Watching();
        SimResult r = new Simulation(ScenarioLoader.parse(SCENARIO, "switch.yaml"), engines, Simulation.Options.FULL).run();
        assertThat(r.violations()).isEmpty();

        // On the wire: exactly one report from h1 at the switch instant, naming both groups.
        List<SimResult.Message> atSwitch = r.messages().stream()
                .filter(m -> m.segment().equals("lan") && m.src().equals("10.1.1.11") && m.atMs() == 5_000.0).toList();
        assertThat(atSwitch).hasSize(1);
        assertThat(atSwitch.getFirst().type()).isEqualTo("v3-report");
        assertThat(((V3MembershipReport) atSwitch.getFirst().message()).records()).extracting(g -> Ipv4.format(g.group()))
                .containsExactlyInAnyOrder("239.1.1.1", "239.1.1.2");

        // Its records: TO_IN({}) for the old group, TO_EX({}) for the new one; the retransmissions carry both too
        // (RFC 9776 section 5.1: Robustness Variable copies in all).
        List<Sent> fromSwitch = engines.sent.stream().filter(s -> s.atMs() >= 5_000).toList();
        assertThat(fromSwitch).hasSize(2); // robustness 2: the report and one retransmission, nothing else before 8 s
        assertThat(fromSwitch.get(0).atMs()).isEqualTo(5_000);
        assertThat(fromSwitch.get(1).atMs()).isBetween(5_000L, 6_000L);
        fromSwitch.forEach(s -> assertSwitchReport(s.message()));

        // The router: the new group starts and the old one stops at the same instant, the report's arrival.
        double start = storyTime(r, "r1 lan: 239.1.1.2 EXCLUDE {}");
        double stop = storyTime(r, "r1 lan: 239.1.1.1 none");
        assertThat(start).isEqualTo(stop).isEqualTo(5_000.1);
        // The LAN's traffic follows (datagrams every millisecond).
        SimResult.SegmentTraffic oldCh = carried(r, "239.1.1.1"), newCh = carried(r, "239.1.1.2");
        assertThat(oldCh.lastMs()).isBetween(4_999.0, 5_000.1);
        assertThat(newCh.firstMs()).isBetween(5_000.1, 5_001.2);
        assertThat(r.story()).extracting(SimResult.StoryLine::text).contains("h1 switches from 239.1.1.1 to 239.1.1.2")
                .doesNotContain("h1 leaves 239.1.1.1", "h1 joins 239.1.1.2");
    }

    static double storyTime(SimResult r, String text) {
        List<SimResult.StoryLine> l = r.story().stream().filter(s -> s.text().equals(text)).toList();
        assertThat(l).as(text).hasSize(1);
        return l.getFirst().atMs();
    }

    static SimResult.SegmentTraffic carried(SimResult r, String group) {
        return r.segments().stream().filter(t -> t.segment().equals("lan") && t.group().equals(group)).findFirst().orElseThrow();
    }

    @Test
    void aSwitchToTheSameGroupIsAnError() {
        String y = SCENARIO.replace("to: 239.1.1.2}", "to: 239.1.1.1}");
        try {
            ScenarioLoader.parse(y, "switch.yaml");
            throw new AssertionError("expected an error");
        } catch (ScenarioException e) {
            assertThat(e.getMessage()).isEqualTo("switch.yaml:19: 'switch' goes from and to the same group 239.1.1.1");
        }
    }
}
