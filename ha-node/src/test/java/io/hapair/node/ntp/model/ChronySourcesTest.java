package io.hapair.node.ntp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.settings.NtpServer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ChronySourcesTest {

    @Test
    void everyServerIsAnIburstSourceAndThePreferredOneSaysSo() {
        String text = ChronySources.render(List.of(new NtpServer("ntp2.example.com", false),
                new NtpServer("10.0.0.123", true), new NtpServer("fd00::7b", null)));

        assertThat(text).isEqualTo(ChronySources.HEADER
                + "server 10.0.0.123 iburst prefer\n"
                + "server fd00::7b iburst\n"
                + "server ntp2.example.com iburst\n");
    }

    @Test
    void withoutServersTheFileHoldsNoSourcesOnlyWhereItComesFrom() {
        assertThat(ChronySources.render(List.of())).isEqualTo(ChronySources.HEADER).startsWith("#")
                .doesNotContainPattern("(?m)^server ");
    }

    @Test
    void aHostThatWouldAddDirectivesOfItsOwnIsRefused() {
        assertThatThrownBy(() -> ChronySources.render(List.of(new NtpServer("10.0.0.1 iburst\ncmdallow all", false))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go into chrony's configuration");
    }

    @Property
    void bothNodesRenderTheSameTextWhateverOrderTheirStoresListTheServersIn(
            @ForAll("servers") List<NtpServer> servers) {
        List<NtpServer> reversed = new java.util.ArrayList<>(servers);
        java.util.Collections.reverse(reversed);

        String text = ChronySources.render(servers);

        assertThat(ChronySources.render(reversed)).isEqualTo(text);
        List<String> lines = text.lines().skip(1).toList();
        assertThat(lines).hasSize(servers.size()).isSorted();
        for (NtpServer server : servers) {
            assertThat(lines).contains("server " + server.host() + " iburst" + (server.prefer() ? " prefer" : ""));
        }
    }

    @Provide
    Arbitrary<List<NtpServer>> servers() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(20).filter(l -> !l.startsWith("-") && !l.endsWith("-"))
                .list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels));
        Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
        Arbitrary<NtpServer> server = Combinators.combine(Arbitraries.oneOf(names, v4), Arbitraries.of(true, false))
                .as(NtpServer::new);
        return server.list().ofMaxSize(6).uniqueElements(NtpServer::host);
    }

    @Test
    void aStoredServerChronydDoesNotHaveShowsAsDrift() {
        // chronyc -c -N sources of chrony 4.3: mode, state, name as configured, stratum, poll, reach, ...
        String csv = "^,*,ntp1.example.net,2,6,377,34,0.000012,0.000010,0.004\n"
                + "^,?,2.debian.pool.ntp.org,0,6,0,-,0.0,0.0,0.0\n";

        var readings = ChronySources.readings(List.of(new NtpServer("ntp1.example.net", null),
                new NtpServer("10.0.0.123", true)), ChronySources.names(csv), "chronyc -c -N sources");

        assertThat(readings).extracting(r -> r.item() + " " + r.actual() + " " + r.drift())
                .containsExactly("10.0.0.123 null true", "ntp1.example.net ntp1.example.net false");
    }
}
