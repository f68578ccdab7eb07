package io.chordmr.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Logging flags shared by every command of the node and by the operator: JSON lines, a rolling
 * file, levels per component. A picocli mixin; {@link #apply} replaces logback's configuration.
 */
public final class LoggingOptions {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

    @Option(names = "--log-json", description = "Log one JSON object per line (also CHORDMR_LOG_JSON=true).")
    public boolean json = "true".equalsIgnoreCase(System.getenv("CHORDMR_LOG_JSON"));

    @Option(names = "--log-file", paramLabel = "PATH",
            description = "Also log to PATH, rolled at 10 MB with 5 old files kept.")
    public String file;

    @Option(names = "--log-level", paramLabel = "SPEC", description = "A level (INFO) or per component: "
            + "ring=DEBUG,store=INFO,net=WARN,http=INFO,node=INFO (also CHORDMR_LOG_LEVEL). Default: INFO for node, WARN for clients.")
    public String levels = System.getenv("CHORDMR_LOG_LEVEL");

    /** Replaces the default configuration with what the flags ask for. */
    public void apply(Level defaultLevel) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setTarget(ConsoleTarget.SystemErr.getName());
        console.setEncoder(encoder(ctx));
        console.start();
        root.addAppender(console);
        if (file != null) {
            root.addAppender(rollingFile(ctx));
        }
        ctx.getLogger("io.chordmr").setLevel(defaultLevel);
        for (String part : levels == null ? new String[0] : levels.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                ctx.getLogger("io.chordmr").setLevel(level(p));
            } else {
                ctx.getLogger("io.chordmr." + p.substring(0, eq).trim()).setLevel(level(p.substring(eq + 1)));
            }
        }
    }

    private static Level level(String s) {
        Level l = Level.toLevel(s.trim().toUpperCase(Locale.ROOT), null);
        if (l == null) {
            throw new IllegalArgumentException("unknown log level '" + s.trim() + "'; use TRACE, DEBUG, INFO, WARN or ERROR");
        }
        return l;
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext ctx) {
        if (json) {
            JsonEncoder e = new JsonEncoder();
            e.setContext(ctx);
            e.setWithContext(false);
            e.setWithSequenceNumber(false);
            e.setWithFormattedMessage(true);
            e.start();
            return e;
        }
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(PATTERN);
        e.start();
        return e;
    }

    private RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext ctx) {
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(ctx);
        a.setName("file");
        a.setFile(file);
        FixedWindowRollingPolicy roll = new FixedWindowRollingPolicy();
        roll.setContext(ctx);
        roll.setParent(a);
        roll.setFileNamePattern(file + ".%i");
        roll.setMinIndex(1);
        roll.setMaxIndex(5);
        roll.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        a.setRollingPolicy(roll);
        a.setTriggeringPolicy(trigger);
        a.setEncoder(encoder(ctx));
        a.start();
        return a;
    }
}
