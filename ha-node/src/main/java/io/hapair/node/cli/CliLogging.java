package io.hapair.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Logging while a {@code hanode cloud} command runs: its standard output is the command's own
 * output (a plan, findings), so log lines (mostly the cloud SDKs') go to standard error, warnings
 * and errors only unless {@code --verbose}. The node ({@code hanode run}) keeps {@link LogConfigurator}'s
 * setup: to standard output, for journald, at {@code HANODE_LOG_LEVEL}; closing restores that.
 */
final class CliLogging implements AutoCloseable {

    private final Logger root;
    private final Level levelBefore;
    private final List<Appender<ILoggingEvent>> consoles;
    private final ConsoleAppender<ILoggingEvent> standardError;

    private CliLogging(Logger root, Level levelBefore, List<Appender<ILoggingEvent>> consoles,
                       ConsoleAppender<ILoggingEvent> standardError) {
        this.root = root;
        this.levelBefore = levelBefore;
        this.consoles = consoles;
        this.standardError = standardError;
    }

    /** @param verbose INFO and above instead of WARN and above */
    static CliLogging toStandardError(boolean verbose) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof ConsoleAppender) {
                consoles.add(appender);
            }
        });
        consoles.forEach(root::detachAppender);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(LogConfigurator.PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> standardError = new ConsoleAppender<>();
        standardError.setContext(context);
        standardError.setName("STDERR");
        standardError.setTarget("System.err");
        standardError.setEncoder(encoder);
        standardError.start();
        root.addAppender(standardError);
        Level before = root.getLevel();
        root.setLevel(verbose ? Level.INFO : Level.WARN);
        return new CliLogging(root, before, consoles, standardError);
    }

    @Override
    public void close() {
        root.detachAppender(standardError);
        standardError.stop();
        consoles.forEach(root::addAppender);
        root.setLevel(levelBefore);
    }
}
