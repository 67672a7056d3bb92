package io.hapair.cloud.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudClassesTest {

    /** Stands in for an SDK class: the test copies its bytes into the nested jar. */
    public static final class Probe {
    }

    private static final String PROBE = Probe.class.getName();
    private static final String PROBE_FILE = PROBE.replace('.', '/') + ".class";

    @TempDir
    Path work;

    @TempDir
    Path tmpdir;

    @Test
    void loadsClassesAndResourcesFromTheNestedJarOfAnOuterJar() throws Exception {
        try (URLClassLoader outer = outerJarWithNested()) {
            ClassLoader cloud = CloudClasses.unpack(outer.getResource(CloudClasses.NESTED), tmpdir,
                    ClassLoader.getPlatformClassLoader());

            Class<?> probe = cloud.loadClass(PROBE);
            assertThat(probe.getClassLoader()).isSameAs(cloud);
            assertThat(probe).isNotSameAs(Probe.class);
            try (InputStream in = cloud.getResourceAsStream("sdk/partitions.json")) {
                assertThat(in).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"partitions\":[]}");
            }
            // Service files are read by URL after the first open: the unpacked file must still be there.
            assertThat(cloud.getResources("sdk/partitions.json").hasMoreElements()).isTrue();
        }
    }

    @Test
    void unpacksIntoADirectoryOnlyItsOwnerCanEnterNamedWithThePid() throws Exception {
        try (URLClassLoader outer = outerJarWithNested()) {
            CloudClasses.unpack(outer.getResource(CloudClasses.NESTED), tmpdir, ClassLoader.getPlatformClassLoader());
        }

        List<Path> dirs;
        try (var listing = Files.list(tmpdir)) {
            dirs = listing.toList();
        }
        assertThat(dirs).hasSize(1);
        Path dir = dirs.get(0);
        assertThat(dir.getFileName().toString()).startsWith("hanode-cloud-" + ProcessHandle.current().pid() + "-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(dir.resolve("hanode-cloud.jar")).isRegularFile();
    }

    @Test
    void sweepsTheDirectoriesOfDeadProcessesAndKeepsThoseOfLiveOnes() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectory(tmpdir.resolve("hanode-cloud-" + gone.pid() + "-123"));
        Files.writeString(dead.resolve("hanode-cloud.jar"), "left by a node killed with -9");
        Path live = Files.createDirectory(tmpdir.resolve("hanode-cloud-" + ProcessHandle.current().pid() + "-456"));
        Path other = Files.createDirectory(tmpdir.resolve("hanode-cloud-notes"));

        CloudClasses.sweep(tmpdir);

        assertThat(dead).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(other).isDirectory();
    }

    @Test
    void anUnwritableTmpdirIsNamedWithTheFix() throws Exception {
        Path missing = tmpdir.resolve("no-such-dir");
        try (URLClassLoader outer = outerJarWithNested()) {
            URL nested = outer.getResource(CloudClasses.NESTED);
            assertThatThrownBy(() -> CloudClasses.unpack(nested, missing, ClassLoader.getPlatformClassLoader()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("java.io.tmpdir " + missing)
                    .hasMessageContaining("-Djava.io.tmpdir=DIR");
        }
    }

    /** An outer jar, like the release jar, holding a nested jar with one class and one resource. */
    private URLClassLoader outerJarWithNested() throws IOException {
        Path nested = work.resolve("nested.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(nested));
             InputStream probe = CloudClassesTest.class.getClassLoader().getResourceAsStream(PROBE_FILE)) {
            jar.putNextEntry(new JarEntry(PROBE_FILE));
            probe.transferTo(jar);
            jar.putNextEntry(new JarEntry("sdk/partitions.json"));
            jar.write("{\"partitions\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        Path outer = work.resolve("outer.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(outer))) {
            jar.putNextEntry(new JarEntry(CloudClasses.NESTED));
            Files.copy(nested, jar);
        }
        return new URLClassLoader(new URL[] {outer.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }
}
