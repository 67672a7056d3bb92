package io.hapair.tests.netns;

import java.util.ArrayList;
import java.util.List;

/**
 * SIGSTOP and SIGCONT, which Java cannot send. A stopped process keeps its sockets open but answers
 * nothing: to its partner it is a frozen host, a long GC pause or a VM the hypervisor paused.
 */
public final class Signals {

    private Signals() {
    }

    /** SIGSTOP to all of {@code pids} in one kill(1), as a host freeze stops them together. */
    public static void freeze(List<Long> pids) {
        send("-STOP", pids);
    }

    public static void thaw(List<Long> pids) {
        send("-CONT", pids);
    }

    /**
     * A process that exited meanwhile (a connection's helper process) is skipped: kill(1) signals all the others
     * and reports it, and only a failure of another kind is one here.
     */
    private static void send(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Commands.Result r = Commands.attempt("", command.toArray(String[]::new));
        if (!r.ok() && !r.stderr().lines().allMatch(l -> l.contains("No such process"))) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` exited with " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
    }
}
