package net.igmp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import net.igmp.linux.control.ControlClient;
import net.igmp.linux.control.ControlServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code igmp show interfaces|groups|sources|routes|stats|metrics}: a running daemon's state, as tables or JSON;
 * {@code metrics} in the Prometheus text format.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows the state of a running 'igmp router': tables, JSON or metrics.", "",
                "Asks the daemon through its control socket; tables in the style of FRR's 'show ip igmp ...', "
                        + "--json for the daemon's JSON document, 'metrics' for the Prometheus text format."},
        footer = {"", "Examples:", "  igmp show groups", "  igmp show groups --json", "  igmp show stats --control /tmp/igmp.sock", "  igmp show metrics"})
public final class ShowCommand implements Callable<Integer> {

    enum Topic { interfaces, groups, sources, routes, stats, metrics, querier }

    @Parameters(index = "0", paramLabel = "TOPIC", description = "One of: ${COMPLETION-CANDIDATES}.")
    Topic topic;

    @Option(names = "--json", description = "Print the daemon's JSON document instead of a table.")
    boolean json;

    @Option(names = "--control", paramLabel = "PATH", description = "The daemon's control socket (default: ${DEFAULT-VALUE}).")
    Path control = ControlServer.DEFAULT_PATH;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        String reply = ControlClient.request(control, "show " + topic.name());
        if (topic == Topic.metrics && !reply.startsWith("{")) {
            System.out.println(reply); // already the Prometheus text format; --json does not apply
            return 0;
        }
        JsonNode doc = JSON.readTree(reply);
        if (doc.has("error")) throw new Main.Failure(1, doc.get("error").asText());
        if (json) {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            return 0;
        }
        System.out.print(render(topic, doc));
        return 0;
    }

    static String render(Topic topic, JsonNode doc) {
        return switch (topic) {
            case interfaces -> interfaces(doc);
            case groups -> groups(doc);
            case sources -> sources(doc);
            case routes -> routes(doc);
            case stats -> stats(doc);
            case metrics -> doc.toString();
            case querier -> querier(doc);
        };
    }

    private static String querier(JsonNode doc) {
        Table t = new Table("Interface", "Querier", "Us", "Since", "V", "QRV", "QQI", "Query In", "Other Querier", "Untrusted");
        for (JsonNode i : doc.path("querier")) {
            boolean us = i.path("us").asBoolean();
            String who = i.path("querierAddress").isNull() ? "(none heard)" : i.path("querierAddress").asText();
            t.row(i.path("interface").asText(), who, us ? "yes" : i.path("neverQuerier").asBoolean() ? "never" : "no",
                    clock(i.path("sinceMs").asLong()), text(i, "version"), text(i, "robustness"),
                    i.path("queryIntervalMs").asLong() / 1000 + "s", us ? clock(i.path("generalQueryInMs").asLong()) : "-",
                    i.path("otherQuerierPresentInMs").asLong() > 0 ? clock(i.path("otherQuerierPresentInMs").asLong()) : "-",
                    i.path("untrustedQueries").asText());
        }
        return t.toString();
    }

    private static String interfaces(JsonNode doc) {
        Table t = new Table("Interface", "Role", "State", "Address", "VIF", "V", "Querier", "Querier Address", "Groups",
                "Query In", "Other Querier", "Uptime");
        for (JsonNode i : doc.path("interfaces")) {
            boolean up = i.path("state").asText().equals("up");
            t.row(i.path("name").asText(), i.path("role").asText(), i.path("state").asText(),
                    up ? i.path("address").asText() : "-", up ? i.path("vif").asText() : "-", text(i, "version"),
                    i.has("querier") ? (i.path("querier").asBoolean() ? "local" : "other") : "-", text(i, "querierAddress"),
                    text(i, "groups"), i.has("generalQueryInMs") && i.path("querier").asBoolean() ? clock(i.path("generalQueryInMs").asLong()) : "-",
                    i.path("otherQuerierPresentInMs").asLong() > 0 ? clock(i.path("otherQuerierPresentInMs").asLong()) : "-",
                    up ? clock(i.path("uptimeMs").asLong()) : "-");
        }
        StringBuilder sb = new StringBuilder();
        if (doc.has("dataPlane")) sb.append("Data plane: ").append(doc.path("dataPlane").asText()).append('\n');
        sb.append(t);
        for (JsonNode i : doc.path("interfaces"))
            if (i.has("reason")) sb.append(i.path("name").asText()).append(": ").append(i.path("reason").asText()).append('\n');
        return sb.toString();
    }

    private static String groups(JsonNode doc) {
        Table t = new Table("Interface", "Group", "Mode", "Timer", "Srcs", "V", "Uptime", "Reporters");
        for (JsonNode g : doc.path("groups")) {
            String mode = g.path("mode").asText().startsWith("EX") ? "EXCL" : "INCL";
            String reporters = String.valueOf(g.path("reporters").size());
            t.row(g.path("interface").asText(), g.path("group").asText(), mode,
                    mode.equals("EXCL") ? clock(g.path("timerMs").asLong()) : "--:--:--", String.valueOf(g.path("sources").size()),
                    text(g, "version"), clock(g.path("uptimeMs").asLong()), g.has("static") ? reporters + " + static" : reporters);
        }
        StringBuilder sb = new StringBuilder(t.toString());
        if (doc.has("upstream")) {
            Table u = new Table("Upstream", "Group", "Mode", "Sources");
            for (JsonNode g : doc.path("upstream"))
                u.row(g.path("interface").asText(), g.path("group").asText(), g.path("mode").asText().startsWith("EX") ? "EXCL" : "INCL", join(g.path("sources")));
            sb.append('\n').append(u);
        }
        return sb.toString();
    }

    private static String sources(JsonNode doc) {
        Table t = new Table("Interface", "Group", "Source", "Timer", "Fwd");
        for (JsonNode s : doc.path("sources"))
            t.row(s.path("interface").asText(), s.path("group").asText(), s.path("source").asText(),
                    clock(s.path("timerMs").asLong()), s.path("forwarded").asBoolean() ? "Y" : "N");
        return t.toString();
    }

    private static String routes(JsonNode doc) {
        Table t = new Table("Source", "Group", "Inbound", "Outbound", "Packets", "Uptime");
        for (JsonNode r : doc.path("routes"))
            t.row(r.path("source").asText(), r.path("group").asText(), r.path("inbound").asText(),
                    r.path("outbound").isEmpty() ? "(none)" : join(r.path("outbound")), r.path("packets").asText(), clock(r.path("uptimeMs").asLong()));
        return t.toString();
    }

    private static String stats(JsonNode doc) {
        StringBuilder sb = new StringBuilder();
        List<JsonNode> ifs = new ArrayList<>();
        doc.path("interfaces").forEach(ifs::add);
        for (String section : List.of("counters", "drops")) {
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode i : ifs) i.path(section).fieldNames().forEachRemaining(names::add);
            List<String> header = new ArrayList<>();
            header.add(section.equals("counters") ? "Message" : "Drop reason");
            for (JsonNode i : ifs) header.add(i.path("interface").asText());
            Table t = new Table(header.toArray(String[]::new));
            for (String n : names) {
                List<String> row = new ArrayList<>();
                row.add(section.equals("counters") ? n : n.toLowerCase().replace('_', '-'));
                long total = 0;
                for (JsonNode i : ifs) {
                    long v = i.path(section).path(n).asLong();
                    total += v;
                    row.add(String.valueOf(v));
                }
                if (total > 0 || section.equals("counters")) t.row(row.toArray(String[]::new));
            }
            sb.append(t).append('\n');
        }
        Table d = new Table("Daemon", "Count");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("daemon").fields(); it.hasNext(); ) {
            var e = it.next();
            d.row(e.getKey().replace('_', '-'), e.getValue().asText());
        }
        for (String extra : List.of("drops", "parseErrors"))
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path(extra).fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().asLong() > 0) d.row((extra.equals("drops") ? "drop " : "malformed ") + e.getKey().toLowerCase().replace('_', '-'), e.getValue().asText());
            }
        sb.append(d);
        return sb.toString();
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) && !n.path(field).isNull() ? n.path(field).asText() : "-";
    }

    private static String join(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(x -> out.add(x.asText()));
        return String.join(",", out);
    }

    /** hh:mm:ss, as FRR shows timers and uptimes. */
    static String clock(long ms) {
        long s = Math.max(0, ms) / 1000;
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Left-aligned columns two spaces apart. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        @Override
        public String toString() {
            int cols = rows.getFirst().length;
            int[] w = new int[cols];
            for (String[] r : rows) for (int c = 0; c < cols; c++) w[c] = Math.max(w[c], r[c].length());
            StringBuilder sb = new StringBuilder();
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < cols; c++) {
                    line.append(r[c]);
                    if (c < cols - 1) line.append(" ".repeat(w[c] - r[c].length() + 2));
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
            return sb.toString();
        }
    }
}
