package io.hapair.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.config.ConfigKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HaNodeCommandTest {

    private static final String[] ALL = {"run", "demo", "status", "switchover", "maintenance", "cloud", "geo"};

    @Test
    void aCommandLineNamingItsSubcommandBuildsOnlyThatOneWithEveryConfigurationFlag() {
        CommandLine cl = HaNodeCommand.commandLine(new String[] {"run", "--data-dir", "/tmp/x"});

        assertThat(cl.getSubcommands()).containsOnlyKeys("run");
        assertThat(cl.getSubcommands().get("run").getCommandSpec().findOption(ConfigKey.DATA_DIR.flag())).isNotNull();
    }

    @Test
    void withoutASubcommandOrWithAnUnknownOneEverySubcommandIsThereForTheUsageAndTheError() {
        assertThat(HaNodeCommand.commandLine(new String[0]).getSubcommands()).containsOnlyKeys(ALL);
        assertThat(HaNodeCommand.commandLine(new String[] {"--help"}).getSubcommands()).containsOnlyKeys(ALL);

        StringWriter err = new StringWriter();
        CommandLine cl = HaNodeCommand.commandLine(new String[] {"rnu"});
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute("rnu");

        assertThat(status).isEqualTo(HaNodeCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("rnu").contains("hanode --help");
    }

    @Test
    void aBadFlagOfTheNamedSubcommandStillExitsAsBadInputNamingItsHelp() {
        StringWriter err = new StringWriter();
        CommandLine cl = HaNodeCommand.commandLine(new String[] {"run", "--no-such-flag"});
        cl.setErr(new PrintWriter(err, true));

        int status = cl.execute("run", "--no-such-flag");

        assertThat(status).isEqualTo(HaNodeCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--no-such-flag").contains("hanode run --help");
    }
}
