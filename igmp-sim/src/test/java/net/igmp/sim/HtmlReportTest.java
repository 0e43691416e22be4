package net.igmp.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
        Path png = dir.resolve("shot.png");
        Path profile = Files.createDirectory(dir.resolve("profile"));
        Tools.Result t = Tools.run(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1400,900", page.toUri().toString());
        assertThat(png).as("chromium wrote no screenshot: " + t.err()).exists();
        BufferedImage img = ImageIO.read(png.toFile());
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
