package net.igmp.linux.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    @Test
    void answersOneRequestPerConnectionAndRefusesASecondDaemon() throws Exception {
        Path sock = dir.resolve("sub/igmp.sock");
        try (ControlServer s = ControlServer.start(sock, r -> r.reply().complete("{\"echo\":\"" + r.line() + "\"}"))) {
            assertThat(ControlClient.request(sock, "show groups")).isEqualTo("{\"echo\":\"show groups\"}");
            assertThat(ControlClient.request(sock, "show stats")).isEqualTo("{\"echo\":\"show stats\"}");
            assertThatThrownBy(() -> ControlServer.start(sock, r -> {})).hasMessageContaining("in use by a running daemon");
        }
        assertThat(Files.exists(sock)).as("removed on close").isFalse();
    }

    @Test
    void aStaleSocketFileIsReplacedAndAMissingDaemonIsExplained() throws Exception {
        Path sock = dir.resolve("igmp.sock");
        assertThatThrownBy(() -> ControlClient.request(sock, "show groups")).isInstanceOf(IOException.class)
                .hasMessageContaining("no daemon is listening");
        Files.writeString(sock, "");
        try (ControlServer s = ControlServer.start(sock, r -> r.reply().complete("{}"))) {
            assertThat(ControlClient.request(sock, "x")).isEqualTo("{}");
        }
    }

    @Test
    void aFailedRequestBecomesAJsonError() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (ControlServer s = ControlServer.start(sock, r -> r.reply().completeExceptionally(new IllegalArgumentException("unknown topic \"x\"")))) {
            assertThat(ControlClient.request(sock, "show x")).isEqualTo("{\"error\":\"unknown topic \\\"x\\\"\"}");
        }
    }
}
