package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.igmp.linux.lab.NetnsLab;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code igmp router} as an operator runs it: a separate process inside a namespace, stopped by a signal. */
class RouterProcessLabTest {
    @TempDir
    Path dir;

    static void requireLab() {
        NetnsLab.unavailableReason().ifPresent(reason -> {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + reason);
            Assumptions.abort("skipped: " + reason);
        });
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
            Process p = lab.spawn(r, Redirect.to(log.toFile()), igmp("router", "--interface", "lan0", "--interface", "lan1", "--control", sock.toString()));
            await("the daemon to take up both interfaces", 20_000, () -> read(log).contains("interface lan1 up"));
            assertThat(lab.exec(r, "cat", "/proc/net/ip_mr_vif").stdout()).contains("lan0", "lan1");

            // A second router in the same namespace: one line naming the holder, exit 1.
            Path log2 = dir.resolve("second.log");
            Process second = lab.spawn(r, Redirect.to(log2.toFile()), igmp("router", "--interface", "lan0", "--no-control"));
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            String err = read(log2).strip();
            assertThat(err).startsWith("igmp: multicast routing is already taken in this network namespace by java (pid ")
                    .doesNotContain("Exception").doesNotContain("\n\tat ");

            // igmp show reaches the daemon over its control socket.
            Process show = new ProcessBuilder(igmp("show", "interfaces", "--control", sock.toString())).redirectErrorStream(true).start();
            String table = new String(show.getInputStream().readAllBytes());
            assertThat(show.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(table).contains("Interface", "lan0", "lan1", "10.98.0.1", "up");

            lab.must("kill", "-TERM", String.valueOf(p.pid()));
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit status after SIGTERM").isZero();
            assertThat(read(log)).contains("multicast routing state removed");
            assertThat(lab.exec(r, "cat", "/proc/net/ip_mr_vif").stdout()).doesNotContain("lan0").doesNotContain("lan1");
            assertThat(new File(sock.toString())).doesNotExist();
        }
    }

    @Test
    void usageErrorsAreOneLine() throws Exception {
        Process p = new ProcessBuilder(igmp("router", "--upstream", "a")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.EX_USAGE);
        assertThat(out).isEqualTo("igmp: proxy mode needs at least one --downstream interface");
    }
}
