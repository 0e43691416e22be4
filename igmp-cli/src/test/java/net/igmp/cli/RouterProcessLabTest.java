package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.KernelLab;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code igmp router} as an operator runs it: a separate process inside a namespace, stopped by a signal. */
@KernelLab(multicastRouting = true)
class RouterProcessLabTest {
    @TempDir
    Path dir;

    static void requireLab() {
        LabRequirement.require();
    }

    static String[] igmp(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    static void await(String what, long millis, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!ok.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sigtermRemovesEverythingAndExitsZeroAndASecondRouterIsToldWhoHoldsTheKernel() throws Exception {
        requireLab();
        try (NetnsLab lab = NetnsLab.create("igc")) {
            String r = lab.namespace("r"), h = lab.namespace("h"), h2 = lab.namespace("h2");
            lab.veth(r, "lan0", h, "eth0");
            lab.address(r, "lan0", "10.98.0.1/24");
            lab.address(h, "eth0", "10.98.0.2/24");
            lab.veth(r, "lan1", h2, "eth0");
            lab.address(r, "lan1", "10.99.0.1/24");
            Path log = dir.resolve("router.log");
            Path sock = dir.resolve("igmp.sock");
            Process p = lab.spawn(r, Redirect.to(log.toFile()), igmp("router", "--interface", "lan0", "--interface", "lan1", "--control", sock.toString(),
                    "--metrics", "127.0.0.1:9643"));
            await("the daemon to take up both interfaces", 120_000, () -> read(log).contains("interface lan1 up"));
            assertThat(lab.exec(r, "cat", "/proc/net/ip_mr_vif").stdout()).contains("lan0", "lan1");

            // A second router in the same namespace asking for the kernel plane: one line naming the holder, exit 1.
            // (--data-plane auto would take the user plane there instead.)
            Path log2 = dir.resolve("second.log");
            Process second = lab.spawn(r, Redirect.to(log2.toFile()), igmp("router", "--interface", "lan0", "--no-control", "--data-plane", "kernel"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            String err = read(log2).strip();
            assertThat(err).startsWith("igmp router: multicast routing is already taken in this network namespace by java (pid ")
                    .doesNotContain("Exception").doesNotContain("\n\tat ");

            // igmp show reaches the daemon over its control socket.
            Process show = new ProcessBuilder(igmp("show", "interfaces", "--control", sock.toString())).redirectErrorStream(true).start();
            String table = new String(show.getInputStream().readAllBytes());
            assertThat(show.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(table).contains("Interface", "lan0", "lan1", "10.98.0.1", "up");

            // Metrics, from the control socket and over HTTP inside the namespace, move when a host joins.
            String before = showMetrics(sock);
            assertThat(before).contains("# TYPE igmp_messages_received_total counter", "# TYPE igmp_groups gauge",
                    "igmp_querier{interface=\"lan0\"} 1", "igmp_mfc_entries 0", "igmp_upcalls_total{type=\"nocache\"} 0");
            assertThat(sample(before, "igmp_groups{interface=\"lan0\"}")).isZero();
            long reportsBefore = sample(before, "igmp_messages_received_total{interface=\"lan0\",type=\"v3-report\",version=\"3\"}");
            try (DatagramChannel member = Netns.call(h, () -> {
                DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
                c.bind(new InetSocketAddress(5000));
                c.join(InetAddress.getByName("239.7.7.7"), NetworkInterface.getByName("eth0"));
                return c;
            })) {
                await("igmp show metrics counts the joined group", 60_000, () -> sample(showMetrics(sock), "igmp_groups{interface=\"lan0\"}") == 1);
                String scraped = Netns.call(r, () -> httpGet("127.0.0.1", 9643, "/metrics"));
                assertThat(scraped).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/plain; version=0.0.4");
                String body = scraped.substring(scraped.indexOf("\r\n\r\n") + 4);
                assertThat(sample(body, "igmp_groups{interface=\"lan0\"}")).isEqualTo(1);
                assertThat(sample(body, "igmp_groups{interface=\"lan1\"}")).isZero();
                assertThat(sample(body, "igmp_messages_received_total{interface=\"lan0\",type=\"v3-report\",version=\"3\"}")).isGreaterThan(reportsBefore);
                assertThat(body.lines().filter(l -> l.startsWith("# TYPE igmp_groups ")).count()).isEqualTo(1);
                assertThat(Netns.call(r, () -> httpGet("127.0.0.1", 9643, "/other"))).startsWith("HTTP/1.1 404");
            }

            // The metrics port taken: one line, before the kernel is touched.
            Path log3 = dir.resolve("third.log");
            Process third = lab.spawn(r, Redirect.to(log3.toFile()), igmp("router", "--interface", "lan0", "--no-control", "--metrics", "127.0.0.1:9643"));
            assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(third.exitValue()).isEqualTo(1);
            assertThat(read(log3).strip()).isEqualTo("igmp router: cannot serve metrics on 127.0.0.1:9643: address already in use");

            lab.must("kill", "-TERM", String.valueOf(p.pid()));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit status after SIGTERM").isZero();
            assertThat(read(log)).contains("multicast routing state removed");
            assertThat(lab.exec(r, "cat", "/proc/net/ip_mr_vif").stdout()).doesNotContain("lan0").doesNotContain("lan1");
            assertThat(new File(sock.toString())).doesNotExist();
        }
    }

    static String showMetrics(Path sock) {
        try {
            Process show = new ProcessBuilder(igmp("show", "metrics", "--control", sock.toString())).redirectErrorStream(true).start();
            String out = new String(show.getInputStream().readAllBytes());
            assertThat(show.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(show.exitValue()).as(out).isZero();
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of the sample {@code key} (name and labels as printed); fails when it is missing. */
    static long sample(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key + " ")).map(l -> (long) Double.parseDouble(l.substring(key.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + key + " in:\n" + text));
    }

    /** A plain HTTP/1.1 GET on a socket opened by the calling thread (so inside its network namespace). */
    static String httpGet(String host, int port, String path) throws java.io.IOException {
        try (Socket s = new Socket(host, port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes());
            return new String(s.getInputStream().readAllBytes());
        }
    }

    @Test
    void usageErrorsAreOneLine() throws Exception {
        Process p = new ProcessBuilder(igmp("router", "--upstream", "a")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.EX_USAGE);
        assertThat(out).isEqualTo("igmp router: proxy mode needs at least one --downstream interface");
    }
}
