package net.igmp.cli;

import static net.igmp.linux.daemon.LabHosts.await;
import static net.igmp.linux.daemon.LabHosts.oifs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.igmp.linux.control.ControlClient;
import net.igmp.linux.daemon.LabHosts;
import net.igmp.linux.daemon.LabHosts.Member;
import net.igmp.linux.daemon.LabHosts.Source;
import net.igmp.linux.lab.KernelLab;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code igmp router --config FILE} as an operator runs it, in namespaces made for this run:
 * <pre>
 *   s (source) --src0-- r (router) --lan1-- h1        lan1: IGMPv2, a static group
 *                                  --lan2-- q         lan2: IGMPv3, trusts only 10.72.0.99; q is a lower-addressed querier
 *                                  --lan3-- h3        lan3: not in the first config; a reload adds it
 * </pre>
 */
@KernelLab(multicastRouting = true)
class ConfigLabTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SRC = "10.70.0.2";

    @TempDir
    Path dir;

    static final String CONFIG = """
            mode: router
            control: %s
            settings: {queryInterval: 4s, queryResponseInterval: 1s, lastMemberQueryInterval: 200ms}
            interfaces:
              - {name: src0}
              - {name: lan1, version: 2, staticGroups: [239.5.5.5]}
              - {name: lan2, trustedQueriers: [10.72.0.99]}
            """;

    private static JsonNode ask(Path sock, String line) throws Exception {
        return JSON.readTree(ControlClient.request(sock, line));
    }

    private static JsonNode querierOf(Path sock, String itf) {
        try {
            for (JsonNode i : ask(sock, "show querier").get("querier")) if (i.get("interface").asText().equals(itf)) return i;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no querier row for " + itf);
    }

    @Test
    void aConfigFileRunsEachInterfaceWithItsOwnSettingsAndAReloadAddsOneWithoutAGap() throws Exception {
        LabRequirement.require();
        try (NetnsLab lab = NetnsLab.create("igf")) {
            String r = lab.namespace("r"), s = lab.namespace("s"), h1 = lab.namespace("h1"), q = lab.namespace("q"), h3 = lab.namespace("h3");
            lab.veth(r, "src0", s, "eth0");
            lab.veth(r, "lan1", h1, "eth0");
            lab.veth(r, "lan2", q, "eth0");
            lab.veth(r, "lan3", h3, "eth0");
            lab.address(r, "src0", "10.70.0.1/24");
            lab.address(s, "eth0", SRC + "/24");
            lab.address(r, "lan1", "10.71.0.1/24");
            lab.address(h1, "eth0", "10.71.0.2/24");
            lab.address(r, "lan2", "10.72.0.10/24");
            lab.address(q, "eth0", "10.72.0.5/24");
            lab.address(r, "lan3", "10.73.0.1/24");
            lab.address(h3, "eth0", "10.73.0.2/24");
            Path sock = dir.resolve("igmp.sock"), config = dir.resolve("router.yaml"), log = dir.resolve("router.log");
            Files.writeString(config, CONFIG.formatted(sock));
            Process router = lab.spawn(r, Redirect.to(log.toFile()), RouterProcessLabTest.igmp("router", "--config", config.toString()));
            Process other = null;
            try (Source source = new Source(s, "239.5.5.5", "239.1.1.1", "239.1.1.3")) {
                await("the router takes up lan2", 120_000, () -> RouterProcessLabTest.read(log).contains("interface lan2 up"));

                // two interfaces, two settings: lan1 queries as v2, lan2 as v3
                assertThat(querierOf(sock, "lan1").get("version").asInt()).isEqualTo(2);
                assertThat(querierOf(sock, "lan2").get("version").asInt()).isEqualTo(3);

                // the static group is forwarded on lan1 with no host there, and shown as static
                await("239.5.5.5 forwarded to lan1 with no host", 5000, () -> oifs(lab, r, SRC, "239.5.5.5").contains("lan1"));
                JsonNode groups = ask(sock, "show groups").get("groups");
                assertThat(groups).anySatisfy(g -> {
                    assertThat(g.get("interface").asText()).isEqualTo("lan1");
                    assertThat(g.get("group").asText()).isEqualTo("239.5.5.5");
                    assertThat(g.get("static").asText()).isEqualTo("239.5.5.5");
                    assertThat(g.get("reporters")).isEmpty();
                });

                // a lower-addressed querier that is not trusted: counted, ignored, we stay querier
                other = lab.spawn(q, Redirect.to(dir.resolve("q.log").toFile()),
                        RouterProcessLabTest.igmp("router", "--interface", "eth0", "--no-control", "--query-interval", "2s", "--query-response-interval", "1s"));
                await("the untrusted queries are counted", 120_000, () -> querierOf(sock, "lan2").get("untrustedQueries").asLong() >= 2);
                JsonNode lan2 = querierOf(sock, "lan2");
                assertThat(lan2.get("us").asBoolean()).isTrue();
                assertThat(lan2.get("querierAddress").asText()).isEqualTo("10.72.0.10");

                // a stream on lan1 keeps flowing, without a gap, across a reload that adds lan3
                try (Member m1 = new Member(h1); Member m3 = new Member(h3)) {
                    m1.join("239.1.1.1");
                    await("239.1.1.1 at h1", 5000, () -> m1.count("239.1.1.1") > 20);
                    Files.writeString(config, CONFIG.formatted(sock) + "  - {name: lan3, version: 3}\n");
                    JsonNode reply = ask(sock, "reload");
                    assertThat(reply.has("error")).as(reply.toString()).isFalse();
                    assertThat(reply.get("added").toString()).isEqualTo("[\"lan3\"]");
                    assertThat(reply.get("changed")).isEmpty();
                    m3.join("239.1.1.3");
                    await("239.1.1.3 at h3 on the added interface", 5000, () -> m3.count("239.1.1.3") > 5);
                    long seen = m1.count("239.1.1.1");
                    await("239.1.1.1 still flowing at h1", 3000, () -> m1.count("239.1.1.1") > seen + 20);
                    assertThat(m1.missed("239.1.1.1")).as("datagrams lost at h1 across the reload").isZero();

                    // SIGHUP reloads too ('ip netns exec' execs the router: the process is the router): lan3 goes
                    Files.writeString(config, CONFIG.formatted(sock));
                    assertThat(new ProcessBuilder("kill", "-HUP", String.valueOf(router.pid())).start().waitFor()).isZero();
                    await("lan3 detached after SIGHUP", 10_000, () -> RouterProcessLabTest.read(log).contains("removed lan3"));
                    await("239.1.1.3 no longer forwarded to lan3", 5000, () -> oifs(lab, r, SRC, "239.1.1.3").isEmpty());
                    long before = m1.count("239.1.1.1");
                    await("239.1.1.1 still flowing at h1", 3000, () -> m1.count("239.1.1.1") > before + 20);
                    assertThat(m1.missed("239.1.1.1")).as("datagrams lost at h1 across the second reload").isZero();
                    Files.writeString(config, CONFIG.formatted(sock) + "  - {name: lan3, version: 3}\n");
                    assertThat(ask(sock, "reload").get("added").toString()).isEqualTo("[\"lan3\"]");
                    await("239.1.1.3 back on lan3", 5000, () -> oifs(lab, r, SRC, "239.1.1.3").contains("lan3"));

                    // an invalid file changes nothing and says why
                    Files.writeString(config, "interfaces: [{name: lan1, robustness: 0}]\n");
                    JsonNode refused = ask(sock, "reload");
                    assertThat(refused.get("error").asText()).startsWith("reload refused, nothing changed: router.yaml:1:");
                    assertThat(oifs(lab, r, SRC, "239.1.1.3")).containsExactly("lan3");
                }
            } finally {
                if (other != null) other.destroy();
                router.destroy(); // SIGTERM: the router removes what it added
                assertThat(router.waitFor(60, TimeUnit.SECONDS)).isTrue();
                if (other != null) other.waitFor(60, TimeUnit.SECONDS);
            }
            assertThat(router.exitValue()).as(RouterProcessLabTest.read(log)).isZero();
        }
    }
}
