package io.hapair.node.naming.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.settings.Domain;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.Hostname;
import io.hapair.node.settings.NameServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The host name, name servers and domain stored beside what the host has. */
class NamingReadingsTest {

    private static final String PROC = "/proc/sys/kernel/hostname";
    private static final String FILE = "/etc/resolv.conf";

    @Test
    void aHostThatHasWhatIsStoredShowsNoDrift() {
        List<HostReading> readings = NamingReadings.of(Optional.of(new Hostname("LB-1")),
                Optional.of(new NameServer(List.of("10.0.0.2", "FD00::53"))), Optional.of(new Domain("example.com")),
                "lb-1", PROC, new ResolvConf.Reading(List.of("10.0.0.2", "fd00::53"), "example.com"), FILE);

        assertThat(readings).containsExactly(
                new HostReading("hostname", "name", "lb-1", "lb-1", PROC),
                new HostReading("name-server", "addresses", "10.0.0.2, fd00::53", "10.0.0.2, fd00::53", FILE),
                new HostReading("domain", "name", "example.com", "example.com", FILE));
        assertThat(readings).noneMatch(HostReading::drift);
    }

    @Test
    void aHostThatDiffersShowsDriftAndWhatItHas() {
        List<HostReading> readings = NamingReadings.of(Optional.of(new Hostname("lb-1")),
                Optional.of(new NameServer(List.of("10.0.0.2", "10.0.0.3"))), Optional.of(new Domain("example.com")),
                "ubuntu", PROC, new ResolvConf.Reading(List.of("10.0.0.3", "10.0.0.2"), "example.com other.example"),
                FILE);

        assertThat(readings).allMatch(HostReading::drift).extracting(HostReading::actual)
                .containsExactly("ubuntu", "10.0.0.3, 10.0.0.2", "example.com other.example");
    }

    @Test
    void aFileWithoutNameServersOrThatCannotBeReadHasNothingForThem() {
        List<HostReading> empty = NamingReadings.of(Optional.empty(), Optional.of(new NameServer(List.of("10.0.0.2"))),
                Optional.of(new Domain("example.com")), "lb-1", PROC, new ResolvConf.Reading(List.of(), null), FILE);
        List<HostReading> unreadable = NamingReadings.of(Optional.empty(),
                Optional.of(new NameServer(List.of("10.0.0.2"))), Optional.empty(), null, PROC, null,
                "cannot read " + FILE + ": denied");

        assertThat(empty).extracting(HostReading::actual).containsExactly(null, null);
        assertThat(unreadable).singleElement().satisfies(r -> {
            assertThat(r.actual()).isNull();
            assertThat(r.source()).isEqualTo("cannot read /etc/resolv.conf: denied");
        });
    }

    @Test
    void aSettingThatIsNotStoredIsNotManagedSoItHasNoReading() {
        assertThat(NamingReadings.of(Optional.empty(), Optional.empty(), Optional.empty(), "ubuntu", PROC,
                new ResolvConf.Reading(List.of("168.63.129.16"), "cloud.example"), FILE)).isEmpty();
    }
}
