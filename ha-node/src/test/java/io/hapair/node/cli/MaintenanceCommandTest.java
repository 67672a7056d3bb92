package io.hapair.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MaintenanceCommandTest {

    @Test
    void statusSaysSinceWhenAndWhoOrThatTheNodeIsNotInMaintenance() {
        assertThat(MaintenanceCommand.describe(new JsonObject().put("enabled", false).putNull("since").putNull("by")))
                .isEqualTo("not in maintenance");
        assertThat(MaintenanceCommand.describe(new JsonObject().put("enabled", true).put("since", 1_790_000_000_000L)
                .put("by", "bal@10.0.0.7")))
                .isEqualTo("in maintenance since 2026-09-21T14:13:20Z (by bal@10.0.0.7)");
    }

    @Test
    void anActionOtherThanOnOffOrStatusIsBadInputNamingTheThree() {
        String[] args = {"maintenance", "enable", "--insecure"};
        StringWriter err = new StringWriter();
        CommandLine cl = HaNodeCommand.commandLine(args);
        cl.setErr(new PrintWriter(err, true));

        int status = cl.execute(args);

        assertThat(status).isEqualTo(HaNodeCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("enable").contains("on, off, status");
    }

    @Test
    void withoutAPasswordNothingIsSentAndTheFixIsNamed() {
        String[] args = {"maintenance", "on", "--insecure", "--password", ""};
        StringWriter err = new StringWriter();
        CommandLine cl = HaNodeCommand.commandLine(args);
        cl.setErr(new PrintWriter(err, true));

        int status = cl.execute(args);

        assertThat(status).isEqualTo(HaNodeCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("hanode maintenance: refused: --password is missing");
    }
}
