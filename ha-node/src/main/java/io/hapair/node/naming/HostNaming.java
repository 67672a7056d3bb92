package io.hapair.node.naming;

import io.hapair.node.hostexec.HostProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * What the node does to the host's name and resolver: reads the kernel's host name and runs the command that sets
 * it, reads and writes the resolver's file. Blocking: call on a worker thread. Each failure says what to fix.
 */
final class HostNaming {

    // hostnamectl asks systemd-hostnamed over D-Bus (and polkit), which answers within D-Bus's own 25 s timeout.
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    // Every program that resolves a name reads the file, whatever its user.
    private static final String READABLE = "rw-r--r--";
    private static final String SEE = " (README, Operations, Host name and resolver)";

    /** A failure to read or change the host's name or resolver, with its fix. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private HostNaming() {
    }

    /**
     * Runs the host name command unless the host has {@code name} already, then checks that it has.
     *
     * @return whether the command ran
     */
    static boolean setHostname(NamingHost host, String name) throws Failure {
        String before = readHostname();
        if (before.equals(name)) {
            return false;
        }
        run(host.setHostname(name));
        String after = readHostname();
        if (!after.equals(name)) {
            throw new Failure(String.join(" ", host.setHostname(name)) + " succeeded, but the host name is still '"
                    + after + "'; check what the command does (hostname-command)" + SEE);
        }
        return true;
    }

    private static String readHostname() throws Failure {
        try {
            return NamingHost.hostname();
        } catch (IOException e) {
            throw new Failure("cannot read the host name from " + NamingHost.KERNEL_HOSTNAME + " (" + e + ")");
        }
    }

    private static void run(List<String> command) throws Failure {
        HostProgram.Ran ran;
        try {
            ran = HostProgram.run(command, TIMEOUT);
        } catch (HostProgram.NotRun e) {
            throw new Failure(e.getMessage() + (e.started() ? "; is systemd-hostnamed stuck? (systemctl status"
                    + " systemd-hostnamed)" : "; install systemd's hostnamectl, or set hostname-command to the command"
                    + " that sets the host name") + SEE);
        }
        if (!ran.ok()) {
            throw new Failure(String.join(" ", command) + " failed (exit " + ran.exitCode() + "): " + ran.said() + "; "
                    + fix(ran.said()));
        }
    }

    /** What to do about the command's refusal. */
    private static String fix(String output) {
        if (output.contains("Access denied") || output.contains("Interactive authentication required")
                || output.contains("Operation not permitted")) {
            return "the node's user may not set the host name: let it through polkit (actions"
                    + " org.freedesktop.hostname1.set-hostname and set-static-hostname; the deployments install such a"
                    + " rule for user hanode)" + SEE;
        }
        return "see hostnamectl(1)" + SEE;
    }

    /** The resolver's file; empty when there is none. */
    static String readResolvConf(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /**
     * Writes {@code text} to the resolver's file unless it holds it already ({@code current}). Moved into place where
     * it can be, so that a program resolving a name reads the old file or the new one; written in place where the
     * file's directory is closed to the node (the deployments open the file alone: {@code /etc} stays read-only)
     * or the file is a mount point of its own. A symbolic link is left alone: another program (systemd-resolved,
     * resolvconf) manages the resolver there, and the node does not fight it.
     *
     * @return whether the file was written
     */
    static boolean writeResolvConf(Path file, String text, String current) throws Failure {
        if (current.equals(text)) {
            return false;
        }
        if (Files.isSymbolicLink(file)) {
            throw new Failure(file + " is a symbolic link (to " + target(file) + "): another program, such as"
                    + " systemd-resolved or resolvconf, manages the resolver, and the node does not write through it;"
                    + " to have the node manage it, replace the link by a file the node's user may write (the"
                    + " deployments do), or delete the name server and domain settings" + SEE);
        }
        try {
            if (!moveIntoPlace(file, text)) {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            }
            return true;
        } catch (IOException e) {
            throw new Failure("cannot write " + file + " (" + e + "); the node's user needs write access to it"
                    + " (its group and mode 0664, and ReadWritePaths= in the node's systemd unit), or set resolv-conf"
                    + SEE);
        }
    }

    /** Writes a file beside {@code file} and moves it over it; false when the directory or the file does not allow. */
    private static boolean moveIntoPlace(Path file, String text) throws IOException {
        Path temp;
        try {
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".hanode-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(READABLE)));
        } catch (AccessDeniedException e) {
            return false;
        } catch (FileSystemException e) {
            // A read-only directory (systemd's ProtectSystem= with the file alone in ReadWritePaths=).
            if (e.getReason() != null && e.getReason().contains("Read-only file system")) {
                return false;
            }
            throw e;
        }
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(READABLE));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (FileSystemException e) {
            // The file is a mount point (a bind mount, as ReadWritePaths= and containers make): rename(2) says EBUSY.
            if (e.getReason() != null && e.getReason().contains("busy")) {
                return false;
            }
            throw e;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
