package io.hapair.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads a secret (pairing-secret, admin-password) from a file, so that it shows neither in {@code ps}
 * nor in the process environment. A file that others can read is refused: the secret would not be one.
 */
final class SecretFile {

    private SecretFile() {
    }

    /** Why a secret file cannot be used, phrased to follow "KEY (from SOURCE): 'PATH' ". */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The file's text less one trailing line break (what {@code echo secret > file} adds). */
    static String read(Path file) throws Refused {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new Refused("is readable by group or others (" + PosixFilePermissions.toString(perms)
                        + "); run 'chmod 600 " + file + "' so that only the node's user can read it");
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (no such modes to check); the operator's ACLs decide.
        } catch (NoSuchFileException e) {
            throw new Refused("does not exist; give the path of a file holding the secret on one line");
        } catch (IOException e) {
            throw new Refused("cannot be read: " + e.getMessage() + "; give a file the node's user can read");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Refused("cannot be read: " + e.getMessage() + "; give a file the node's user can read");
        }
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
