package io.hapair.node.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** While a cloud command runs, SDK log lines go to standard error: warnings only, INFO too with --verbose. */
class CliLoggingTest {

    private static final Logger SDK = LoggerFactory.getLogger("com.azure.core.http.SomeClient");

    @Test
    void quietByDefaultTheSdksInfoLinesAreDroppedAndItsWarningsGoToStandardError() {
        String err = loggedToStandardError(false);

        assertThat(err).contains("a warning from the SDK").doesNotContain("an info line from the SDK");
    }

    @Test
    void verboseAlsoSendsTheSdksInfoLinesToStandardError() {
        String err = loggedToStandardError(true);

        assertThat(err).contains("a warning from the SDK").contains("an info line from the SDK");
    }

    private static String loggedToStandardError(boolean verbose) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, UTF_8));
        try (CliLogging logging = CliLogging.toStandardError(verbose)) {
            SDK.info("an info line from the SDK");
            SDK.warn("a warning from the SDK");
        } finally {
            System.setErr(before);
        }
        return err.toString(UTF_8);
    }
}
