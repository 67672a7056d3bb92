package io.hapair.node.ntp;

import io.hapair.node.hostexec.HostProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * What the node does to the host's chrony: writes its sources file and runs chronyc. Blocking: call on a worker
 * thread. Each failure says what to fix.
 */
final class Chrony {

    // chronyc gives up on an unanswered request after about 3 s (1 s timeout, growing, 3 tries); a process that
    // outlives this is stuck.
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    // chronyd reads sourcedir after dropping root for its own user (_chrony on Debian): the file must be readable by
    // others, which a temp file (0600) is not.
    private static final String READABLE = "rw-r--r--";
    private static final String SEE = " (README, Operations, NTP)";

    /** A failure to write the file or to have chronyc do something, with its fix. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private Chrony() {
    }

    /**
     * Writes {@code text} to the sources file unless it holds it already (a missing file holds the header-only text
     * of no servers as well: chrony has no sources from it either way), then has chronyd read it again when it was
     * written or when {@code reloadAnyway}.
     *
     * @return whether the file was written
     */
    static boolean apply(ChronyHost host, String text, String empty, boolean reloadAnyway) throws Failure {
        boolean written = write(host.sourcesFile(), text, empty);
        if (written || reloadAnyway) {
            run(host, "reload", "sources");
        }
        return written;
    }

    private static boolean write(Path file, String text, String empty) throws Failure {
        try {
            String now = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : empty;
            if (now.equals(text)) {
                return false;
            }
            // Beside the file, under a name chronyd skips (it reads *.sources only), and moved over it: chronyd reads
            // the old file or the new one, never half of one.
            Path temp = Files.createTempFile(file.getParent(), ".hanode-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(READABLE)));
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(READABLE));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return true;
        } catch (NoSuchFileException e) {
            throw new Failure("cannot write chrony's sources file " + file + ": the directory " + file.getParent()
                    + " does not exist; install Debian's chrony package (it reads /etc/chrony/sources.d), or set"
                    + " chrony-sources-file to a file in a directory chronyd reads with sourcedir" + SEE);
        } catch (IOException e) {
            throw new Failure("cannot write chrony's sources file " + file + " (" + e + "); the node's user needs"
                    + " write access to " + file.getParent() + " (a group-writable directory, and ReadWritePaths= in"
                    + " the node's systemd unit)" + SEE);
        }
    }

    /** Runs chronyc with {@code args}; its output when it succeeds. */
    static String run(ChronyHost host, String... args) throws Failure {
        List<String> command = host.command(args);
        HostProgram.Ran ran;
        try {
            ran = HostProgram.run(command, TIMEOUT);
        } catch (HostProgram.NotRun e) {
            throw new Failure(e.getMessage() + (e.started() ? "; is chronyd stuck? (systemctl status chrony)"
                    : "; install Debian's chrony package, or set chronyc to the program's path") + SEE);
        }
        if (!ran.ok()) {
            throw new Failure(String.join(" ", command) + " failed (exit " + ran.exitCode() + "): " + ran.said() + "; "
                    + fix(ran.said(), host));
        }
        return ran.output().strip();
    }

    /** What to do about chronyc's refusal (its messages and codes are chrony's own, client.c). */
    private static String fix(String output, ChronyHost host) {
        String socket = host.socket() == null ? "/run/chrony/chronyd.sock" : host.socket().toString();
        if (output.startsWith("Could not open connection")) {
            return "chronyc cannot use chronyd's command socket " + socket + ": start chrony (systemctl start chrony),"
                    + " add the node's user to group _chrony and give chrony's runtime directory mode 0770, or set"
                    + " chrony-socket to the socket chronyd binds (bindcmdaddress)" + SEE;
        }
        if (output.startsWith("501")) {
            return "chronyd takes this command only through its command socket " + socket + ", which the node's user"
                    + " cannot use: add it to group _chrony and give chrony's runtime directory mode 0770" + SEE;
        }
        if (output.startsWith("506")) {
            return "no chronyd answered: start chrony (systemctl start chrony)" + SEE;
        }
        return "see chronyc(1)" + SEE;
    }
}
