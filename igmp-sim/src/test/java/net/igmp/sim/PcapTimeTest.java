package net.igmp.sim;

import net.igmp.wire.pcap.Frame;
import net.igmp.wire.pcap.PcapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Captures in time order, even of a duplicating, reordering segment, stamped from the scenario's start. */
class PcapTimeTest {

    private static List<Frame> lossyCapture(Path dir, String start) throws Exception {
        Scenario sc = ScenarioLoader.parse(start + SimulationCoreTest.scenario(", latency: 2ms, loss: 0.15, duplicate: 0.3, reorder: 0.3, reorderDelay: 5ms"),
                "lossy.yaml");
        new Simulation(sc, EngineAdapters.real(), Simulation.Options.QUIET.withPcap(dir)).run();
        return PcapReader.readAll(dir.resolve("lan1.pcap"));
    }

    @Test
    void aDuplicatingSegmentsCaptureNeverGoesBackInTime(@TempDir Path dir) throws Exception {
        List<Frame> frames = lossyCapture(dir, "");
        assertThat(frames).hasSizeGreaterThan(1000);
        int duplicates = 0;
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).epochNanos()).as("frame %d", i + 1).isGreaterThanOrEqualTo(frames.get(i - 1).epochNanos());
            if (Arrays.equals(frames.get(i).data(), frames.get(i - 1).data())) duplicates++;
        }
        assertThat(duplicates).as("the segment duplicates frames").isGreaterThan(100);
        // No start in the file: 2000-01-01T00:00:00Z, not 1970.
        assertThat(frames.getFirst().epochNanos()).isEqualTo(Scenario.DEFAULT_START_EPOCH_US * 1000);
    }

    @Test
    void theScenarioSetsTheStart(@TempDir Path dir) throws Exception {
        List<Frame> frames = lossyCapture(dir, "start: 2026-01-01T00:00:00Z\n");
        assertThat(frames.getFirst().epochNanos()).isEqualTo(1_767_225_600_000_000_000L);
        assertThat(frames.getLast().epochNanos()).isLessThan(1_767_225_600_000_000_000L + 40_000_000_000L);
    }

    @Test
    void capinfosFindsStrictTimeOrder(@TempDir Path dir) throws Exception {
        assumeTrue(Tools.onPath("capinfos") || "true".equals(System.getenv("CI")), "capinfos is not installed (package wireshark-common)");
        lossyCapture(dir, "");
        Tools.Result t = Tools.run("capinfos", "-o", "-a", dir.resolve("lan1.pcap").toString());
        assertThat(t.out()).contains("Strict time order:   True").contains("First packet time:   2000-01-01 00:00:00");
    }
}
