package net.igmp.cli;

import static net.igmp.cli.UsageErrorsTest.assertUsageError;
import static net.igmp.cli.UsageErrorsTest.igmp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.igmp.linux.daemon.Logging.LogLevel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code igmp router --log-level} and {@code --verbose}. */
class RouterLogLevelTest {

    static LogLevel level(String... options) {
        List<String> args = new ArrayList<>(List.of("router", "-i", "a"));
        args.addAll(List.of(options));
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        RouterCommand router = parsed.subcommand().commandSpec().commandLine().getCommand();
        return router.logLevel();
    }

    @Test
    void theLevelIsInfoUnlessGivenAndVerboseIsDebug() {
        assertThat(level()).isEqualTo(LogLevel.INFO);
        assertThat(level("--log-level", "warn")).isEqualTo(LogLevel.WARN);
        assertThat(level("--log-level", "error")).isEqualTo(LogLevel.ERROR);
        assertThat(level("--log-level", "debug")).isEqualTo(LogLevel.DEBUG);
        assertThat(level("--verbose")).isEqualTo(LogLevel.DEBUG);
        assertThat(level("-v", "--log-level", "debug")).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void anUnknownLevelOrAContradictionIsAUsageError() {
        assertUsageError(igmp("router", "-i", "a", "--log-level", "verbose"),
                "igmp router: --log-level: not a log level: 'verbose' (error, warn, info or debug)");
        assertUsageError(igmp("router", "-i", "a", "--verbose", "--log-level", "warn"),
                "igmp router: --verbose means --log-level debug; it contradicts --log-level warn");
    }
}
