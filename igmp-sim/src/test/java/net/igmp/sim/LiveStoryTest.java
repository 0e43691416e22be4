package net.igmp.sim;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The story told while the run goes on: the same lines as the result's, each once, most of them long before the end. */
class LiveStoryTest {

    /** Collects what a watcher hears, and at which virtual time the run stood when it heard it. */
    static final class Listener implements Simulation.Watcher {
        final List<SimResult.StoryLine> lines = new ArrayList<>();
        final List<Long> toldAtUs = new ArrayList<>();
        long progressCalls, lastProgressUs = -1;
        Simulation sim;

        @Override
        public void story(List<SimResult.StoryLine> told) {
            lines.addAll(told);
            for (int i = 0; i < told.size(); i++) toldAtUs.add(sim.nowUs());
        }

        @Override
        public void progress(long nowUs, long endUs, long steps) {
            assertThat(nowUs).isGreaterThanOrEqualTo(lastProgressUs).isLessThanOrEqualTo(endUs);
            lastProgressUs = nowUs;
            progressCalls++;
        }
    }

    static SimResult watched(Scenario sc, Listener l) {
        Simulation sim = new Simulation(sc, EngineAdapters.real(), Simulation.Options.FULL);
        l.sim = sim;
        sim.watch(l);
        return sim.run();
    }

    @Test
    void everyExampleToldAsItHappensMatchesTheWholeStory() throws Exception {
        for (Path f : ExamplesTest.scenarios()) {
            Scenario sc = ScenarioLoader.load(f);
            Listener l = new Listener();
            SimResult watched = watched(sc, l);
            SimResult unwatched = new Simulation(sc, EngineAdapters.real(), Simulation.Options.FULL).run();
            assertThat(l.lines).as(f.toString()).isEqualTo(watched.story());
            assertThat(watched.story()).as(f.toString()).isEqualTo(unwatched.story());
            // Half the story is out before the run is three quarters through.
            long early = l.toldAtUs.stream().filter(t -> t < sc.durationUs() * 3 / 4).count();
            assertThat(early).as(f.toString()).isGreaterThan(l.lines.size() / 2);
            if (!Partition.of(sc).single()) { // told window by window: a window may last a query interval
                assertThat(l.progressCalls).as(f.toString()).isGreaterThan(3);
                continue;
            }
            assertThat(l.progressCalls).as(f.toString()).isGreaterThan(10);
            // A line is told at most the longest gap (5 datagram periods, at least 50 ms) plus a beat after it happened.
            for (int i = 0; i < l.lines.size(); i++) {
                long at = Math.round(l.lines.get(i).atMs() * 1000);
                if (at < sc.durationUs() - 1_000_000)
                    assertThat(l.toldAtUs.get(i) - at).as(f + ": " + l.lines.get(i)).isLessThan(1_000_000);
            }
        }
    }

    @Test
    void aStreamThatStopsIsToldStoppedBeforeItResumes() {
        // querier-election: h1's traffic stops when the querier crashes and comes back 41 s later.
        Scenario sc = ScenarioLoader.load(ExamplesTest.EXAMPLES.resolve("querier-election.yaml"));
        Listener l = new Listener();
        watched(sc, l);
        int stop = -1;
        for (int i = 0; i < l.lines.size(); i++) if (l.lines.get(i).text().startsWith("h1 stops receiving")) { stop = i; break; }
        assertThat(stop).isNotNegative();
        assertThat(l.toldAtUs.get(stop)).isLessThan(Math.round(l.lines.get(stop).atMs() * 1000) + 1_000_000);
    }
}
