package io.hapair.node.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFileTest {

    @TempDir
    Path dir;

    @Test
    void theNewContentIsSyncedBeforeItReplacesTheOldAndTheDirectoryAfter() throws Exception {
        Path file = dir.resolve("pin.json");
        DurableFile.writePrivate(file, bytes("old"));
        List<String> seen = new ArrayList<>();

        DurableFile.writePrivate(file, bytes("new"), path -> seen.add(
                (Files.isDirectory(path) ? "directory " + path.getFileName()
                        : "file " + path.getFileName() + " holding " + Files.readString(path))
                        + ", target holds " + Files.readString(file)));

        assertThat(seen).containsExactly("file pin.json.tmp holding new, target holds old",
                "directory " + dir.getFileName() + ", target holds new");
        assertThat(dir.resolve("pin.json.tmp")).doesNotExist();
    }

    @Test
    void theFileIsOwnerOnlyEvenWhenACrashLeftAReadableTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("node.key");
        Path leftOver = dir.resolve("node.key.tmp");
        Files.writeString(leftOver, "half a key");
        Files.setPosixFilePermissions(leftOver, PosixFilePermissions.fromString("rw-r--r--"));

        DurableFile.writePrivate(file, bytes("the key"));

        assertThat(Files.readString(file)).isEqualTo("the key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aRemovalIsMadeDurableBySyncingTheDirectory() throws Exception {
        Path file = dir.resolve("maintenance.json");
        DurableFile.writePrivate(file, bytes("{}"));
        List<String> seen = new ArrayList<>();

        DurableFile.delete(file, path -> seen.add(path.getFileName() + (Files.exists(file) ? " with" : " without")
                + " the file"));
        DurableFile.delete(file);

        assertThat(seen).containsExactly(dir.getFileName() + " without the file");
        assertThat(file).doesNotExist();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
