package io.hapair.node.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.hapair.node.settings.SyslogTarget.Severity;
import io.hapair.node.syslog.model.SyslogMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogForwarderTest {

    private static final LoggerContext LOGBACK = new LoggerContext();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"ERROR, ERR", "WARN, WARNING", "INFO, INFO", "DEBUG, DEBUG", "TRACE, DEBUG"})
    void logLevelsBecomeTheirSyslogSeverities(String level, Severity severity) {
        assertThat(SyslogForwarder.severity(Level.toLevel(level))).isEqualTo(severity);
    }

    @Test
    void aLogEventBecomesAMessageNamedByThePartOfTheNodeThatLoggedIt() {
        LoggingEvent event = new LoggingEvent("x", LOGBACK.getLogger("io.hapair.node.runtime.RoleShell"), Level.INFO,
                "role: {}: {}", null, new Object[] {"transition", "standby -> active"});
        event.setTimeStamp(1234);

        assertThat(SyslogForwarder.message(event)).isEqualTo(new SyslogMessage(1234, Severity.INFO, "RoleShell",
                "role: transition: standby -> active"));
    }

    @Test
    void anExceptionIsSummedUpAfterTheText() {
        LoggingEvent event = new LoggingEvent("x", LOGBACK.getLogger("io.hapair.node.sync.SyncService"), Level.ERROR,
                "sync: cannot store settings from the partner", new IllegalStateException("disk full"), null);

        assertThat(SyslogForwarder.message(event).text())
                .isEqualTo("sync: cannot store settings from the partner (java.lang.IllegalStateException: disk full)");
    }
}
