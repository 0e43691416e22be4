package net.igmp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class CommandDocsTest {
    @Command(name = "tool", subcommands = {Sub.class, CommandLine.HelpCommand.class}, version = "tool 1.2",
            description = {"Does things.", "", "A second paragraph.%nA line of its own."})
    static final class Tool {}

    @Command(name = "sub", description = {"The subcommand.", "", ".dot and 'quote lines stay text; C:\\path keeps its backslash."})
    static final class Sub {
        @Option(names = {"-w", "--wait"}, paramLabel = "DURATION", description = {"How long (default: ${DEFAULT-VALUE}).", "", "100%% sure."})
        String wait = "5s";

        @Option(names = "--quiet", description = "Says less.")
        boolean quiet;

        @Parameters(paramLabel = "FILE", description = "The input.")
        String file;
    }

    @Test
    void onePagePerCommandNamedAfterItsPath() {
        CommandLine tool = new CommandLine(new Tool());
        assertThat(CommandDocs.commands(tool)).extracting(c -> CommandDocs.pageName(c.getCommandSpec()))
                .containsExactly("tool", "tool-sub");
    }

    @Test
    void pageHasNameSynopsisDescriptionOptionsAndLinks() {
        CommandLine tool = new CommandLine(new Tool());
        String root = CommandDocs.manPage(tool.getCommandSpec());
        assertThat(root).startsWith(".TH \"TOOL\" 1 \"\" \"tool 1.2\" \"User Commands\"\n")
                .contains(".SH NAME\ntool \\- Does things.\n")
                .contains(".SH DESCRIPTION\n.PP\nA second paragraph.\nA line of its own.\n")
                .contains(".SH COMMANDS\n.TP\n\\fBsub\\fR\nThe subcommand.\nSee \\fBtool\\-sub\\fR(1).\n")
                .doesNotContain("\\fBhelp\\fR");

        String sub = CommandDocs.manPage(tool.getSubcommands().get("sub").getCommandSpec());
        assertThat(sub).contains(".SH NAME\ntool\\-sub \\- The subcommand.\n")
                .contains(".SH SYNOPSIS\n.nf\ntool sub [\\-\\-quiet] [\\-w=DURATION] FILE\n.fi\n")
                .contains(".SH ARGUMENTS\n.TP\n\\fIFILE\\fR\nThe input.\n")
                .contains(".TP\n\\fB\\-w\\fR, \\fB\\-\\-wait\\fR=\\fIDURATION\\fR\nHow long (default: 5s).\n.IP\n100% sure.\n")
                .contains(".TP\n\\fB\\-\\-quiet\\fR\nSays less.\n")
                .contains(".SH SEE ALSO\n\\fBtool\\fR(1)\n");
    }

    @Test
    void textThatTroffWouldTakeForARequestOrAnEscapeStaysText() {
        String sub = CommandDocs.manPage(new CommandLine(new Tool()).getSubcommands().get("sub").getCommandSpec());
        assertThat(sub).contains("\n\\&.dot and 'quote lines stay text; C:\\epath keeps its backslash.\n");
        assertThat(CommandDocs.escape("'quoted")).isEqualTo("\\&'quoted");
    }
}
