package net.igmp.cli;

import static net.igmp.cli.SimulateCommandTest.igmp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One message, one description: what {@code igmp simulate} says it sent on a segment ({@code --messages} and the
 * story) is what {@code igmp decode} reads back from that segment's capture (JSON and text), message by message.
 */
class VocabularyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCENARIO = """
            name: vocabulary
            seed: 3
            duration: 20s
            segments:
              - {name: up}
              - {name: lan}
            routers:
              - name: r1
                interfaces:
                  - {segment: up, address: 10.0.0.1/24}
                  - {segment: lan, address: 10.1.1.1/24, explicitTracking: false}
            hosts:
              - {name: h1, segment: lan, address: 10.1.1.11/24, version: 1}
              - {name: h2, segment: lan, address: 10.1.1.12/24, version: 2}
              - {name: h3, segment: lan, address: 10.1.1.13/24, version: 3}
              - {name: h4, segment: lan, address: 10.1.1.14/24, version: 3}
            sources:
              - {name: s, segment: up, address: 10.0.0.2/24, group: 232.1.1.1, rate: 10}
            events:
              - {at: 1s, host: h1, join: 239.1.1.1}
              - {at: 1s, host: h2, join: 239.1.1.2}
              - {at: 2s, host: h3, join: 239.1.1.3}
              - {at: 2s, host: h4, join: 232.1.1.1, sources: [10.0.0.2]}
              - {at: 6s, host: h2, leave: 239.1.1.2}
              - {at: 7s, host: h3, leave: 239.1.1.3}
              - {at: 8s, host: h4, leave: 232.1.1.1}
            """;

    @TempDir
    static Path dir;
    static JsonNode sim;
    static List<String> story;
    static Path capture;

    @BeforeAll
    static void run() throws Exception {
        Path file = dir.resolve("vocabulary.yaml");
        Files.writeString(file, SCENARIO);
        var json = igmp("simulate", file.toString(), "--json", "--messages");
        assertThat(json.exit()).as(json.err()).isZero();
        sim = JSON.readTree(json.out());
        var text = igmp("simulate", file.toString(), "--pcap", dir.resolve("caps").toString());
        assertThat(text.exit()).as(text.err()).isZero();
        story = text.out().lines().toList();
        capture = dir.resolve("caps").resolve("lan.pcap");
    }

    static List<JsonNode> simMessages(String segment) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : sim.get("messages")) if (m.get("segment").asText().equals(segment)) out.add(m);
        return out;
    }

    @Test
    void simulateMessagesAndDecodeJsonDescribeEachMessageAlike() throws Exception {
        List<JsonNode> sent = simMessages("lan");
        var decoded = igmp("decode", "--pcap", capture.toString(), "--json");
        assertThat(decoded.exit()).as(decoded.err()).isZero();
        List<String> lines = decoded.out().lines().toList();
        assertThat(lines).hasSameSizeAs(sent);
        assertThat(sent).extracting(m -> m.get("type").asText())
                .contains("query", "v1-report", "v2-report", "v3-report", "leave");
        for (int i = 0; i < sent.size(); i++) {
            ObjectNode d = (ObjectNode) JSON.readTree(lines.get(i));
            ObjectNode s = sent.get(i).deepCopy();
            assertThat(d.get("ip").get("src")).isEqualTo(s.get("src"));
            assertThat(d.get("ip").get("dst")).isEqualTo(s.get("dst"));
            d.remove(List.of("frame", "time", "timestamp", "checksumValid", "ip"));
            s.remove(List.of("atMs", "segment", "src", "dst"));
            assertThat(d).as("message %d", i).isEqualTo(s);
        }
    }

    @Test
    void theStoryAndDecodeTextSayTheSameAndStartWithTheJsonType() {
        Pattern storyLine = Pattern.compile("^\\s*\\S+\\s+lan\\s+\\S+ \\S+ > \\S+  (.*)$");
        List<String> told = new ArrayList<>();
        for (String l : story) {
            Matcher m = storyLine.matcher(l);
            if (m.matches()) told.add(m.group(1));
        }
        var decoded = igmp("decode", "--pcap", capture.toString());
        Pattern decodeLine = Pattern.compile("^.*-> \\S+\\s+(.*)$");
        List<String> read = new ArrayList<>();
        for (String l : decoded.out().lines().toList()) {
            Matcher m = decodeLine.matcher(l);
            if (m.matches()) read.add(m.group(1));
        }
        assertThat(told).isEqualTo(read);
        List<JsonNode> sent = simMessages("lan");
        assertThat(told).hasSameSizeAs(sent);
        for (int i = 0; i < told.size(); i++) {
            JsonNode m = sent.get(i);
            String expected = m.get("type").asText() + (m.has("kind") ? " v" + m.get("version").asInt() + " " + m.get("kind").asText() : "");
            assertThat(told.get(i)).matches(Pattern.quote(expected) + "[ ,].*");
            for (JsonNode r : m.path("records")) assertThat(told.get(i)).contains(r.get("type").asText() + "(" + r.get("group").asText() + ", ");
        }
    }

    @Test
    void aV3JoinAndLeaveDifferInMessagesAndQueriesSayTheirKind() {
        List<JsonNode> h3 = simMessages("lan").stream().filter(m -> m.get("src").asText().equals("10.1.1.13")).toList();
        JsonNode join = h3.stream().filter(m -> m.get("atMs").asDouble() == 2000).findFirst().orElseThrow();
        JsonNode leave = h3.stream().filter(m -> m.get("atMs").asDouble() == 7000).findFirst().orElseThrow();
        assertThat(join.get("type").asText()).isEqualTo("v3-report");
        assertThat(leave.get("type").asText()).isEqualTo("v3-report");
        assertThat(join.get("records").toString()).isEqualTo("[{\"type\":\"TO_EX\",\"group\":\"239.1.1.3\",\"sources\":[]}]");
        assertThat(leave.get("records").toString()).isEqualTo("[{\"type\":\"TO_IN\",\"group\":\"239.1.1.3\",\"sources\":[]}]");

        List<JsonNode> h4 = simMessages("lan").stream().filter(m -> m.get("src").asText().equals("10.1.1.14")).toList();
        assertThat(h4.getFirst().get("records").toString()).isEqualTo("[{\"type\":\"ALLOW\",\"group\":\"232.1.1.1\",\"sources\":[\"10.0.0.2\"]}]");
        assertThat(h4).anySatisfy(m -> assertThat(m.get("records").toString())
                .isEqualTo("[{\"type\":\"BLOCK\",\"group\":\"232.1.1.1\",\"sources\":[\"10.0.0.2\"]}]"));

        List<JsonNode> queries = simMessages("lan").stream().filter(m -> m.get("type").asText().equals("query")).toList();
        assertThat(queries).anySatisfy(q -> {
            assertThat(q.get("kind").asText()).isEqualTo("general");
            assertThat(q.get("group").asText()).isEqualTo("0.0.0.0");
        }).anySatisfy(q -> {
            assertThat(q.get("kind").asText()).isEqualTo("group-specific");
            assertThat(q.get("group").asText()).isEqualTo("239.1.1.3");
            assertThat(q.get("sources")).isEmpty();
        }).anySatisfy(q -> {
            assertThat(q.get("kind").asText()).isEqualTo("group-and-source-specific");
            assertThat(q.get("group").asText()).isEqualTo("232.1.1.1");
            assertThat(q.get("sources").toString()).isEqualTo("[\"10.0.0.2\"]");
        });
    }

    @Test
    void jsonHasMembershipAndQuerierChanges() {
        List<String> h3 = new ArrayList<>(), r1 = new ArrayList<>();
        for (JsonNode m : sim.get("memberships")) {
            if (!m.get("group").asText().equals("239.1.1.3")) continue;
            String what = m.get("atMs").asDouble() + " " + m.get("segment").asText() + " " + m.get("member").asBoolean() + " "
                    + m.get("filterMode").asText() + " " + m.get("sources");
            if (m.has("host")) {
                assertThat(m.get("host").asText()).isEqualTo("h3");
                h3.add(what);
            } else {
                assertThat(m.get("router").asText()).isEqualTo("r1");
                r1.add(what);
            }
        }
        assertThat(h3).containsExactly("2000.0 lan true EXCLUDE []", "7000.0 lan false INCLUDE []");
        // The router keeps the group from the join until the last member query goes unanswered (LMQT 2 s).
        assertThat(r1).hasSize(2);
        assertThat(r1.getFirst()).startsWith("2000.").endsWith(" lan true EXCLUDE []");
        assertThat(r1.getLast()).startsWith("9000.").endsWith(" lan false INCLUDE []");
        assertThat(sim.get("memberships")).anySatisfy(m -> {
            assertThat(m.path("host").asText()).isEqualTo("h4");
            assertThat(m.get("filterMode").asText()).isEqualTo("INCLUDE");
            assertThat(m.get("sources").toString()).isEqualTo("[\"10.0.0.2\"]");
        });
        assertThat(sim.get("querierChanges")).anySatisfy(q -> assertThat(q.toString())
                .isEqualTo("{\"atMs\":0.0,\"segment\":\"lan\",\"router\":\"r1\",\"querier\":\"10.1.1.1\",\"self\":true}"));
    }
}
