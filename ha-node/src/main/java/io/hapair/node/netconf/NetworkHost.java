package io.hapair.node.netconf;

import io.hapair.node.hostexec.HostProgram;
import io.hapair.node.netconf.model.Command;
import io.hapair.node.netconf.model.HostNetwork;
import io.hapair.node.netconf.model.NetworkIntent;
import io.hapair.node.netconf.model.NetworkPlan;
import io.hapair.node.netconf.model.NetworkReadings;
import io.hapair.node.settings.HostReading;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's network as the node drives it: reads it with iproute2's JSON output ({@code ip -j}) and ethtool, and
 * changes it with {@code ip} and {@code ethtool -s}, the commands of a {@link NetworkPlan}. The tools run on a
 * worker thread, never on an event loop, one call at a time.
 */
public final class NetworkHost {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkHost.class);
    // ip and ethtool answer from the kernel at once; one that outlives this is stuck (a kernel lock held, say).
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SEE = " (README, Configuration, Host tools and privileges)";

    private final WorkerExecutor worker;
    private final List<String> ip;
    private final List<String> ethtool;

    /**
     * @param worker  the worker the tools run on
     * @param ip      how to run iproute2's ip: {@code ["ip"]}, or {@code ["ip", "-n", "NAMESPACE"]} in a namespace
     * @param ethtool how to run ethtool: {@code ["ethtool"]}, or {@code ["ip", "netns", "exec", "NAMESPACE",
     *                "ethtool"]}
     */
    public NetworkHost(WorkerExecutor worker, List<String> ip, List<String> ethtool) {
        this.worker = worker;
        this.ip = List.copyOf(ip);
        this.ethtool = List.copyOf(ethtool);
    }

    /** What the host has now. */
    public Future<HostNetwork> observe() {
        return worker.executeBlocking(this::observeNow, true);
    }

    /** The commands that {@link #apply} would run now; empty when the host has what {@code to} asks. */
    public Future<List<Command>> plan(NetworkIntent from, NetworkIntent to) {
        return worker.executeBlocking(() -> NetworkPlan.between(from, to, observeNow()), true);
    }

    /**
     * Moves the host from what {@code from} set to what {@code to} asks. Stops at the first command the host refuses
     * and fails with a {@link NetworkApplyException} naming it; the commands before it have run, and
     * {@code apply(to, from)} takes the host back. Completes with the host as it was found before the change.
     */
    public Future<HostNetwork> apply(NetworkIntent from, NetworkIntent to) {
        return worker.executeBlocking(() -> {
            HostNetwork found = observeNow();
            List<Command> commands = NetworkPlan.between(from, to, found);
            runAll(commands);
            if (!commands.isEmpty()) {
                // Deleting an IPv4 subnet's first address takes the subnet's other addresses with it unless the
                // host sets net.ipv4.conf.*.promote_secondaries (Debian's systemd does): a second look puts back
                // whatever the first pass lost that way.
                runAll(NetworkPlan.between(to, to, observeNow()));
            }
            return found;
        }, true);
    }

    /** What {@code stored} asks for beside what the host has, one reading per item. */
    public Future<List<HostReading>> readings(NetworkIntent stored) {
        return observe().map(host -> NetworkReadings.of(stored, host));
    }

    private HostNetwork observeNow() throws NetworkApplyException {
        HostNetwork.IpOutput output = new HostNetwork.IpOutput(
                run(Command.Program.IP, "-j", "-d", "link", "show"),
                run(Command.Program.IP, "-j", "addr", "show"),
                run(Command.Program.IP, "-j", "-4", "route", "show", "table", "all"),
                run(Command.Program.IP, "-j", "-6", "route", "show", "table", "all"),
                run(Command.Program.IP, "-j", "-4", "rule", "show"),
                run(Command.Program.IP, "-j", "-6", "rule", "show"));
        HostNetwork links = HostNetwork.parse(output, Map.of());
        Map<String, String> speeds = new HashMap<>();
        for (HostNetwork.Link link : links.links()) {
            if (!link.name().equals("lo")) {
                try {
                    speeds.put(link.name(), run(Command.Program.ETHTOOL, link.name()));
                } catch (NetworkApplyException e) {
                    // Speed and duplex stay unknown: many virtual interfaces have none, and a forced setting
                    // fails with ethtool's own word when applied.
                    LOG.debug("network: no speed and duplex for {}: {}", link.name(), e.getMessage());
                }
            }
        }
        return HostNetwork.parse(output, speeds);
    }

    private void runAll(List<Command> commands) throws NetworkApplyException {
        for (Command command : commands) {
            run(command.program(), command.args().toArray(String[]::new));
            LOG.info("network: ran {}", command);
        }
    }

    /** Runs {@code tool} with {@code args}; what it printed on stdout when it succeeds. */
    private String run(Command.Program tool, String... args) throws NetworkApplyException {
        List<String> argv = new ArrayList<>(tool == Command.Program.IP ? ip : ethtool);
        argv.addAll(List.of(args));
        String shown = String.join(" ", argv);
        HostProgram.Ran ran;
        try {
            ran = HostProgram.run(argv, TIMEOUT);
        } catch (HostProgram.NotRun e) {
            // The package and the key follow the tool, not its configured path, which may have any name.
            throw new NetworkApplyException(shown, "", e.getMessage() + (e.started() ? "" : "; install Debian's "
                    + (tool == Command.Program.IP ? "iproute2 package, or set ip" : "ethtool package, or set ethtool")
                    + " to the program's path" + SEE));
        }
        if (!ran.ok()) {
            throw new NetworkApplyException(shown, ran.errors(), shown + " was refused (exit " + ran.exitCode() + "): "
                    + (ran.errors().isEmpty() ? "no message" : ran.errors().replace('\n', ' ')));
        }
        return ran.output();
    }
}
