package net.igmp.linux.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format (version 0.0.4): per metric family one {@code # HELP} and one
 * {@code # TYPE} line, then its samples, {@code name{label="value",...} value}. Samples are grouped under their
 * family whatever order they are added in, so a family never appears twice.
 */
public final class MetricsText {
    /** The content type of the format, for HTTP. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    public enum Type {
        COUNTER, GAUGE;

        String word() {
            return name().toLowerCase();
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private record Family(String name, Type type, String help, List<String> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family; declaring it again with the same type is allowed, with another type is a bug. */
    public MetricsText family(String name, Type type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) throw new IllegalArgumentException("invalid metric name: " + name);
        if (name.startsWith("__")) throw new IllegalArgumentException("reserved metric name: " + name);
        Family f = families.get(name);
        if (f == null) families.put(name, new Family(name, type, help, new ArrayList<>()));
        else if (f.type() != type) throw new IllegalArgumentException(name + " is already a " + f.type().word());
        return this;
    }

    /** A sample of a declared family; {@code labels} are name, value pairs. */
    public MetricsText sample(String name, double value, String... labels) {
        return add(name, formatValue(value), labels);
    }

    public MetricsText sample(String name, long value, String... labels) {
        return add(name, Long.toString(value), labels);
    }

    private MetricsText add(String name, String value, String... labels) {
        Family f = families.get(name);
        if (f == null) throw new IllegalArgumentException("undeclared metric family: " + name);
        if (labels.length % 2 != 0) throw new IllegalArgumentException("labels come in name, value pairs");
        StringBuilder sb = new StringBuilder(name);
        if (labels.length > 0) {
            sb.append('{');
            for (int k = 0; k < labels.length; k += 2) {
                String label = labels[k];
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__"))
                    throw new IllegalArgumentException("invalid label name: " + label);
                if (k > 0) sb.append(',');
                sb.append(label).append("=\"").append(escapeLabelValue(labels[k + 1])).append('"');
            }
            sb.append('}');
        }
        f.samples().add(sb.append(' ').append(value).toString());
        return this;
    }

    /** The whole document, each line ending in a newline. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Family f : families.values()) {
            sb.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            sb.append("# TYPE ").append(f.name()).append(' ').append(f.type().word()).append('\n');
            for (String s : f.samples()) sb.append(s).append('\n');
        }
        return sb.toString();
    }

    /** Label values: backslash, double quote and line feed are escaped as \\, \" and \n. */
    static String escapeLabelValue(String v) {
        if (v == null) return "";
        StringBuilder sb = new StringBuilder(v.length());
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** HELP text: backslash and line feed are escaped (a double quote is not). */
    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String formatValue(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        // plain digits (a Unix time in seconds reads 1795624997.98, not 1.79562499798E9)
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
