package net.igmp.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HTML report, rendered by headless Chromium and looked at pixel by pixel. */
class HtmlReportTest {

    static Path chromium() {
        for (String c : new String[]{"chromium", "chromium-browser", "google-chrome"})
            for (String d : System.getenv().getOrDefault("PATH", "").split(":"))
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, c))) return Path.of(d, c);
        return null;
    }

    @Test
    void timelineHasBarsAndMarks() {
        SimResult r = SimulationCoreTest.run(SimulationCoreTest.scenario(""), Simulation.Options.FULL);
        String html = Reports.html(r);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("</svg>")
                .contains("h1 239.1.1.1").contains("lan1 239.1.1.2").contains("lan1 IGMP")
                .contains("fill=\"" + Reports.MEMBER + "\"").contains("fill=\"" + Reports.CARRY + "\"")
                .contains("fill=\"" + Reports.QUERY + "\"").contains("fill=\"" + Reports.REPORT + "\"")
                .contains("All invariants held");
    }

    @Test
    void chromiumRendersTheTimeline(@TempDir Path dir) throws Exception {
        Path browser = chromium();
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) assumeTrue(browser != null, "chromium is not installed (apt-get install -y chromium); CI installs it");
        assertThat(browser).as("chromium is needed in CI").isNotNull();
        SimResult r = SimulationCoreTest.run(SimulationCoreTest.scenario(""), Simulation.Options.FULL);
        Path page = dir.resolve("report.html");
        Files.writeString(page, Reports.html(r));
        BufferedImage img = screenshot(browser, dir, page);
        assertThat(img.getWidth()).isEqualTo(1400);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) counts.merge(img.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
        int white = counts.getOrDefault(0xFFFFFF, 0);
        assertThat(white).as("page is not blank").isLessThan(img.getWidth() * img.getHeight() * 97 / 100);
        // The bars: membership, reception and carriage, each a solid run of its colour.
        assertThat(near(counts, Reports.MEMBER)).as("membership bars").isGreaterThan(2000);
        assertThat(near(counts, Reports.RECEIVE)).as("reception bars").isGreaterThan(1000);
        assertThat(near(counts, Reports.CARRY)).as("carriage bars").isGreaterThan(2000);
        assertThat(near(counts, Reports.QUERY)).as("query marks").isGreaterThan(20);
    }

    /** The {@code <rect>} elements of one timeline row, in drawing order: "member", "receive" ... */
    static List<String> drawnKinds(String html, String row) {
        List<String> kinds = new ArrayList<>();
        Matcher m = Pattern.compile("<title>" + Pattern.quote(row) + " (\\w+) ").matcher(html);
        while (m.find()) kinds.add(m.group(1));
        return kinds;
    }

    /** A membership still open at the end once hid its reception: reception is drawn last, on top. */
    @Test
    void receptionIsDrawnOverMembership() {
        String html = Reports.html(ExamplesTest.run("iptv-zapping.yaml"));
        List<String> kinds = drawnKinds(html, "tv4 239.10.0.1");
        assertThat(kinds).contains("member", "receive");
        assertThat(kinds.lastIndexOf("member")).isLessThan(kinds.indexOf("receive"));
    }

    @Test
    void rowsSortNaturally() {
        StringBuilder hosts = new StringBuilder(), events = new StringBuilder();
        for (int n : new int[]{10, 2, 1, 0}) {
            hosts.append("  - {name: h").append(n).append(", segment: lan1, address: 10.1.1.").append(20 + n).append("/24}\n");
            events.append("  - {at: 1s, host: h").append(n).append(", join: 239.1.1.1}\n");
        }
        String yaml = SimulationCoreTest.scenario("").replace("hosts:\n", "hosts:\n" + hosts).replace("events:\n", "events:\n" + events)
                .replace("  - {name: h1, segment: lan1, address: 10.1.1.11/24}\n", "")
                .replace("  - {at: 1s, host: h1, join: 239.1.1.1}\n  - {at: 2s, host: h2, join: 239.1.1.1}\n", "")
                .replace("  - {name: h2, segment: lan1, address: 10.1.1.12/24}\n", "")
                .replace("  - {at: 10s, host: h1, switch: {from: 239.1.1.1, to: 239.1.1.2}}\n  - {at: 20s, host: h1, leave: 239.1.1.2}\n", "");
        SimResult r = SimulationCoreTest.run(yaml, Simulation.Options.FULL);
        assertThat(r.deliveries().stream().map(SimResult.Delivery::host).distinct()).containsExactly("h0", "h1", "h2", "h10", "watcher");
        String html = Reports.html(r);
        assertThat(html.indexOf(">h2 239.1.1.1<")).isLessThan(html.indexOf(">h10 239.1.1.1<")).isGreaterThan(html.indexOf(">h1 239.1.1.1<"));
    }

    /** h1's outage in querier-election (the querier crashed) shows in the deliveries table. */
    @Test
    void gapsShowInTheDeliveriesTable() {
        SimResult r = ExamplesTest.run("querier-election.yaml");
        SimResult.Delivery h1 = r.deliveries().getFirst();
        assertThat(h1.gaps()).singleElement().satisfies(g -> assertThat(g.toMs() - g.fromMs()).isGreaterThan(30_000));
        String row = Reports.summary(r).lines().filter(l -> l.startsWith("  h1 ")).findFirst().orElseThrow();
        assertThat(row).contains(Durations.format(Math.round(h1.gaps().getFirst().fromMs() * 1000)) + "-"
                + Durations.format(Math.round(h1.gaps().getFirst().toMs() * 1000)));
        assertThat(SimJson.toJson(r, false)).doesNotContain("gaps"); // the JSON keeps its documented fields
    }

    /** tv4's 239.10.0.1 row, rendered: the green reception band shows inside the blue membership bar. */
    @Test
    void chromiumShowsReceptionInsideAnOpenMembership(@TempDir Path dir) throws Exception {
        Path browser = chromium();
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) assumeTrue(browser != null, "chromium is not installed (apt-get install -y chromium); CI installs it");
        String html = Reports.html(ExamplesTest.run("iptv-zapping.yaml"));
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
        Path page = dir.resolve("timeline.html");
        Files.writeString(page, "<!DOCTYPE html><html><body style=\"margin:0\">" + svg + "</body></html>");
        BufferedImage img = screenshot(browser, dir, page);
        Matcher label = Pattern.compile("<text x=\"6\" y=\"(\\d+)\" fill=\"#222222\">tv4 239\\.10\\.0\\.1</text>").matcher(svg);
        assertThat(label.find()).isTrue();
        int rowTop = Integer.parseInt(label.group(1)) - 15;
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = rowTop; y < rowTop + 22; y++)
            for (int x = 0; x < img.getWidth(); x++) counts.merge(img.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
        // The run's last 35 s: about 580 pixels wide, the reception band 6 high.
        assertThat(near(counts, Reports.RECEIVE)).as("reception in tv4's 239.10.0.1 row").isGreaterThan(2000);
        assertThat(near(counts, Reports.MEMBER)).as("membership in tv4's 239.10.0.1 row").isGreaterThan(2000);
    }

    static BufferedImage screenshot(Path browser, Path dir, Path page) throws Exception {
        Path png = dir.resolve("shot.png");
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Tools.Result t = Tools.run(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1400,900", page.toUri().toString());
        assertThat(png).as("chromium wrote no screenshot: " + t.err()).exists();
        return ImageIO.read(png.toFile());
    }

    /** Pixels within a small distance of {@code hex} (anti-aliasing blends the edges). */
    static int near(Map<Integer, Integer> counts, String hex) {
        int c = Integer.parseInt(hex.substring(1), 16);
        int n = 0;
        for (var e : counts.entrySet()) {
            int p = e.getKey();
            int d = Math.abs(((p >> 16) & 255) - ((c >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((c >> 8) & 255)) + Math.abs((p & 255) - (c & 255));
            if (d <= 12) n += e.getValue();
        }
        return n;
    }
}
