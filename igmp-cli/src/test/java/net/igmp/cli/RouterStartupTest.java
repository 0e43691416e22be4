package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import org.junit.jupiter.api.Test;

/** Every way {@code igmp router} fails to start ends in one line on stderr and a non-zero status, never a trace. */
class RouterStartupTest {

    /** Runs the command in this JVM; returns the status and what it printed on stderr. */
    static Outcome igmp(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Outcome(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    record Outcome(int status, String stderr) {}

    @Test
    void aNamespaceThatDoesNotExistIsNamedInOneLineAndTheStatusIsOne() {
        String ns = "igmp-nosuch-" + ProcessHandle.current().pid();
        Outcome o = igmp("router", "--netns", ns, "--interface", "lan0", "--no-control");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.stderr().lines().toList()).containsExactly(
                "igmp router: no network namespace named '" + ns + "' ('ip netns list' shows those there are)");
    }

    @Test
    void aMetricsPortInUseStopsTheStartBeforeTheKernelIsTouched() throws Exception {
        LabRequirement.require();
        try (NetnsLab lab = NetnsLab.create("igs")) {
            String ns = lab.namespace("r");
            // the port is taken inside the router's namespace, where the daemon binds it
            ServerSocket taken = Netns.call(ns, () -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                return s;
            });
            try (taken) {
                Outcome o = igmp("router", "--netns", ns, "--interface", "lo", "--no-control",
                        "--metrics", "127.0.0.1:" + taken.getLocalPort());
                assertThat(o.status()).isEqualTo(1);
                assertThat(o.stderr().lines().toList()).singleElement().asString()
                        .startsWith("igmp router: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()).contains("in use");
            }
        }
    }
}
