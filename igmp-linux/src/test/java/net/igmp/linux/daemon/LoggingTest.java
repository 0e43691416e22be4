package net.igmp.linux.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.igmp.linux.daemon.Logging.Format;
import net.igmp.linux.daemon.Logging.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
    static final Logger LOG = LoggerFactory.getLogger(RouterDaemon.class);

    @AfterEach
    void back() {
        Logging.configure(LogLevel.INFO, Format.PLAIN, System.out);
    }

    private static List<String> logged(LogLevel level, Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logging.configure(level, format, out);
        LOG.error("cannot add VIF 3");
        LOG.warn("interface lan0 is down");
        LOG.info("interface lan0 up: index 3, address 10.97.0.1, VIF 1");
        LOG.debug("new source 10.0.0.2 for 239.1.1.1 on VIF 0");
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aPlainLineIsAnIsoTimestampTheLevelAndTheMessage() {
        Instant before = Instant.now();
        List<String> lines = logged(LogLevel.INFO, Format.PLAIN);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z info interface lan0 up: index 3, address 10.97.0.1, VIF 1");
        assertThat(lines.get(0)).endsWith("Z error cannot add VIF 3");
        assertThat(lines.get(1)).endsWith("Z warn interface lan0 is down");
        Instant stamped = Instant.parse(lines.get(0).substring(0, lines.get(0).indexOf(' ')));
        assertThat(Duration.between(before, stamped)).isBetween(Duration.ofSeconds(-1), Duration.ofSeconds(5));
    }

    @Test
    void theJournalFormIsASyslogPriorityAndTheMessageWithoutATimestamp() {
        assertThat(logged(LogLevel.DEBUG, Format.JOURNAL)).containsExactly(
                "<3>cannot add VIF 3",
                "<4>interface lan0 is down",
                "<6>interface lan0 up: index 3, address 10.97.0.1, VIF 1",
                "<7>new source 10.0.0.2 for 239.1.1.1 on VIF 0");
    }

    @Test
    void theLevelFiltersLessSevereEvents() {
        assertThat(logged(LogLevel.ERROR, Format.JOURNAL)).containsExactly("<3>cannot add VIF 3");
        assertThat(logged(LogLevel.WARN, Format.JOURNAL)).containsExactly("<3>cannot add VIF 3", "<4>interface lan0 is down");
        assertThat(logged(LogLevel.INFO, Format.JOURNAL)).hasSize(3).noneMatch(l -> l.startsWith("<7>"));
        assertThat(logged(LogLevel.DEBUG, Format.PLAIN)).hasSize(4).last().asString().endsWith("Z debug new source 10.0.0.2 for 239.1.1.1 on VIF 0");
    }

    @Test
    void anEventWithLineBreaksOrAnExceptionStaysOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logging.configure(LogLevel.INFO, Format.JOURNAL, out);
        LOG.error("internal error\nsecond line", new IllegalStateException("broken"));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).singleElement().asString().startsWith("<3>internal error | second line: java.lang.IllegalStateException: broken | ");
    }

    @Test
    void theJournalFormIsChosenUnderSystemdOnly() {
        assertThat(Format.detect(Map.of("JOURNAL_STREAM", "8:12345"), false)).isEqualTo(Format.JOURNAL);
        assertThat(Format.detect(Map.of("JOURNAL_STREAM", "8:12345"), true)).as("a terminal under systemd-run --pty").isEqualTo(Format.PLAIN);
        assertThat(Format.detect(Map.of(), false)).as("redirected to a file").isEqualTo(Format.PLAIN);
        assertThat(Format.detect(Map.of(), true)).isEqualTo(Format.PLAIN);
    }
}
