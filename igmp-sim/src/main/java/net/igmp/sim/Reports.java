package net.igmp.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human forms of a run: the story and summary for the terminal, and the HTML page with its SVG timeline. */
public final class Reports {
    private Reports() {}

    /** Colours of the timeline, named so that tests can look for them in a screenshot. */
    public static final String MEMBER = "#4a90d9", RECEIVE = "#2ca02c", CARRY = "#9467bd", ROUTER = "#ff7f0e",
            QUERY = "#d62728", REPORT = "#1f77b4", LEAVE = "#222222";

    /** The story, one line per happening, with its virtual time. */
    public static String story(SimResult r) {
        StringBuilder b = new StringBuilder(storyHeader(r.scenario(), r.seed(), Math.round(r.durationMs() * 1000)));
        for (SimResult.StoryLine l : r.story()) b.append(storyLine(l));
        return b.toString();
    }

    /** The story's first line, known before the run: to tell the story as it happens. */
    public static String storyHeader(String scenario, long seed, long durationUs) {
        return "scenario '" + scenario + "', seed " + seed + ", " + Durations.format(durationUs) + " of virtual time\n";
    }

    /** One line of the story, with its time. */
    public static String storyLine(SimResult.StoryLine l) {
        return String.format(Locale.ROOT, "%12s  %s%n", Durations.format(Math.round(l.atMs() * 1000)), l.text());
    }

