package io.hapair.node.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The node's logging as every hanode command sets it up: greppable lines on standard output at HANODE_LOG_LEVEL. */
class LogConfiguratorTest {

    @Test
    void logbackSetsUpTheNodesLoggingFromTheServiceNotFromAnXmlFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNotNull();
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.vertx").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void eachEventIsOneLineWithTimeLevelLoggerAndMessageOnStandardOutput() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) context
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("io.hapair.node.runtime.Node"),
                Level.INFO, "node: started", null, null);

        assertThat(console.getTarget()).isEqualTo("System.out");
        assertThat(new String(console.getEncoder().encode(event), UTF_8)).matches(Pattern.compile(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  Node - node: started\\R"));
    }

    @Test
    void levelNamesAreReadInAnyCaseAndNoneMeansInfo() {
        assertThat(LogConfigurator.level("debug")).isEqualTo(Level.DEBUG);
        assertThat(LogConfigurator.level(" WARN ")).isEqualTo(Level.WARN);
        assertThat(LogConfigurator.level(null)).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.level("")).isEqualTo(Level.INFO);
    }

    @Test
    void anUnknownLevelLogsAtInfoAndSaysWhichVariableToFixAndItsValues() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, UTF_8));
        Level level;
        try {
            level = LogConfigurator.level("verbose");
        } finally {
            System.setErr(before);
        }

        assertThat(level).isEqualTo(Level.INFO);
        assertThat(err.toString(UTF_8)).contains("HANODE_LOG_LEVEL=verbose is not a log level")
                .contains("TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }
}
