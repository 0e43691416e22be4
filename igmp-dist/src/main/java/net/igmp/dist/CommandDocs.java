package net.igmp.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.igmp.cli.Main;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the package's documentation from the command classes: one man page (section 1, man(7) macros) per
 * command and subcommand, and the bash completion script. Usage: {@code CommandDocs MANDIR COMPLETIONFILE}.
 */
public final class CommandDocs {
    private CommandDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: CommandDocs MANDIR COMPLETIONFILE");
        CommandLine root = Main.commandLine(); // as run: with the router's setting options
        Path manDir = Files.createDirectories(Path.of(args[0]));
        for (CommandLine c : commands(root))
            Files.writeString(manDir.resolve(pageName(c.getCommandSpec()) + ".1"), manPage(c.getCommandSpec()));
        Path completion = Path.of(args[1]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash(root.getCommandName(), root));
    }

    /** The command and its subcommands, depth first. */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : children(root)) all.addAll(commands(sub));
        return all;
    }

    /** The documented subcommands: picocli's generic {@code help} has no page, an alias no second one. */
    static List<CommandLine> children(CommandLine command) {
        return command.getSubcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandSpec().name()))
                .map(java.util.Map.Entry::getValue)
                .filter(c -> !(c.getCommand() instanceof CommandLine.HelpCommand) && !c.getCommandSpec().usageMessage().hidden())
                .toList();
    }

    /** {@code igmp-router} for {@code igmp router}, as git names its pages. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String manPage(CommandSpec spec) {
        String version = spec.root().version().length > 0 ? spec.root().version()[0] : spec.root().name();
        StringBuilder out = new StringBuilder();
        out.append(".TH ").append(quote(pageName(spec).toUpperCase(Locale.ROOT))).append(" 1 \"\" ")
                .append(quote(version)).append(" \"User Commands\"\n");
        String[] description = lines(spec.usageMessage().description());
        out.append(".SH NAME\n").append(escape(pageName(spec))).append(" \\- ")
                .append(escape(description.length > 0 ? description[0] : "")).append('\n');

        out.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).stripTrailing();
        for (String line : synopsis.split("\n")) out.append(escape(line)).append('\n');
        out.append(".fi\n");

        if (description.length > 1) {
            out.append(".SH DESCRIPTION\n");
            paragraphs(out, List.of(description).subList(1, description.length), ".PP\n", ".PP\n");
        }

        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals)
                item(out, "\\fI" + escape(p.paramLabel()) + "\\fR", p.description());
        }

        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            out.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                StringBuilder term = new StringBuilder();
                for (String name : o.names()) {
                    if (!term.isEmpty()) term.append(", ");
                    term.append("\\fB").append(escape(name)).append("\\fR");
                }
                if (o.arity().max() > 0) term.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
                item(out, term.toString(), o.description());
            }
        }

        List<CommandLine> subs = children(spec.commandLine());
        if (!subs.isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (CommandLine c : subs) {
                String[] d = lines(c.getCommandSpec().usageMessage().description());
                item(out, "\\fB" + escape(c.getCommandName()) + "\\fR", d.length > 0 ? new String[] {d[0]} : d);
                out.append("See \\fB").append(escape(pageName(c.getCommandSpec()))).append("\\fR(1).\n");
            }
        }

        String[] footer = lines(spec.usageMessage().footer());
        if (footer.length > 0 && !String.join("", footer).isBlank()) {
            out.append(".SH NOTES\n.nf\n");
            for (String line : footer) out.append(line.isBlank() ? "" : escape(line)).append('\n');
            out.append(".fi\n");
        }

        List<String> seeAlso = new ArrayList<>();
        if (spec.parent() != null) seeAlso.add(pageName(spec.parent()));
        for (CommandLine c : subs) seeAlso.add(pageName(c.getCommandSpec()));
        if (!seeAlso.isEmpty()) {
            out.append(".SH SEE ALSO\n");
            out.append(String.join(", ", seeAlso.stream().map(n -> "\\fB" + escape(n) + "\\fR(1)").toList())).append('\n');
        }
        return out.toString();
    }

    private static void item(StringBuilder out, String term, String[] description) {
        out.append(".TP\n").append(term).append('\n');
        paragraphs(out, List.of(lines(description)), "", ".IP\n");
    }

    /** Blank lines separate paragraphs, as in picocli's own help; each paragraph opens with its macro. */
    private static void paragraphs(StringBuilder out, List<String> lines, String first, String later) {
        boolean opening = true;
        String macro = first;
        for (String line : lines) {
            if (line.isBlank()) {
                opening = true;
                continue;
            }
            if (opening) {
                out.append(macro);
                macro = later;
            }
            out.append(escape(line.strip())).append('\n');
            opening = false;
        }
    }

    /** picocli descriptions use printf line breaks ({@code %n}) and escape percent signs as {@code %%}. */
    private static String[] lines(String[] text) {
        List<String> result = new ArrayList<>();
        for (String t : text) result.addAll(List.of(t.replace("%n", "\n").replace("%%", "%").split("\n", -1)));
        return result.toArray(String[]::new);
    }

    private static String quote(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }

    /** Backslashes, option hyphens, and lines that would start with a control character. */
    static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