    /** The summary: a table per host and group, the traffic per segment, the queriers, and the invariants. */
    public static String summary(SimResult r) {
        StringBuilder b = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"host", "group", "source", "first", "last", "received", "gaps"});
        for (SimResult.Delivery d : r.deliveries())
            rows.add(new String[]{d.host(), d.group(), d.source(), secs(d.firstMs()), secs(d.lastMs()), String.valueOf(d.received()), gaps(d)});
        b.append("\nDeliveries per host and group\n").append(table(rows));
        rows = new ArrayList<>();
        rows.add(new String[]{"segment", "group", "datagrams", "first", "last"});
        for (SimResult.SegmentTraffic t : r.segments())
            rows.add(new String[]{t.segment(), t.group(), String.valueOf(t.datagrams()), secs(t.firstMs()), secs(t.lastMs())});
        b.append("\nTraffic per segment\n").append(table(rows));
        rows = new ArrayList<>();
        rows.add(new String[]{"segment", "querier"});
        for (SimResult.QuerierInfo q : r.queriers()) rows.add(new String[]{q.segment(), q.address() == null ? "(none)" : q.address()});
        b.append("\nQueriers at the end\n").append(table(rows));
        if (r.violations().isEmpty()) {
            b.append("\nAll invariants held (").append(r.steps()).append(" steps).\n");
        } else {
            b.append("\n").append(r.violations().size()).append(" invariant violation(s):\n");
            for (SimResult.Violation v : r.violations())
                b.append("  step ").append(v.step()).append(" at ").append(secs(v.atMs())).append(": ").append(v.invariant())
                        .append(": ").append(v.detail()).append('\n');
        }
        return b.toString();
    }

    /** "none", or each outage as "12.300s-53.400s" (the last datagram before it, the first after). */
    private static String gaps(SimResult.Delivery d) {
        if (d.gaps().isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        for (SimResult.Gap g : d.gaps()) {
            if (!b.isEmpty()) b.append(", ");
            b.append(secs(g.fromMs())).append('-').append(secs(g.toMs()));
        }
        return b.toString();
    }

    private static String secs(double ms) {
        return Durations.format(Math.round(ms * 1000));
    }

    private static String table(List<String[]> rows) {
        int[] w = new int[rows.getFirst().length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            b.append("  ");
            for (int i = 0; i < row.length; i++) b.append(String.format("%-" + (w[i] + 2) + "s", row[i]));
            while (b.charAt(b.length() - 1) == ' ') b.setLength(b.length() - 1); // the last column needs no padding
            b.append('\n');
            if (k == 0 && rows.size() == 1) b.append("  (none)\n");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ HTML

    private static final int LABEL_W = 260, PLOT_W = 1000, ROW_H = 22, TOP = 40;

    /** A self-contained HTML page: the SVG timeline, the summary and the story. */
    public static String html(SimResult r) {
        SimResult.Timeline tl = r.timeline();
        // Rows in order: hosts' groups, routers' groups, segments' groups, then one row of messages per segment.
        Map<String, String> rows = new LinkedHashMap<>();
        for (String kind : List.of("member", "receive", "router", "carry"))
            for (SimResult.Bar bar : tl.bars()) if (bar.kind().equals(kind)) rows.putIfAbsent(rowKey(bar), bar.row());
        for (SimResult.Mark m : tl.marks()) rows.putIfAbsent("messages " + m.row(), m.row() + " IGMP");
        List<String> keys = sortRows(rows);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String k : keys) index.put(k, index.size());
        double dur = Math.max(1, r.durationMs());
        int height = TOP + ROW_H * keys.size() + 30;
        int width = LABEL_W + PLOT_W + 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        // Time axis with about ten ticks.
        double step = niceStep(dur / 10);
        for (double t = 0; t <= dur + 1e-9; t += step) {
            double x = LABEL_W + t / dur * PLOT_W;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dddddd\"/>%n", x, TOP - 8, x, height - 30));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%s</text>%n", x, TOP - 12, axisLabel(t)));
        }
        for (String k : keys) {
            int y = TOP + ROW_H * index.get(k);
            if (index.get(k) % 2 == 0)
                s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f6f6f6\"/>%n", y, width, ROW_H));
            s.append(String.format(Locale.ROOT, "<text x=\"6\" y=\"%d\" fill=\"#222222\">%s</text>%n", y + 15, esc(rows.get(k))));
        }
        // Reception last: it is drawn inside the membership bar of its row and must stay visible on top of it.
        List<SimResult.Bar> drawOrder = new ArrayList<>(tl.bars());
        drawOrder.sort(java.util.Comparator.comparing(bar -> bar.kind().equals("receive")));
        for (SimResult.Bar bar : drawOrder) {
            int y = TOP + ROW_H * index.get(rowKey(bar));
            double x1 = LABEL_W + bar.startMs() / dur * PLOT_W, x2 = LABEL_W + bar.endMs() / dur * PLOT_W;
            double w = Math.max(1.5, x2 - x1);
            String colour = switch (bar.kind()) {
                case "member" -> MEMBER;
                case "receive" -> RECEIVE;
                case "router" -> ROUTER;
                default -> CARRY;
            };
            // Membership is the full row height; reception a narrower band inside it.
            int inset = bar.kind().equals("receive") ? 8 : 3;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s %s-%s</title></rect>%n",
                    x1, y + inset, w, ROW_H - 2 * inset, colour, esc(bar.row()), bar.kind(), secs(bar.startMs()), secs(bar.endMs())));
        }
        for (SimResult.Mark m : tl.marks()) {
            int y = TOP + ROW_H * index.get("messages " + m.row());
            double x = LABEL_W + m.atMs() / dur * PLOT_W;
            String colour = switch (m.kind()) {
                case "query" -> QUERY;
                case "leave" -> LEAVE;
                default -> REPORT;
            };
            int y1 = m.kind().equals("query") ? y + 2 : y + 8;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"3\" height=\"%d\" fill=\"%s\"/>%n", x - 1, y1, ROW_H - (y1 - y) - 2, colour));
        }
        // Legend.
        int ly = height - 14, lx = LABEL_W;
        for (String[] item : new String[][]{{MEMBER, "host is a member"}, {RECEIVE, "host receives"}, {ROUTER, "router keeps state"},
                {CARRY, "segment carries the group"}, {QUERY, "query"}, {REPORT, "report"}, {LEAVE, "leave"}}) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    lx, ly - 10, item[0], lx + 16, ly, item[1]));
            lx += 30 + item[1].length() * 7;
        }
        s.append("</svg>\n");

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(r.scenario())).append(" - igmp simulation</title>\n")
                .append("<style>body{font-family:sans-serif;margin:16px;background:#fff;color:#222} pre{font-size:12px;background:#fafafa;padding:8px}"
                        + " .bad{color:#b00020} .ok{color:#1b7a1b}</style></head><body>\n");
        h.append("<h1>").append(esc(r.scenario())).append("</h1>\n");
        h.append("<p>Seed ").append(r.seed()).append(", ").append(secs(r.durationMs())).append(" of virtual time, ").append(r.steps()).append(" steps, ")
                .append(r.framesSent()).append(" frames sent. ");
        if (r.violations().isEmpty()) h.append("<span class=\"ok\">All invariants held.</span>");
        else h.append("<span class=\"bad\">").append(r.violations().size()).append(" invariant violation(s).</span>");
        h.append("</p>\n<h2>Timeline</h2>\n").append(s);
        h.append("<h2>Summary</h2>\n<pre>").append(esc(summary(r))).append("</pre>\n");
        h.append("<h2>Story</h2>\n<pre>").append(esc(story(r))).append("</pre>\n</body></html>\n");
        return h.toString();
    }

    /** "0s", "5s", "2.5s", "250ms": short labels for the time axis. */
    private static String axisLabel(double ms) {
        if (ms == 0) return "0s";
        if (ms < 1000) return fmtNum(ms) + "ms";
        if (ms >= 120_000 && ms % 60_000 == 0) return fmtNum(ms / 60_000) + "m";
        return fmtNum(ms / 1000) + "s";
    }

    private static String fmtNum(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String rowKey(SimResult.Bar bar) {
        String kind = bar.kind().equals("receive") ? "member" : bar.kind();
        return kind + " " + bar.row();
    }

    private static List<String> sortRows(Map<String, String> rows) {
        List<String> keys = new ArrayList<>();
        for (String prefix : List.of("member ", "router ", "carry ", "messages "))
            rows.keySet().stream().filter(k -> k.startsWith(prefix)).sorted(NaturalOrder.INSTANCE).forEach(keys::add);
        return keys;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
