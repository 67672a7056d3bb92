package io.hapair.node.runtime;

import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.config.ValueSource;
import io.hapair.node.validation.FieldError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the data directory fit to hold the node's private keys and settings before anything opens
 * it: the directory {@code 0700} and every file in it {@code 0600}. A looser mode is tightened with a
 * WARN line naming the path (fixing is friendlier than refusing to start over a mode); a directory
 * the node cannot create or write is a configuration error naming data-dir, the cause and the fix.
 */
public final class DataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    // SettingsStore's database. SQLite creates its -wal and -shm files with the database file's mode, so
    // creating it 0600 here, before the store opens it, keeps those 0600 as well.
    private static final String STORE_FILE = "settings.db";

    private DataDirectory() {
    }

    /** Creates or tightens {@code config.dataDir()}; throws when the node cannot use it. */
    public static void prepare(NodeConfig config) throws ConfigException {
        Path dir = config.dataDir();
        try {
            if (!Files.exists(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                LOG.info("data-dir: created {} (mode rwx------)", dir);
            } else if (!Files.isDirectory(dir)) {
                throw refused(config, "is not a directory", "remove that file or set data-dir to a directory");
            }
            tightenAll(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
            Path store = dir.resolve(STORE_FILE);
            if (!Files.exists(store, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(store, PosixFilePermissions.asFileAttribute(FILE_MODE));
            }
        } catch (FileAlreadyExistsException e) {
            throw refused(config, "cannot be created: " + e.getFile() + " is a file, not a directory",
                    "remove that file or set data-dir to another directory");
        } catch (AccessDeniedException e) {
            throw refused(config, "cannot be written by user " + System.getProperty("user.name")
                    + " (permission denied on " + e.getFile() + ")", ownershipFix(dir));
        } catch (FileSystemException e) {
            throw refused(config, "cannot be used: " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
                    + " (" + e.getFile() + ")", ownershipFix(dir));
        } catch (IOException e) {
            throw refused(config, "cannot be used: " + e.getMessage(), ownershipFix(dir));
        }
    }

    private static void tightenAll(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.toList();
        }
        for (Path path : paths) {
            if (Files.isSymbolicLink(path)) {
                continue; // a link's target is the operator's choice, e.g. a tls-key kept elsewhere
            }
            tighten(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY_MODE : FILE_MODE);
        }
    }

    private static void tighten(Path path, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: no modes to tighten
        }
        if (now.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            Files.setPosixFilePermissions(path, mode);
            LOG.warn("data-dir: tightened {} from {} to {}: group and others must not read the node's keys and settings",
                    path, PosixFilePermissions.toString(now), PosixFilePermissions.toString(mode));
        }
    }

    private static String ownershipFix(Path dir) {
        return "give it to the node's user ('mkdir -p " + dir + " && chown " + System.getProperty("user.name") + " "
                + dir + " && chmod 700 " + dir + "') or set data-dir to a directory that user can write";
    }

    private static ConfigException refused(NodeConfig config, String cause, String fix) {
        ValueSource source = config.sourceOf(ConfigKey.DATA_DIR);
        String from = source.kind() == ValueSource.Kind.DEFAULT ? "default" : "from " + source;
        return new ConfigException(List.of(new FieldError(ConfigKey.DATA_DIR.key(), ConfigKey.DATA_DIR.key()
                + " (" + from + "): '" + config.dataDir() + "' " + cause + "; " + fix)));
    }
}
