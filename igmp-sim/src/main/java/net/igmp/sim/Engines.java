package net.igmp.sim;

import java.util.random.RandomGenerator;

/** Makes the protocol engines for simulated nodes. {@link EngineAdapters} makes the real ones. */
public interface Engines {

    /** A host engine for {@code host}, with its own random generator (report delays). */
    HostProtocol host(Scenario.Host host, RandomGenerator random, long nowMs);

    /** A router engine for {@code router}, started (or restarted after a crash) at {@code nowMs}. */
    RouterProtocol router(Scenario.Router router, RandomGenerator random, long nowMs);
}
