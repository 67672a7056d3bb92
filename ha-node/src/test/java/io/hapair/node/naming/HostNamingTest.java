package io.hapair.node.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver's file and the host name command's failures, on this host but never changing its name: the commands
 * here cannot (tests/.../host/HostNamingTest sets a name in a UTS namespace of its own).
 */
class HostNamingTest {

    @TempDir
    Path dir;

    private NamingHost host(String... command) {
        return new NamingHost(List.of(command), dir.resolve("resolv.conf"));
    }

    @Test
    void theFileIsMovedIntoPlaceReadableByEveryoneAndOnlyWhenItsTextChanges() throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.writeString(file, "nameserver 10.0.0.9\n");

        assertThat(HostNaming.writeResolvConf(file, "nameserver 10.0.0.2\n", HostNaming.readResolvConf(file))).isTrue();
        assertThat(file).hasContent("nameserver 10.0.0.2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(dir).isDirectoryNotContaining(p -> !p.equals(file));

        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, before);
        assertThat(HostNaming.writeResolvConf(file, "nameserver 10.0.0.2\n", HostNaming.readResolvConf(file)))
                .isFalse();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);
    }

    @Test
    void aMissingFileReadsAsEmptyAndIsCreated() throws Exception {
        Path file = dir.resolve("resolv.conf");

        assertThat(HostNaming.readResolvConf(file)).isEmpty();
        assertThat(HostNaming.writeResolvConf(file, "search example.com\n", "")).isTrue();
        assertThat(file).hasContent("search example.com");
    }

    @Test
    void aSymbolicLinkIsLeftToTheProgramThatManagesItAndTheRefusalSaysWhatToDo() throws Exception {
        Path target = Files.writeString(dir.resolve("stub-resolv.conf"), "nameserver 127.0.0.53\n");
        Path link = Files.createSymbolicLink(dir.resolve("resolv.conf"), target);

        assertThatThrownBy(() -> HostNaming.writeResolvConf(link, "nameserver 10.0.0.2\n",
                HostNaming.readResolvConf(link))).isInstanceOf(HostNaming.Failure.class)
                .hasMessageContaining(link + " is a symbolic link (to " + target + ")")
                .hasMessageContaining("systemd-resolved").hasMessageContaining("replace the link by a file");
        assertThat(target).hasContent("nameserver 127.0.0.53");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aHostThatHasTheNameAlreadyRunsNoCommand() throws Exception {
        assertThat(HostNaming.setHostname(host(dir.resolve("no-such-program").toString()), NamingHost.hostname()))
                .isFalse();
    }

    @Test
    void aMissingFailingOrIneffectiveCommandIsAFailureWithItsFix() throws Exception {
        String other = "x" + NamingHost.hostname().hashCode();
        Path missing = dir.resolve("no-such-program");

        assertThatThrownBy(() -> HostNaming.setHostname(host(missing.toString()), other))
                .isInstanceOf(HostNaming.Failure.class).hasMessageStartingWith("cannot run " + missing + " " + other)
                .hasMessageContaining("set hostname-command");
        assertThatThrownBy(() -> HostNaming.setHostname(host("sh", "-c", "echo 'Access denied' >&2; exit 1", "sh"),
                other)).isInstanceOf(HostNaming.Failure.class)
                .hasMessageContaining("failed (exit 1): Access denied")
                .hasMessageContaining("polkit").hasMessageContaining("org.freedesktop.hostname1.set-hostname");
        assertThatThrownBy(() -> HostNaming.setHostname(host("true"), other))
                .isInstanceOf(HostNaming.Failure.class)
                .hasMessageContaining("true " + other + " succeeded, but the host name is still '"
                        + NamingHost.hostname() + "'");
    }
}
