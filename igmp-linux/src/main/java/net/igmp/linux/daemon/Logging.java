package net.igmp.linux.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The daemon's log, written through SLF4J by Logback: one line per event. On a terminal or into a file a line is
 * {@code 2025-06-01T12:00:00.123Z info interface lan1 up: ...} (an ISO 8601 UTC timestamp, then the level); under
 * systemd it is {@code <6>interface lan1 up: ...}, a syslog priority that journald turns into the entry's level,
 * with no timestamp since journald stamps each entry itself.
 */
public final class Logging {
    private Logging() {}

    /** The levels of {@code --log-level}, most severe first; each shows itself and those above it. */
    public enum LogLevel {
        ERROR(Level.ERROR), WARN(Level.WARN), INFO(Level.INFO), DEBUG(Level.DEBUG);

        final Level logback;

        LogLevel(Level logback) {
            this.logback = logback;
        }

        /** The name on the command line and in the log: {@code error}, {@code warn}, {@code info}, {@code debug}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a line looks. */
    public enum Format {
        /** Timestamp, level, message. */
        PLAIN,
        /** A {@code <N>} syslog priority prefix, then the message (journald adds time and level). */
        JOURNAL;

        /**
         * {@link #JOURNAL} when systemd connected the output to the journal (it sets {@code JOURNAL_STREAM}) and
         * it is not a terminal; {@link #PLAIN} otherwise.
         */
        public static Format detect(Map<String, String> env, boolean terminal) {
            return env.containsKey("JOURNAL_STREAM") && !terminal ? JOURNAL : PLAIN;
        }
    }

    /** Sends every logger's events of {@code level} and above to {@code out}, in {@code format}, replacing any setup. */
    public static void configure(LogLevel level, Format format, OutputStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LineLayout layout = new LineLayout(format);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("out");
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true); // a line is seen as it happens, also when the daemon is killed
        appender.setOutputStream(out);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level.logback);
        root.addAppender(appender);
    }

    /** One event, one line: a message with a line break (an exception's text) is folded onto it. */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        private final Format format;

        LineLayout(Format format) {
            this.format = format;
        }

        @Override
        public String doLayout(ILoggingEvent e) {
            String message = e.getFormattedMessage();
            if (e.getThrowableProxy() != null) message += ": " + ThrowableProxyUtil.asString(e.getThrowableProxy());
            message = message.strip().replaceAll("\\s*\\R\\s*", " | ");
            return switch (format) {
                case PLAIN -> e.getInstant() + " " + e.getLevel().levelStr.toLowerCase(Locale.ROOT) + " " + message + "\n";
                case JOURNAL -> "<" + syslogPriority(e.getLevel()) + ">" + message + "\n";
            };
        }
    }

    /** RFC 5424 severities, which journald reads from the prefix: err 3, warning 4, info 6, debug 7. */
    static int syslogPriority(Level level) {
        return switch (level.levelInt) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
