package io.hapair.tests.netns;

/**
 * SIGSTOP and SIGCONT, which Java cannot send. A stopped process keeps its sockets open but answers
 * nothing: to its partner it is a frozen host, a long GC pause or a VM the hypervisor paused.
 */
public final class Signals {

    private Signals() {
    }

    public static void freeze(long pid) {
        Commands.run("kill", "-STOP", Long.toString(pid));
    }

    public static void thaw(long pid) {
        Commands.run("kill", "-CONT", Long.toString(pid));
    }
}
