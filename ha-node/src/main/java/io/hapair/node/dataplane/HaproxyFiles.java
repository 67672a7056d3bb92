package io.hapair.node.dataplane;

import io.hapair.node.dataplane.model.DataPlaneHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data plane's directory: configuration, certificates, server states, sockets and pid file.
 * Directories are 0700 and files 0600, as in the rest of the data directory: certificate files hold
 * private keys. Blocking: call on a worker thread.
 */
final class HaproxyFiles {

    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    // The format's version line alone: "show servers state" of a process with no servers.
    private static final String NO_SERVER_STATES = "1\n";

    private final Path directory;

    HaproxyFiles(DataPlaneHost host) {
        this.directory = Path.of(host.directory());
    }

    Path config() {
        return directory.resolve(DataPlaneHost.CONFIG);
    }

    Path pidFile() {
        return directory.resolve(DataPlaneHost.PID_FILE);
    }

    Path masterSocket() {
        return directory.resolve(DataPlaneHost.MASTER_SOCKET);
    }

    Path statsSocket() {
        return directory.resolve(DataPlaneHost.STATS_SOCKET);
    }

    /** Creates the directories, and a state file of no servers, which HAProxy reads until the first reload. */
    void prepare() throws IOException {
        createDirectory(directory);
        createDirectory(certificates());
        Path state = directory.resolve(DataPlaneHost.STATE_FILE);
        if (!Files.exists(state)) {
            write(state, NO_SERVER_STATES);
        }
    }

    /** Writes the certificate files that are missing; an existing one has the same content (its name says so). */
    void writeCertificates(Map<String, String> files) throws IOException {
        createDirectory(certificates());
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = certificates().resolve(file.getKey());
            if (!Files.exists(path)) {
                write(path, file.getValue());
            }
        }
    }

    /** Deletes the certificate files no configuration on disk reads any more. */
    void keepOnlyCertificates(Set<String> names) throws IOException {
        try (Stream<Path> files = Files.list(certificates())) {
            for (Path file : files.toList()) {
                if (!names.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    Optional<String> readConfig() throws IOException {
        return Files.exists(config()) ? Optional.of(Files.readString(config())) : Optional.empty();
    }

    void writeConfig(String text) throws IOException {
        write(config(), text);
    }

    void writeServerState(String text) throws IOException {
        write(directory.resolve(DataPlaneHost.STATE_FILE), text);
    }

    /** A new file for a candidate configuration, which the caller deletes. */
    Path writeCandidate(String text) throws IOException {
        createDirectory(directory);
        Path candidate = Files.createTempFile(directory, "candidate-", ".cfg", FILE);
        Files.writeString(candidate, text, StandardCharsets.UTF_8);
        return candidate;
    }

    private Path certificates() {
        return directory.resolve(DataPlaneHost.CERTIFICATES);
    }

    /** Written beside and moved over: a reader (HAProxy starting or reloading) sees the old file or the new. */
    private void write(Path path, String text) throws IOException {
        Path temp = Files.createTempFile(path.getParent(), ".writing-", ".tmp", FILE);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path, DIRECTORY);
        }
    }
}
