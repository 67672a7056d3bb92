package io.hapair.node.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files of the data directory that must survive a crash or a power loss whole: the old content or the new,
 * never half of either. Written owner-only (0600, like everything in the data directory) to a temporary file
 * beside the target, synced, moved over the target, and the directory synced. Blocking I/O.
 */
public final class DurableFile {

    /** Flushes a file's data, or a directory's entries, to the disk. */
    interface Disk {
        void sync(Path fileOrDirectory) throws IOException;
    }

    /** fsync(2); a directory can only be opened for reading, and fsync needs an open descriptor. */
    static final Disk FSYNC = path -> {
        try (FileChannel channel = FileChannel.open(path,
                Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    };

    private DurableFile() {
    }

    /** Replaces {@code file} by {@code content}, owner-only. */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        writePrivate(file, content, FSYNC);
    }

    /** As {@link #writePrivate(Path, byte[])}, syncing through {@code disk}. */
    static void writePrivate(Path file, byte[] content, Disk disk) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        // A temporary file a crash left behind may have other permissions: it is made afresh, owner-only from the start.
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, content);
        // Without this the rename can reach the disk before the data: after a power loss, an empty file.
        disk.sync(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is an entry of the directory: without this a power loss can bring the old file back.
        disk.sync(file.toAbsolutePath().getParent());
    }

    /** Removes {@code file} if it is there, and syncs the directory so that a power loss cannot bring it back. */
    public static void delete(Path file) throws IOException {
        delete(file, FSYNC);
    }

    static void delete(Path file, Disk disk) throws IOException {
        Files.deleteIfExists(file);
        disk.sync(file.toAbsolutePath().getParent());
    }
}
