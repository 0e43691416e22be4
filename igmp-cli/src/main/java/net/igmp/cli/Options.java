package net.igmp.cli;

import net.igmp.core.router.InvalidSettingException;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.sim.Durations;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Option values shared by the subcommands, and the wording of their errors: a value that does not parse is
 * {@code --option: not a KIND: 'value' (hint)}, a value out of range is {@code --option must be RULE, got VALUE}.
 */
final class Options {
    private Options() {}

    /**
     * A duration as scenario files write it ({@code 125s}, {@code 100ms}, {@code 2m}), parsed by the scenario
     * loader's parser; a bare number is refused.
     */
    record Duration(String text, long micros) {
        long millis() {
            return micros / 1000;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Converters for every option type the commands share; registered once on the root command. */
    static void register(CommandLine cl) {
        cl.registerConverter(Duration.class, Options::duration);
        cl.registerConverter(Integer.class, s -> (int) wholeNumber(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(int.class, s -> (int) wholeNumber(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Long.class, s -> wholeNumber(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.registerConverter(long.class, s -> wholeNumber(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.registerConverter(Ipv4Prefix.class, Options::prefix);
    }

    /** A negative duration converts, so that the option's range check names it ("must be positive, got -3s"). */
    private static Duration duration(String s) {
        try {
            return new Duration(s, Durations.parseMicros(s));
        } catch (IllegalArgumentException e) {
            if (s.startsWith("-")) {
                try {
                    return new Duration(s, -Durations.parseMicros(s.substring(1)));
                } catch (IllegalArgumentException ignored) {
                    // not a negative duration either: the first message says what a duration is
                }
            }
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static long wholeNumber(String s, long min, long max) {
        long v;
        try {
            v = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a whole number: '" + s + "'");
        }
        if (v < min || v > max) throw new TypeConversionException("not a whole number: '" + s + "' (too large)");
        return v;
    }

    /** A prefix such as 232.0.0.0/8, or {@code none}. */
    private static Ipv4Prefix prefix(String s) {
        if (s.equalsIgnoreCase("none")) return Ipv4Prefix.NONE;
        try {
            return Ipv4Prefix.parse(s);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().startsWith("not an IPv4 address") ? "" : e.getMessage() + "; ";
            throw new TypeConversionException("not a prefix: '" + s + "' (" + why + "write ADDRESS/LENGTH such as 232.0.0.0/8, or none)");
        }
    }

    /** The one line for a usage error: a value that does not convert is named by its option. */
    static String describe(ParameterException ex) {
        if (ex.getCause() instanceof TypeConversionException t && ex.getArgSpec() instanceof OptionSpec o)
            return o.longestName() + ": " + t.getMessage();
        String m = ex.getMessage(); // picocli's own: "Unknown option: '--x'", "Missing required parameter: 'FILE'"
        if (m.isEmpty()) return m;
        m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty())
            m += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        return m;
    }

    /** {@code e} in the command's own words: each setting as its option ({@code queryInterval} as {@code --query-interval}). */
    static ParameterException usage(CommandSpec spec, InvalidSettingException e) {
        return Main.usage(spec, e.message(setting -> optionOf(spec, setting)));
    }

    private static String optionOf(CommandSpec spec, String setting) {
        String words = setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        // --igmp-version first: --version is the command's own
        for (String option : new String[]{"--igmp-" + words, "--" + words})
            if (spec.findOption(option) != null) return option;
        return setting;
    }
}
