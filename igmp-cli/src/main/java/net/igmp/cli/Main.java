package net.igmp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code igmp} command: one tool for decoding, simulating, routing and showing state. */
@Command(name = "igmp", mixinStandardHelpOptions = true, version = "igmp 0.1.0",
        description = "IGMPv1/v2/v3: wire decoder, LAN simulator and Linux multicast router.",
        subcommands = {
                DemoCommand.class,
                SimulateCommand.class,
                DecodeCommand.class,
                RouterCommand.class,
                ShowCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    /** Exit status for malformed input data (sysexits EX_DATAERR). */
    public static final int EX_DATAERR = 65;
    /** Exit status for a usage error (sysexits EX_USAGE). */
    public static final int EX_USAGE = 64;
    /** Exit status for an input file that does not exist or cannot be read (sysexits EX_NOINPUT). */
    public static final int EX_NOINPUT = 66;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status; operators get one line per error, never a stack trace. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("igmp: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("igmp: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EX_USAGE;
        });
        return cl.execute(args);
    }
}
