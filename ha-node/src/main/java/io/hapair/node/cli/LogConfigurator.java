package io.hapair.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Set;

/**
 * Logging of every hanode command: one line per event, greppable (time, level, logger, message), on
 * standard output for journald, at {@code HANODE_LOG_LEVEL} (default INFO). Logback finds this class as
 * a service (META-INF/services) before it looks for logback.xml: set up in code, a start loads neither
 * logback's XML configuration framework nor the JDK's XML parser.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";
    static final String LEVEL_VARIABLE = "HANODE_LOG_LEVEL";
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> standardOutput = new ConsoleAppender<>();
        standardOutput.setContext(context);
        standardOutput.setName("STDOUT");
        standardOutput.setEncoder(encoder);
        standardOutput.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(standardOutput);
        root.setLevel(level(System.getenv(LEVEL_VARIABLE)));
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        // azure-core warns on every request about a restricted header it handles itself.
        context.getLogger("com.azure.core.http.jdk.httpclient").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The named level; INFO, with a warning naming the variable and its values, for anything else. */
    static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        if (!LEVELS.contains(name.trim().toUpperCase(Locale.ROOT))) {
            System.err.println("hanode: " + LEVEL_VARIABLE + "=" + name + " is not a log level; logging at INFO"
                    + " (set it to one of TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
            return Level.INFO;
        }
        return Level.toLevel(name.trim());
    }
}
