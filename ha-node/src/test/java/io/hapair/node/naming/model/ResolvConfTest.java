package io.hapair.node.naming.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolver's file as the node writes it and reads it back. */
class ResolvConfTest {

    // As Ubuntu's systemd-resolved writes its file for glibc: comments, a stub name server, options, a search list.
    private static final String CLOUD = """
            # This is /run/systemd/resolve/resolv.conf managed by man:systemd-resolved(8).
            nameserver 168.63.129.16
            options edns0 trust-ad
            search abc.internal.cloudapp.net
            """;

    @Test
    void storedNameServersGoInTheirOrderAndTheDomainAsTheSearchListBelowTheNodesHeader() {
        String text = ResolvConf.render(List.of("10.0.0.3", "10.0.0.2", "fd00::53"), "example.com", "");

        assertThat(text).isEqualTo(ResolvConf.HEADER + """
                search example.com
                nameserver 10.0.0.3
                nameserver 10.0.0.2
                nameserver fd00::53
                """);
        assertThat(ResolvConf.HEADER).startsWith("# ").contains("hanode").endsWith("\n").containsOnlyOnce("\n");
    }

    @Test
    void whatIsNotStoredStaysAsTheHostHasItAndSoDoTheFilesOptions() {
        assertThat(ResolvConf.render(List.of("10.0.0.2"), null, CLOUD)).isEqualTo(ResolvConf.HEADER + """
                search abc.internal.cloudapp.net
                nameserver 10.0.0.2
                options edns0 trust-ad
                """);
        assertThat(ResolvConf.render(null, "example.com", CLOUD)).isEqualTo(ResolvConf.HEADER + """
                search example.com
                nameserver 168.63.129.16
                options edns0 trust-ad
                """);
    }

    @Test
    void aDomainLineGivesWayToTheStoredDomainAndItsOwnRenderingRendersTheSame() {
        String old = "domain old.example\nnameserver 10.0.0.9\n";
        String text = ResolvConf.render(List.of("10.0.0.2"), "example.com", old);

        assertThat(text).doesNotContain("old.example", "10.0.0.9");
        assertThat(ResolvConf.render(List.of("10.0.0.2"), "example.com", text)).as("nothing to write the next time")
                .isEqualTo(text);
    }

    @Test
    void aValueThatWouldAddDirectivesOfItsOwnIsRefused() {
        assertThatThrownBy(() -> ResolvConf.render(List.of("10.0.0.2\noptions ndots:15"), null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name server '10.0.0.2");
        assertThatThrownBy(() -> ResolvConf.render(null, "a.example b.example", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain 'a.example b.example'");
    }

    @Test
    void readingFindsTheNameServersInOrderInCanonicalFormAndTheLastSearchOrDomainLine() {
        ResolvConf.Reading reading = ResolvConf.parse("""
                ; a comment
                # nameserver 10.9.9.9
                search first.example
                nameserver 10.0.0.2
                nameserver\tFD00:0:0::53
                options rotate
                domain   second.example
                """);

        assertThat(reading.nameServers()).containsExactly("10.0.0.2", "fd00::53");
        assertThat(reading.search()).isEqualTo("second.example");
        assertThat(ResolvConf.parse("search a.example  b.example\n").search()).isEqualTo("a.example b.example");
        assertThat(ResolvConf.parse("")).isEqualTo(new ResolvConf.Reading(List.of(), null));
    }

    @Test
    void whatTheNodeWritesReadsBackAsWhatWasStored() {
        ResolvConf.Reading reading = ResolvConf.parse(ResolvConf.render(List.of("10.0.0.2", "10.0.0.3"), "example.com",
                CLOUD));

        assertThat(reading).isEqualTo(new ResolvConf.Reading(List.of("10.0.0.2", "10.0.0.3"), "example.com"));
    }
}
