package net.igmp.sim;

import java.util.List;
import java.util.Map;

/**
 * A whole simulated network and what happens in it: the model behind a scenario file. Times are in virtual
 * microseconds. {@code line} fields give the scenario file line, for error messages. {@code startEpochUs} is the
 * wall-clock moment virtual time 0 stands for (microseconds after 1970-01-01T00:00Z): captures carry it.
 */
public record Scenario(String name, long seed, long durationUs, List<Segment> segments, List<Router> routers,
                       List<Host> hosts, List<Source> sources, List<Event> events, long startEpochUs) {

    /** When a scenario does not say: 2000-01-01T00:00:00Z, fixed so that the same run writes the same captures. */
    public static final long DEFAULT_START_EPOCH_US = 946_684_800_000_000L;

    public Scenario(String name, long seed, long durationUs, List<Segment> segments, List<Router> routers,
                    List<Host> hosts, List<Source> sources, List<Event> events) {
        this(name, seed, durationUs, segments, routers, hosts, sources, events, DEFAULT_START_EPOCH_US);
    }

    public Scenario {
        segments = List.copyOf(segments);
        routers = List.copyOf(routers);
        hosts = List.copyOf(hosts);
        sources = List.copyOf(sources);
        events = List.copyOf(events);
    }

    /** The same scenario with another seed, for replays and sweeps. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, durationUs, segments, routers, hosts, sources, events, startEpochUs);
    }

    public Scenario withDuration(long us) {
        return new Scenario(name, seed, us, segments, routers, hosts, sources, events, startEpochUs);
    }

    /**
     * A LAN: a shared medium. {@code loss}, {@code duplicate} and {@code reorder} are probabilities per frame
     * (loss per receiver); a reordered frame is held back by up to {@code reorderDelayUs} more.
     */
    public record Segment(String name, long latencyUs, double loss, double duplicate, double reorder, long reorderDelayUs, int line) {
        public static final long DEFAULT_LATENCY_US = 100;

        public Segment(String name) {
            this(name, DEFAULT_LATENCY_US, 0, 0, 0, 1000, 0);
        }
    }

    /**
     * One router interface. {@code settings} carries any router-engine setting (version, queryInterval, robustness ...)
     * as written in the file; the engine adapter interprets them.
     */
    public record Interface(String segment, int address, int prefixLength, Map<String, String> settings, int line) {
        public Interface {
            settings = Map.copyOf(settings);
        }
    }

    /**
     * A router; {@code mode} is "router" or "proxy" (RFC 4605), {@code upstream} the upstream segment of a proxy.
     * {@code settings} apply to every interface unless the interface sets them itself.
     */
    public record Router(String name, String mode, String upstream, List<Interface> interfaces, Map<String, String> settings, int line) {
        public Router {
            interfaces = List.copyOf(interfaces);
            settings = Map.copyOf(settings);
        }

        public boolean proxy() {
            return "proxy".equals(mode);
        }

        public int upstreamIndex() {
            for (int i = 0; i < interfaces.size(); i++) if (interfaces.get(i).segment().equals(upstream)) return i;
            return -1;
        }
    }

    /** A host with one interface; {@code version} is the IGMP version it speaks (1, 2 or 3). */
    public record Host(String name, String segment, int address, int prefixLength, int version, Map<String, String> settings, int line) {
        public Host {
            settings = Map.copyOf(settings);
        }
    }

    /** A multicast source: sends {@code rate} datagrams per second to each of {@code groups} while active. */
    public record Source(String name, String segment, int address, int prefixLength, List<Integer> groups, double rate,
                         long startUs, long stopUs, int line) {
        public Source {
            groups = List.copyOf(groups);
        }
    }

    /** Something that happens at {@code atUs}. */
    public record Event(long atUs, Action action, int line) {}

    /** What an event does. */
    public sealed interface Action {
        /** Socket-level join: EXCLUDE {} for any source, INCLUDE {sources} for SSM, EXCLUDE {sources} to block some. */
        record Join(String host, int group, net.igmp.core.FilterMode mode, int[] sources) implements Action {}

        record Leave(String host, int group) implements Action {}

        /** Channel change: leave {@code from}, join {@code to}, at the same instant. */
        record Switch(String host, int from, int to) implements Action {}

        record SourceStart(String source) implements Action {}

        record SourceStop(String source) implements Action {}

        /** A link goes down or up: a router interface (segment named), a host's link, or a whole segment. */
        record Link(String node, String segment, boolean up) implements Action {}

        record Crash(String router) implements Action {}

        record Restart(String router) implements Action {}

        /** A configuration change on a router (one interface when {@code segment} is set) or a host. */
        record Configure(String node, String segment, Map<String, String> settings) implements Action {}
    }
}
