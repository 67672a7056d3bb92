package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.cli.HaNodeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GeoPlanCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void plansTwoPairsAndTwoStandalonesFromAYamlTopology() throws IOException {
        int exit = run("""
                pairs:
                  - {name: pair-a, master: 172.24.1.5, slave: 172.24.1.6}
                  - {name: pair-b, master: 172.24.1.7, slave: 172.24.1.8}
                standalone:
                  - {name: unit-c, address: 172.24.1.9}
                  - {name: unit-d, address: 172.24.1.10}
                """);

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("""
                # remote GEO access = the unit's own GEO address (an HA pair's master) + every address of every \
                other unit; GEO partners = every address outside the unit

                pair-a (HA pair: master 172.24.1.5, slave 172.24.1.6)
                  remote GEO access: 172.24.1.5, 172.24.1.7, 172.24.1.8, 172.24.1.9, 172.24.1.10
                  GEO partners:      172.24.1.7, 172.24.1.8, 172.24.1.9, 172.24.1.10

                pair-b (HA pair: master 172.24.1.7, slave 172.24.1.8)
                  remote GEO access: 172.24.1.7, 172.24.1.5, 172.24.1.6, 172.24.1.9, 172.24.1.10
                  GEO partners:      172.24.1.5, 172.24.1.6, 172.24.1.9, 172.24.1.10

                unit-c (standalone 172.24.1.9)
                  remote GEO access: 172.24.1.9, 172.24.1.5, 172.24.1.6, 172.24.1.7, 172.24.1.8, 172.24.1.10
                  GEO partners:      172.24.1.5, 172.24.1.6, 172.24.1.7, 172.24.1.8, 172.24.1.10

                unit-d (standalone 172.24.1.10)
                  remote GEO access: 172.24.1.10, 172.24.1.5, 172.24.1.6, 172.24.1.7, 172.24.1.8, 172.24.1.9
                  GEO partners:      172.24.1.5, 172.24.1.6, 172.24.1.7, 172.24.1.8, 172.24.1.9
                """);
    }

    @Test
    void aBadAddressExitsTwoNamingTheFieldAndTheFix() throws IOException {
        int exit = run("pairs:\n  - {name: pair-a, master: 172.24.1.5, slave: 172.24.1.x}\n");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("pairs[0].slave: '172.24.1.x' is not an IP address; give an IPv4");
    }

    @Test
    void anUnknownKeyExitsTwoNamingIt() throws IOException {
        int exit = run("pairs:\n  - {name: pair-a, primary: 172.24.1.5, slave: 172.24.1.6}\n");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("primary").contains("hanode geo plan --help");
    }

    private int run(String yaml) throws IOException {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), yaml);
        CommandLine cl = HaNodeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("geo", "plan", topology.toString());
    }
}
