package net.igmp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.igmp.sim.SimResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run told as it goes: story lines as they come, a progress line on a terminal, and where --to-step stopped. */
class LiveRunTest {

    @Test
    void progressIsRedrawnInPlaceAtMostFiveTimesASecondAndErasedForTheStory() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        long[] clock = {0};
        LiveRun live = new LiveRun(new PrintWriter(out), new PrintWriter(err), true, () -> clock[0]);
        live.progress(1_000_000, 60_000_000, 1234);
        assertThat(err.toString()).isEqualTo("\rsimulating: 1.000s of 60.000s (1%), 1,234 steps\u001b[K");
        clock[0] += 100_000_000; // 0.1 s later: not yet
        live.progress(2_000_000, 60_000_000, 2000);
        assertThat(err.toString()).doesNotContain("2.000s");
        clock[0] += 150_000_000;
        live.progress(30_000_000, 60_000_000, 5000);
        assertThat(err.toString()).endsWith("\rsimulating: 30.000s of 60.000s (50%), 5,000 steps\u001b[K");
        int before = err.toString().length();
        live.story(List.of(new SimResult.StoryLine(1500, "h1 joins 239.1.1.1")));
        // Out of the way of the story's line, and back below it.
        assertThat(err.toString().substring(before)).isEqualTo("\r\u001b[K\rsimulating: 30.000s of 60.000s (50%), 5,000 steps\u001b[K");
        assertThat(out.toString()).isEqualTo("      1.500s  h1 joins 239.1.1.1\n");
        live.erase();
        live.erase();
        assertThat(err.toString()).endsWith("steps\u001b[K\r\u001b[K"); // erased once, not twice
        live.progress(30_123_456, 60_000_000, 5001); // at most five times a second
        assertThat(err.toString()).endsWith("steps\u001b[K\r\u001b[K");
        clock[0] += 200_000_000;
        live.progress(30_123_456, 60_000_000, 5001);
        assertThat(err.toString()).endsWith("\rsimulating: 30.100s of 60.000s (50%), 5,001 steps\u001b[K");
    }

    @Test
    void storyToAFileLeavesTheProgressLineAlone() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        LiveRun live = new LiveRun(new PrintWriter(out), new PrintWriter(err), false, () -> 0);
        live.progress(1_000_000, 60_000_000, 1);
        String shown = err.toString();
        live.story(List.of(new SimResult.StoryLine(1500, "h1 joins 239.1.1.1")));
        assertThat(err.toString()).isEqualTo(shown);
        assertThat(out.toString()).isEqualTo("      1.500s  h1 joins 239.1.1.1\n");
    }

    @Test
    void withoutATerminalThereIsNoProgress() {
        StringWriter out = new StringWriter();
        LiveRun live = new LiveRun(new PrintWriter(out), null, false, () -> 0);
        live.progress(1, 2, 3);
        live.erase();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void toStepSaysWhereTheRunStopped() throws Exception {
        String ssm = Path.of("..", "examples", "ssm.yaml").toString();
        SimulateCommandTest.Run r = SimulateCommandTest.igmp("simulate", ssm, "--to-step", "100");
        assertThat(r.out()).containsPattern("\nStopped after step 100 at [0-9.]+s of 40.000s \\(--to-step 100\\); the summary covers the run so far.\n");
        SimulateCommandTest.Run j = SimulateCommandTest.igmp("simulate", ssm, "--json", "--to-step", "100");
        new ObjectMapper().readTree(j.out()); // still one JSON object
        assertThat(j.err()).contains("igmp simulate: Stopped after step 100 at ");
        SimulateCommandTest.Run beyond = SimulateCommandTest.igmp("simulate", ssm, "--to-step", "99999999");
        assertThat(beyond.out()).containsPattern("The run ended at 40.000s after [0-9]+ steps, before step 99999999 \\(--to-step 99999999\\).");
    }

    @Test
    void theStoryIsPrintedOnceAndWhole() {
        String ssm = Path.of("..", "examples", "ssm.yaml").toString();
        String out = SimulateCommandTest.igmp("simulate", ssm).out();
        assertThat(out).startsWith("scenario 'source-specific multicast', seed 11, 40.000s of virtual time\n");
        assertThat(out.split("a starts receiving 232.1.1.1 from 10.0.0.11\n", -1)).hasSize(2);
        assertThat(out.indexOf("Deliveries per host and group")).isGreaterThan(out.lastIndexOf("stops receiving"));
    }
}
