package io.hapair.node.ntp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's chrony as the node drives it.
 *
 * @param sourcesFile the file the node writes its NTP servers to, in a directory chronyd reads with {@code sourcedir}
 * @param chronyc     the chronyc program: a name looked up on PATH, or its path
 * @param socket      chronyd's command socket; null for chronyc's own choice (its socket, then 127.0.0.1 and ::1)
 * @param checkEvery  how often the node reads the clock's state (chronyc -c tracking) between changes
 */
public record ChronyHost(Path sourcesFile, String chronyc, Path socket, Duration checkEvery) {

    /** The command line of chronyc running {@code args}, at {@link #socket} when one is set. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(chronyc));
        if (socket != null) {
            command.add("-h");
            command.add(socket.toString());
        }
        command.addAll(List.of(args));
        return command;
    }
}
