package net.igmp.core.router;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A router setting out of its range. The message names settings as scenario files do ({@code queryInterval});
 * a front end with its own spelling of them ({@code --query-interval}) renders it with {@link #message(UnaryOperator)}.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final Pattern NAME = Pattern.compile("\\{(\\w+)}");

    private final String template;

    /** {@code template} writes each setting's name in braces: "{queryInterval} must be ...". */
    InvalidSettingException(String template) {
        super("invalid interface config: " + render(template, UnaryOperator.identity()));
        this.template = template;
    }

    /** The rule and the value, with each setting named by {@code name}. */
    public String message(UnaryOperator<String> name) {
        return render(template, name);
    }

    private static String render(String template, UnaryOperator<String> name) {
        return NAME.matcher(template).replaceAll(m -> Matcher.quoteReplacement(name.apply(m.group(1))));
    }

    /** A time in the unit people write it in: {@code 125s}, {@code 2.5s}, {@code 100ms}. */
    static String time(long ms) {
        return net.igmp.core.time.Durations.formatMillis(ms);
    }
}
