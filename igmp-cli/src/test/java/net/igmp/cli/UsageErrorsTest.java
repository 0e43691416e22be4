package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.igmp.cli.SimulateCommandTest.Run;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.linux.daemon.DaemonConfig;
import net.igmp.sim.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Exit codes and the wording of errors, the same for every subcommand. */
class UsageErrorsTest {

    static final String SSM = Path.of("..", "examples", "ssm.yaml").toString();
    static final String DURATION_HINT = "(a number and a unit: us, ms, s, m or h, such as 250ms, 10s, 5m)";
    static final List<String> SUBCOMMANDS = List.of("demo", "simulate", "decode", "router", "show");

    static Run igmp(String... args) {
        return SimulateCommandTest.igmp(args);
    }

    /** Exit 64 and exactly this one line on stderr, nothing on stdout. */
    static void assertUsageError(Run r, String line) {
        assertThat(r.exit()).as(r.err()).isEqualTo(Main.EX_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(line + System.lineSeparator());
    }

    /** The router's configuration from these options, as {@code igmp router} would start with it. */
    static DaemonConfig routerConfig(String... options) {
        CommandLine cl = Main.commandLine();
        List<String> args = new ArrayList<>(List.of("router"));
        args.addAll(List.of(options));
        CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
        RouterCommand router = parsed.subcommand().commandSpec().commandLine().getCommand();
        return router.config();
    }

    @Test
    void igmpAloneIsAUsageErrorWithTheUsage() {
        Run r = igmp();
        assertThat(r.exit()).isEqualTo(Main.EX_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: igmp").contains("simulate", "decode", "router");
        assertThat(igmp("--help").exit()).isZero();
    }

    @Test
    void everySubcommandPrintsTheVersionItsHelpLists() {
        String version = igmp("--version").out().strip();
        assertThat(version).startsWith("igmp ");
        for (String sub : SUBCOMMANDS) {
            assertThat(igmp(sub, "--help").out()).as(sub).contains("-V, --version");
            for (String flag : List.of("-V", "--version")) {
                Run r = igmp(sub, flag);
                assertThat(r.exit()).as(sub + " " + flag).isZero();
                assertThat(r.out().strip()).as(sub + " " + flag).isEqualTo(version);
            }
        }
    }

    @Test
    void aBadOptionValueIsAUsageErrorNamingTheOption() {
        assertUsageError(igmp("simulate", SSM, "--duration", "10"), "igmp simulate: --duration: not a duration: '10' " + DURATION_HINT);
        assertUsageError(igmp("simulate", SSM, "--duration", "-1s"), "igmp simulate: --duration must be positive, got -1s");
        assertUsageError(igmp("simulate", SSM, "--seed", "x"), "igmp simulate: --seed: not a whole number: 'x'");
        assertUsageError(igmp("simulate", SSM, "--threads", "2.5"), "igmp simulate: --threads: not a whole number: '2.5'");
        assertUsageError(igmp("simulate", SSM, "--threads", "-1"), "igmp simulate: --threads must be 0 (one per processor) or more, got -1");
        assertUsageError(igmp("router", "-i", "a", "--robustness", "two"), "igmp router: --robustness: not a whole number: 'two'");
        assertUsageError(igmp("router", "-i", "a", "--metrics", "9643"),
                "igmp router: --metrics: not ADDR:PORT: '9643' (such as 127.0.0.1:9643, or :9643 for every address)");
        Run typo = igmp("router", "--query-intervl", "5s");
        assertThat(typo.exit()).isEqualTo(Main.EX_USAGE);
        assertThat(typo.err()).startsWith("igmp router: unknown options: '--query-intervl', '5s' (did you mean --query-interval or ").hasLineCount(1);
    }

    @Test
    void theSsmRangeIsAMulticastPrefix() {
        String hint = "write ADDRESS/LENGTH such as 232.0.0.0/8, or none)";
        assertUsageError(igmp("router", "-i", "a", "--ssm-range", "foo"), "igmp router: --ssm-range: not a prefix: 'foo' (" + hint);
        assertUsageError(igmp("router", "-i", "a", "--ssm-range", "10.0.0.0/33"),
                "igmp router: --ssm-range: not a prefix: '10.0.0.0/33' (prefix length must be 0..32, got 33; " + hint);
        assertUsageError(igmp("router", "-i", "a", "--ssm-range", "10.0.0.0/8"),
                "igmp router: --ssm-range must lie within 224.0.0.0/4 (multicast), got 10.0.0.0/8");
        assertThat(routerConfig("-i", "a", "--ssm-range", "239.1.0.0/16").routerConfig().ssmRange()).isEqualTo(Ipv4Prefix.parse("239.1.0.0/16"));
        assertThat(routerConfig("-i", "a", "--ssm-range", "none").routerConfig().ssmRange()).isEqualTo(Ipv4Prefix.NONE);
        assertThat(routerConfig("-i", "a").routerConfig().ssmRange()).isEqualTo(Ipv4Prefix.SSM_DEFAULT);
    }

    @Test
    void rangeErrorsSpeakInTheOptionsNamesAndUnits() {
        assertUsageError(igmp("router", "-i", "a", "--query-interval", "-3s"),
                "igmp router: --query-interval must be whole seconds from 1s to 31744s (QQIC carries seconds), got -3s");
        assertUsageError(igmp("router", "-i", "a", "--query-interval", "2500ms"),
                "igmp router: --query-interval must be whole seconds from 1s to 31744s (QQIC carries seconds), got 2.5s");
        assertUsageError(igmp("router", "-i", "a", "--route-idle", "0s"), "igmp router: --route-idle must be at least 1s, got 0s");
        assertUsageError(igmp("router", "-i", "a", "--data-plane", "xdp"), "igmp router: --data-plane must be auto, kernel or user, got 'xdp'");
        assertUsageError(igmp("router", "-i", "a", "--query-interval", "15s", "--query-response-interval", "20s"),
                "igmp router: --query-response-interval (20s) must be shorter than --query-interval (15s), RFC 9776 8.3");
        assertUsageError(igmp("router", "-i", "a", "--igmp-version", "4"), "igmp router: --igmp-version must be 1, 2 or 3, got 4");
        assertUsageError(igmp("router", "-i", "a", "--last-member-query-interval", "50ms"),
                "igmp router: --last-member-query-interval must be a multiple of 100ms from 100ms to 3174.4s, got 50ms");
        assertUsageError(igmp("router", "-i", "a", "--startup-query-count", "-1"),
                "igmp router: --startup-query-count must be 0 (derive) or positive, got -1");
        assertUsageError(igmp("router", "-i", "a", "--startup-query-interval", "200s"),
                "igmp router: --startup-query-interval (200s) must not exceed --query-interval (125s)");
        assertUsageError(igmp("router", "-i", "a", "--group-membership-interval", "0s"),
                "igmp router: --group-membership-interval must be positive, got 0s");
        assertUsageError(igmp("router", "--upstream", "a"), "igmp router: proxy mode needs at least one --downstream interface");
        assertUsageError(igmp("router", "-i", "a", "--unsolicited-report-interval", "2s"),
                "igmp router: --unsolicited-report-interval goes with --upstream (proxy mode): a router sends no reports");
    }

    @Test
    void everyDurationOptionTakesUnitsAndRefusesABareNumberInOneWording() {
        int seen = 0;
        for (String sub : SUBCOMMANDS) {
            CommandSpec spec = Main.commandLine().getSubcommands().get(sub).getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (o.type() != Options.Duration.class) continue;
                seen++;
                String name = o.longestName();
                List<String> args = new ArrayList<>(List.of(sub));
                if (sub.equals("simulate")) args.add(SSM);
                if (sub.equals("router")) args.addAll(List.of("--upstream", "a", "--downstream", "b"));
                args.addAll(List.of(name, "10"));
                assertUsageError(igmp(args.toArray(String[]::new)), "igmp " + sub + ": " + name + ": not a duration: '10' " + DURATION_HINT);
            }
        }
        assertThat(seen).as("duration options").isGreaterThanOrEqualTo(10);
        DaemonConfig c = routerConfig("--upstream", "a", "--downstream", "b", "--query-interval", "2m", "--query-response-interval", "2500ms",
                "--group-membership-interval", "300s", "--other-querier-present-interval", "295s", "--startup-query-interval", "0.5m",
                "--last-member-query-interval", "200ms", "--older-host-present-interval", "5m", "--route-idle", "1h",
                "--unsolicited-report-interval", "500ms");
        InterfaceConfig r = c.routerConfig();
        assertThat(r.queryIntervalMs()).isEqualTo(120_000);
        assertThat(r.queryResponseIntervalMs()).isEqualTo(2_500);
        assertThat(r.groupMembershipIntervalMs()).isEqualTo(300_000);
        assertThat(r.otherQuerierPresentIntervalMs()).isEqualTo(295_000);
        assertThat(r.startupQueryIntervalMs()).isEqualTo(30_000);
        assertThat(r.lastMemberQueryIntervalMs()).isEqualTo(200);
        assertThat(r.olderHostPresentIntervalMs()).isEqualTo(300_000);
        assertThat(c.mfcIdleMs()).isEqualTo(3_600_000);
        assertThat(c.upstreamHost().unsolicitedReportIntervalMs()).isEqualTo(500);
        // the defaults are RFC 9776 section 8's, derived values derived
        DaemonConfig d = routerConfig("-i", "a");
        assertThat(d.routerConfig()).isEqualTo(InterfaceConfig.DEFAULTS);
        assertThat(d.mfcIdleMs()).isEqualTo(210_000);
    }

    @Test
    void aScenarioFileAndAnOptionShareTheDurationWording(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.yaml");
        Files.writeString(f, "name: d\nduration: 10\nsegments:\n  - {name: lan}\n");
        Run file = igmp("simulate", f.toString());
        assertThat(file.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(file.err()).isEqualTo("igmp simulate: d.yaml:2: 'duration': not a duration: '10' " + DURATION_HINT + System.lineSeparator());
    }

    @Test
    void everyRfc9776Section8SettingIsARouterOption() {
        CommandSpec router = Main.commandLine().getSubcommands().get("router").getCommandSpec();
        for (String setting : ScenarioLoader.ROUTER_SETTINGS) {
            String words = setting.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            boolean option = router.findOption("--" + words) != null || router.findOption("--igmp-" + words) != null
                    || router.findOption("--no-" + words) != null;
            assertThat(option).as("router setting %s has an option", setting).isTrue();
        }
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(readme).contains("Every RFC 9776 section 8 timer");
    }

    @Test
    void replayOptionsAreChecked() {
        assertUsageError(igmp("simulate", SSM, "--to-step", "-3"), "igmp simulate: --to-step must be 0 or more, got -3");
        assertUsageError(igmp("simulate", SSM, "--messages"), "igmp simulate: --messages goes with --json (the story shows every message already)");
        assertThat(igmp("simulate", SSM, "--to-step", "0", "--json").exit()).isZero();
    }

    @Test
    void everyErrorIsOneLineStartingWithTheCommand(@TempDir Path dir) {
        for (String sub : SUBCOMMANDS) {
            String operand = switch (sub) {
                case "simulate" -> SSM;
                case "show" -> "groups";
                default -> null;
            };
            Run r = operand == null ? igmp(sub, "--bogus") : igmp(sub, operand, "--bogus");
            assertUsageError(r, "igmp " + sub + ": unknown option: '--bogus'");
        }
        Run decode = igmp("decode", "11 64 zz");
        assertThat(decode.err()).startsWith("igmp decode: not hexadecimal").hasLineCount(1);
        assertUsageError(igmp("decode"), "igmp decode: give the message in HEX, or --pcap FILE");
        Run simulate = igmp("simulate", dir.resolve("nope.yaml").toString());
        assertThat(simulate.exit()).isEqualTo(Main.EX_NOINPUT);
        assertThat(simulate.err()).isEqualTo("igmp simulate: no such scenario file: " + dir.resolve("nope.yaml") + System.lineSeparator());
        Run show = igmp("show", "groups", "--control", dir.resolve("none.sock").toString());
        assertThat(show.exit()).isEqualTo(1);
        assertThat(show.err()).startsWith("igmp show: no daemon is listening on ").hasLineCount(1);
    }
}
