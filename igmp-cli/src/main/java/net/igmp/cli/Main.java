package net.igmp.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** The {@code igmp} command: one tool for decoding, simulating, routing and showing state. */
@Command(name = "igmp", mixinStandardHelpOptions = true, version = "igmp 0.1.0", scope = ScopeType.INHERIT,
        description = "IGMPv1/v2/v3: wire decoder, LAN simulator and Linux multicast router.",
        subcommands = {
                DemoCommand.class,
                SimulateCommand.class,
                DecodeCommand.class,
                RouterCommand.class,
                ShowCommand.class,
                ConfigCommand.class,
                OperatorCommands.Clear.class,
                OperatorCommands.Reload.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Callable<Integer> {

    /** Exit status for malformed input data (sysexits EX_DATAERR). */
    public static final int EX_DATAERR = 65;
    /** Exit status for a usage error (sysexits EX_USAGE). */
    public static final int EX_USAGE = 64;
    /** Exit status for an input file that does not exist or cannot be read (sysexits EX_NOINPUT). */
    public static final int EX_NOINPUT = 66;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code igmp} alone: a subcommand is missing, which is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EX_USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the exit status. Every error is one line on stderr, never a stack trace,
     * and starts with the command's name ({@code igmp simulate: ...}); usage errors name the option and exit 64.
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command line, with the options of every router setting, the shared option types and the error handlers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        RouterCommand.addSettingOptions(cl.getSubcommands().get("router").getCommandSpec());
        Options.register(cl);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof Failure f ? f.exitCode : 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + Options.describe(ex));
            return EX_USAGE;
        });
        return cl;
    }

    /** An error of the input (65) or a missing file (66), found while running; its message is the one line. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** A usage error found after parsing (a value out of range, options that do not go together): exit 64. */
    static ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
