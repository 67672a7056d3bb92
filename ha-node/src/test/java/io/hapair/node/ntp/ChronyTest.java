package io.hapair.node.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources file and chronyc's failures, with Debian's chronyc (no chronyd: tests/.../host has the real one). */
class ChronyTest {

    private static final String EMPTY = "# none\n";

    @TempDir
    Path dir;

    private ChronyHost host(String chronyc) {
        return new ChronyHost(dir.resolve("hanode.sources"), chronyc, dir.resolve("no-chronyd.sock"), Duration.ofSeconds(30));
    }

    @Test
    void theFileIsWrittenReadableForChronydsOwnUserAndAChangedServerListReplacesIt() throws Exception {
        Path file = dir.resolve("hanode.sources");
        ChronyHost host = host("chronyc");

        assertThatThrownBy(() -> Chrony.apply(host, "server 10.0.0.1 iburst\n", EMPTY, false))
                .as("written, then chronyc fails: no chronyd here").isInstanceOf(Chrony.Failure.class);
        assertThat(file).hasContent("server 10.0.0.1 iburst");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");

        assertThatThrownBy(() -> Chrony.apply(host, "server 10.0.0.2 iburst\n", EMPTY, false))
                .isInstanceOf(Chrony.Failure.class);
        assertThat(file).hasContent("server 10.0.0.2 iburst");
        assertThat(dir).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("hanode.sources"));
    }

    @Test
    void anUnchangedRenderingIsNotRewrittenNorReloaded() throws Exception {
        Path file = dir.resolve("hanode.sources");
        Files.writeString(file, "server 10.0.0.1 iburst\n");
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, before);

        assertThat(Chrony.apply(host("chronyc"), "server 10.0.0.1 iburst\n", EMPTY, false)).isFalse();

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);
    }

    @Test
    void noServersAndNoFileIsNoChangeSoNothingIsCreated() throws Exception {
        assertThat(Chrony.apply(host("chronyc"), EMPTY, EMPTY, false)).isFalse();

        assertThat(dir.resolve("hanode.sources")).doesNotExist();
    }

    @Test
    void aMissingDirectoryNamesTheKeyAndChronysPackage() {
        ChronyHost host = new ChronyHost(dir.resolve("sources.d/hanode.sources"), "chronyc", null, Duration.ofSeconds(30));

        assertThatThrownBy(() -> Chrony.apply(host, "server 10.0.0.1 iburst\n", EMPTY, false))
                .isInstanceOf(Chrony.Failure.class)
                .hasMessageContaining("the directory " + dir.resolve("sources.d") + " does not exist")
                .hasMessageContaining("install Debian's chrony package").hasMessageContaining("chrony-sources-file");
    }

    @Test
    void aChronycThatIsNotThereSaysToInstallChronyOrSetItsPath() {
        assertThatThrownBy(() -> Chrony.run(host(dir.resolve("no-chronyc").toString()), "-c", "tracking"))
                .isInstanceOf(Chrony.Failure.class).hasMessageStartingWith("cannot run " + dir.resolve("no-chronyc"))
                .hasMessageContaining("install Debian's chrony package, or set chronyc to the program's path");
    }

    @Test
    void aSocketNoChronydListensOnIsNamedWithTheWaysToFixIt() {
        assertThatThrownBy(() -> Chrony.run(host("chronyc"), "-c", "tracking"))
                .isInstanceOf(Chrony.Failure.class)
                .hasMessageStartingWith("chronyc -h " + dir.resolve("no-chronyd.sock") + " -c tracking failed (exit 1):"
                        + " Could not open connection to daemon")
                .hasMessageContaining("group _chrony").hasMessageContaining("set chrony-socket");
    }
}
