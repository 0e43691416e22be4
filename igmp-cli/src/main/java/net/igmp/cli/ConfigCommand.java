package net.igmp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code igmp config}: checks a router config file, or makes one from igmpproxy's or smcroute's. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Checks an 'igmp router' config file, or imports igmpproxy.conf or smcroute.conf as one.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Import.class})
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Main.usage(spec, "name a subcommand: check or import");
    }

    /** {@code igmp config check FILE}: every error with its line on stderr, exit 65; else a summary on stdout. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = {"Checks a router config file.", "",
            "Prints every error with its line and exits 65, or prints what the file sets up and exits 0."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the config file, such as /etc/igmp/router.yaml")
        Path file;

        @Override
        public Integer call() {
            RouterConfig c;
            try {
                c = RouterConfig.load(file);
            } catch (RouterConfig.Invalid e) {
                PrintWriter err = spec.commandLine().getErr();
                for (String line : e.errors) err.println(spec.qualifiedName() + ": " + line);
                err.flush();
                return Main.EX_DATAERR;
            } catch (IOException e) {
                throw unreadable(file, e);
            }
            long on = c.enabled().size();
            spec.commandLine().getOut().println(file + ": valid; " + c.mode() + " mode, " + on + " interface" + (on == 1 ? "" : "s")
                    + (c.proxy() ? ", upstream " + c.upstream() : ""));
            return 0;
        }
    }

    /** {@code igmp config import igmpproxy|smcroute FILE}: the equivalent config on stdout, warnings on stderr too. */
    @Command(name = "import", mixinStandardHelpOptions = true, description = {"Prints an 'igmp router' config equivalent to an "
            + "igmpproxy.conf or a smcroute.conf.", "",
            "A keyword with no equivalent, and a known trap, is a warning naming its line: on stderr, and as a comment "
                    + "at the top of the output. A line that cannot be read exits 65."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FORMAT", description = "igmpproxy or smcroute")
        String format;

        @Parameters(index = "1", paramLabel = "FILE", description = "the file to import, such as /etc/igmpproxy.conf")
        Path file;

        @Override
        public Integer call() {
            ConfigImport.Result r;
            try {
                r = switch (format) {
                    case "igmpproxy" -> ConfigImport.igmpproxy(file);
                    case "smcroute" -> ConfigImport.smcroute(file);
                    default -> throw Main.usage(spec, "the format must be igmpproxy or smcroute, not '" + format + "'");
                };
            } catch (ConfigImport.Malformed e) {
                throw new Main.Failure(Main.EX_DATAERR, e.getMessage());
            } catch (IOException e) {
                throw unreadable(file, e);
            }
            PrintWriter err = spec.commandLine().getErr();
            for (String w : r.warnings()) err.println(spec.qualifiedName() + ": warning: " + w);
            err.flush();
            spec.commandLine().getOut().print(r.text());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static Main.Failure unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return new Main.Failure(Main.EX_NOINPUT, "no such file: " + file);
        if (Files.isDirectory(file)) return new Main.Failure(Main.EX_NOINPUT, "not a file: " + file);
        return new Main.Failure(Main.EX_NOINPUT, "cannot read " + file + ": " + e.getMessage());
    }
}
