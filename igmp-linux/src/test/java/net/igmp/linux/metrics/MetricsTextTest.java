package net.igmp.linux.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.igmp.linux.metrics.MetricsText.Type;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        String text = new MetricsText().family("igmp_groups", Type.GAUGE, "Groups.")
                .sample("igmp_groups", 3, "interface", "a\\b\"c\nd").render();
        assertThat(text).contains("igmp_groups{interface=\"a\\\\b\\\"c\\nd\"} 3\n");
        // the sample stays on one line
        assertThat(text.lines().filter(l -> l.startsWith("igmp_groups")).count()).isEqualTo(1);
    }

    @Test
    void helpEscapesBackslashAndNewlineButNotQuotes() {
        String text = new MetricsText().family("x_total", Type.COUNTER, "a \"b\" c\\d\ne").render();
        assertThat(text).startsWith("# HELP x_total a \"b\" c\\\\d\\ne\n# TYPE x_total counter\n");
    }

    @Test
    void oneHelpAndTypePerFamilyWithItsSamplesTogetherWhateverTheOrderAdded() {
        MetricsText m = new MetricsText()
                .family("igmp_messages_received_total", Type.COUNTER, "Received.")
                .family("igmp_groups", Type.GAUGE, "Groups.");
        m.sample("igmp_messages_received_total", 5, "interface", "lan0", "type", "v3-report");
        m.sample("igmp_groups", 2, "interface", "lan0");
        m.sample("igmp_messages_received_total", 1, "interface", "lan1", "type", "leave");
        m.family("igmp_groups", Type.GAUGE, "Groups."); // declared again: still one family
        List<String> lines = m.render().lines().toList();
        assertThat(lines).containsExactly(
                "# HELP igmp_messages_received_total Received.",
                "# TYPE igmp_messages_received_total counter",
                "igmp_messages_received_total{interface=\"lan0\",type=\"v3-report\"} 5",
                "igmp_messages_received_total{interface=\"lan1\",type=\"leave\"} 1",
                "# HELP igmp_groups Groups.",
                "# TYPE igmp_groups gauge",
                "igmp_groups{interface=\"lan0\"} 2");
        assertThat(lines.stream().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).distinct().count())
                .isEqualTo(lines.stream().filter(l -> l.startsWith("# TYPE ")).count());
    }

    @Test
    void valuesInTheFormatsPrometheusReads() {
        MetricsText m = new MetricsText().family("g", Type.GAUGE, "g");
        m.sample("g", 1.5, "k", "a").sample("g", 2.0, "k", "b").sample("g", Double.NaN, "k", "c")
                .sample("g", Double.POSITIVE_INFINITY, "k", "d").sample("g", Double.NEGATIVE_INFINITY, "k", "e")
                .sample("g", Long.MAX_VALUE, "k", "f").sample("g", 1795624997.98, "k", "g");
        assertThat(Arrays.stream(m.render().split("\n")).filter(l -> l.startsWith("g{")).map(l -> l.substring(l.indexOf(' ') + 1)))
                .containsExactly("1.5", "2", "NaN", "+Inf", "-Inf", "9223372036854775807", "1795624997.98");
    }

    @Test
    void misuseIsRefused() {
        MetricsText m = new MetricsText().family("c_total", Type.COUNTER, "c");
        assertThatThrownBy(() -> m.family("c_total", Type.GAUGE, "c")).hasMessageContaining("already a counter");
        assertThatThrownBy(() -> m.family("bad-name", Type.GAUGE, "x")).hasMessageContaining("invalid metric name");
        assertThatThrownBy(() -> m.sample("undeclared", 1)).hasMessageContaining("undeclared");
        assertThatThrownBy(() -> m.sample("c_total", 1, "interface")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> m.sample("c_total", 1, "__name__", "x")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> m.sample("c_total", 1, "1x", "x")).hasMessageContaining("invalid label name");
    }
}
