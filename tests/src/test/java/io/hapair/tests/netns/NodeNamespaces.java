package io.hapair.tests.netns;

import io.hapair.tests.fixture.NodeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two network namespaces, one per node, each joined by a veth pair to a bridge in the root namespace:
 * the nodes talk to each other across the bridge, and the test reaches each node's ports from the root
 * namespace, as a cloud balancer reaches the nodes. Addresses {@code 10.213.N.1} and {@code .2}, the
 * root namespace {@code 10.213.N.254}; every name carries N, so test classes with different N can run
 * side by side. nftables in the first namespace drops a share or all of the packets between the two
 * hosts, never those to or from the root namespace.
 *
 * <p>Needs root, iproute2's {@code ip netns} and nftables, and fails with a message saying so when one is
 * missing. Whatever an earlier run that was killed left behind under the same names (namespaces, the
 * processes in them, links) is removed first, and {@link #close} removes everything again.
 *
 * <p>Building and removing them adds and removes addresses in the root namespace, and Chromium aborts the page
 * loads and requests it has in flight whenever the machine's addresses change (ERR_NETWORK_CHANGED). So a class
 * that uses them carries {@code @Tag(NodeNamespaces.TAG)}: the build runs those classes alone, one at a time,
 * after all the others, which include the browser tests; an untagged class that tries is refused.
 */
public final class NodeNamespaces implements AutoCloseable {

    /** The JUnit tag of the classes that use namespaces; the tests module's pom runs them apart. */
    public static final String TAG = "namespaces";
    // Set by the pom for the run of the untagged classes, where namespaces are refused.
    private static final String REFUSED = "hapair.namespaces.refused";

    /** One side: its namespace, its address, and the command prefix that runs a program inside it. */
    public record Host(String namespace, String address) {
        /** {@code ip netns exec NS}: enters the namespace and execs the program in the same process. */
        public List<String> exec() {
            return List.of("ip", "netns", "exec", namespace);
        }

        @Override
        public String toString() {
            return namespace + "@" + address;
        }
    }

    private static final String TABLE = "hapair_peer";

    private final int number;
    private final Host first;
    private final Host second;
    private final String bridge;
    private final Thread removeOnExit;
    private boolean closed;

    private NodeNamespaces(int number) {
        this.number = number;
        this.first = new Host("hapair" + number + "a", "10.213." + number + ".1");
        this.second = new Host("hapair" + number + "b", "10.213." + number + ".2");
        this.bridge = "hapair" + number + "br";
        // A test run stopped with Ctrl-C or SIGTERM must not leave namespaces and addresses behind.
        this.removeOnExit = new Thread(this::removeAll, "remove-namespaces-" + number);
    }

    /** Builds both namespaces and the bridge for the test class numbered {@code number} (1..254). */
    public static NodeNamespaces create(int number) {
        if (number < 1 || number > 254) {
            throw new IllegalArgumentException("number must be 1..254 (the third octet of 10.213.N.0/24), not " + number);
        }
        if (Boolean.getBoolean(REFUSED)) {
            throw new AssertionError("this class builds network namespaces but runs among the other test classes: tag"
                    + " it @Tag(NodeNamespaces.TAG), so that the build runs it alone after them (building namespaces"
                    + " changes the machine's addresses, on which Chromium aborts the browser tests' page loads)");
        }
        requireTools();
        NodeNamespaces net = new NodeNamespaces(number);
        net.removeAll();
        try {
            net.build();
        } catch (RuntimeException e) {
            net.removeAll();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(net.removeOnExit);
        return net;
    }

    private static void requireTools() {
        Commands.Result ip = Commands.attempt("", "ip", "netns", "list");
        if (!ip.ok()) {
            throw new AssertionError("these end-to-end tests put each node in its own network namespace and need root and"
                    + " iproute2's `ip netns` (as CI has: it runs as root); `ip netns list` failed: " + ip.stderr().strip());
        }
        Commands.Result nft = Commands.attempt("", "nft", "--version");
        if (!nft.ok()) {
            throw new AssertionError("these end-to-end tests drop packets between the nodes with nftables; install it"
                    + " (apt-get install nftables; ./run-tests does): " + nft.stderr().strip());
        }
    }

    private void build() {
        Commands.run("ip", "link", "add", bridge, "type", "bridge");
        Commands.run("ip", "addr", "add", "10.213." + number + ".254/24", "dev", bridge);
        Commands.run("ip", "link", "set", bridge, "up");
        for (Host h : hosts()) {
            Commands.run("ip", "netns", "add", h.namespace());
            // The root end is named after the namespace; inside, each namespace has its own eth0.
            Commands.run("ip", "link", "add", h.namespace(), "type", "veth", "peer", "name", "eth0", "netns", h.namespace());
            Commands.run("ip", "link", "set", h.namespace(), "master", bridge, "up");
            Commands.run("ip", "-n", h.namespace(), "addr", "add", h.address() + "/24", "dev", "eth0");
            Commands.run("ip", "-n", h.namespace(), "link", "set", "eth0", "up");
            Commands.run("ip", "-n", h.namespace(), "link", "set", "lo", "up");
        }
    }

    public Host first() {
        return first;
    }

    public Host second() {
        return second;
    }

    public List<Host> hosts() {
        return List.of(first, second);
    }

    /**
     * The master of a pair in the first namespace with the slave in the second as its partner, started
     * inside its namespace; the options of {@code NodeOptions.of}, whose JVM options a caller may replace.
     */
    public NodeOptions master(String preferred) {
        return NodeOptions.of("master", "master", preferred, first.address(), second.address()).withLauncher(first.exec());
    }

    /** The slave partnering {@link #master}, in the second namespace. */
    public NodeOptions slave(String preferred) {
        return NodeOptions.of("slave", "slave", preferred, second.address(), first.address()).withLauncher(second.exec());
    }

    /** Drops {@code percent}% of the packets between the two hosts, at random, each way (replaces any earlier rule). */
    public void dropBetweenHosts(int percent) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("percent must be 1..99 (use cutBetweenHosts for all), not " + percent);
        }
        filterPeerTraffic("numgen random mod 100 < " + percent + " ");
    }

    /** Drops every packet between the two hosts, as a partition of the peer network does. */
    public void cutBetweenHosts() {
        filterPeerTraffic("");
    }

    /** Lets all packets between the two hosts through again. */
    public void restoreBetweenHosts() {
        // Declaring the table first makes the delete succeed whether or not a rule was set.
        Commands.runWithInput("table inet " + TABLE + "\ndelete table inet " + TABLE + "\n",
                "ip", "netns", "exec", first.namespace(), "nft", "-f", "-");
    }

    private void filterPeerTraffic(String match) {
        String script = "table inet " + TABLE + "\n"
                + "delete table inet " + TABLE + "\n"
                + "table inet " + TABLE + " {\n"
                + "  chain from_partner {\n"
                + "    type filter hook input priority 0; policy accept;\n"
                + "    ip saddr " + second.address() + " " + match + "drop\n"
                + "  }\n"
                + "  chain to_partner {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    ip daddr " + second.address() + " " + match + "drop\n"
                + "  }\n"
                + "}\n";
        Commands.runWithInput(script, "ip", "netns", "exec", first.namespace(), "nft", "-f", "-");
    }

    /** The processes running in {@code host}'s namespace now. */
    public List<Long> pids(Host host) {
        return Commands.run("ip", "netns", "pids", host.namespace()).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
    }

    /** kill -9 of every process in {@code host}'s namespace; waits until they are gone. */
    public void killAll(Host host) {
        List<ProcessHandle> victims = pids(host).stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : victims) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " in " + host + " did not exit after kill -9", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            removeAll();
            try {
                Runtime.getRuntime().removeShutdownHook(removeOnExit);
            } catch (IllegalStateException alreadyExiting) {
                // the hook runs or ran: nothing left to undo
            }
        }
    }

    /** Removes whatever exists under this number's names: processes in the namespaces, links, namespaces, bridge. */
    private void removeAll() {
        List<String> failures = new ArrayList<>();
        for (Host h : hosts()) {
            if (Commands.attempt("", "ip", "netns", "pids", h.namespace()).ok()) {
                killAll(h);
            }
            // Deleting the root end deletes the pair at once; deleting the namespace alone does so only later.
            Commands.attempt("", "ip", "link", "del", h.namespace());
            Commands.Result ns = Commands.attempt("", "ip", "netns", "del", h.namespace());
            if (!ns.ok() && !ns.stderr().contains("No such file")) {
                failures.add(ns.stderr().strip());
            }
        }
        Commands.attempt("", "ip", "link", "del", bridge);
        if (!failures.isEmpty()) {
            System.out.println("[netns] clean-up of " + this + " incomplete: " + failures);
        }
    }

    @Override
    public String toString() {
        return "namespaces " + first.namespace() + ", " + second.namespace() + " on bridge " + bridge + " (10.213."
                + number + ".0/24)";
    }
}
