package io.hapair.node.balancer;

import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.VirtualServicePort;
import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.run.PortSources;
import io.hapair.cloud.settings.TopologyFile;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.hapair.node.settings.VirtualService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node checks its own cloud balancer: every interval it runs what {@code hanode cloud diagnose}
 * runs, with the cloud credentials of the machine (managed identity, instance profile), and keeps the
 * outcome for status, the Home page and /metrics. Diagnosis only informs: nothing here touches the
 * role or the node's health. The cloud SDKs block for seconds, so each run is on a worker thread of
 * its own and bounded by a timeout; while a timed-out run still holds its thread, the runs due
 * meanwhile are skipped. Started and driven on the node's event loop.
 */
public final class BalancerCheck {

    private static final Logger LOG = LoggerFactory.getLogger(BalancerCheck.class);

    /**
     * What the node tells diagnose about itself, as {@code --from-node} tells it: the health-check port
     * each node of the pair runs with (by address: its own, and the partner's as its heartbeats say),
     * and the ports of the enabled virtual services; and the UDP port its SNMP agent answers on, when the
     * snmp setting has one, which the security rules must let the managers reach.
     */
    public record NodePorts(Map<String, Integer> checkPortsByAddress, List<VirtualServicePort> virtualServices,
                            OptionalInt snmpAgentPort) {
        public NodePorts {
            checkPortsByAddress = Map.copyOf(checkPortsByAddress);
            virtualServices = List.copyOf(virtualServices);
        }

        /**
         * The ports of the stored virtual services that are enabled: a disabled one listens nowhere. All are
         * TCP: the data plane balances tcp, http and https.
         */
        public static NodePorts of(Map<String, Integer> checkPortsByAddress, Collection<VirtualService> services,
                                   OptionalInt snmpAgentPort) {
            return new NodePorts(checkPortsByAddress, services.stream().filter(VirtualService::enabled)
                    .map(vs -> new VirtualServicePort(vs.name(), new PublishedPort(vs.port(), Protocol.TCP))).toList(),
                    snmpAgentPort);
        }
    }

    /**
     * @param topology the topology file, read anew at every run
     * @param interval how often a run starts
     * @param timeout  a run that takes longer failed
     */
    public record Schedule(Path topology, Duration interval, Duration timeout) {
    }

    private final Vertx vertx;
    private final WorkerExecutor worker;
    private final Schedule schedule;
    private final Function<String, CloudProvider> providers;
    private final Supplier<NodePorts> ports;
    private final Consumer<BalancerReport> ran;
    private volatile BalancerReport report = BalancerReport.PENDING;
    private boolean running;
    private boolean stopped;
    private long timer = -1;

    /**
     * @param providers the clouds by name (the installed providers, signing in with the machine's identity)
     * @param ports     read on the event loop at the start of every run
     * @param ran       told every report, on the event loop
     */
    public BalancerCheck(Vertx vertx, Schedule schedule, Function<String, CloudProvider> providers,
                         Supplier<NodePorts> ports, Consumer<BalancerReport> ran) {
        this.vertx = vertx;
        this.worker = vertx.createSharedWorkerExecutor("hanode-balancer-check", 1);
        this.schedule = schedule;
        this.providers = providers;
        this.ports = ports;
        this.ran = ran;
    }

    /** Runs once now, then every interval. */
    public void start() {
        LOG.info("balancer check: every {} s, topology {}", schedule.interval().toSeconds(), schedule.topology());
        runNow();
        timer = vertx.setPeriodic(schedule.interval().toMillis(), t -> runNow());
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        worker.close();
    }

    public BalancerReport report() {
        return report;
    }

    /** The status API's {@code balancer} block; {@code check} is null when the self-check is off. */
    public static JsonObject status(BalancerCheck check) {
        if (check == null) {
            return new JsonObject().put("enabled", false);
        }
        BalancerReport r = check.report;
        JsonArray findings = new JsonArray();
        r.findings().forEach(f -> findings.add(new JsonObject().put("check", f.check().name())
                .put("severity", f.severity().name().toLowerCase()).put("subject", f.subject())
                .put("problem", f.problem()).put("fix", f.fix())));
        return new JsonObject().put("enabled", true)
                .put("topology", check.schedule.topology().toString())
                .put("intervalSeconds", check.schedule.interval().toSeconds())
                .put("outcome", r.outcome().tag())
                .put("lastRunAt", r.lastRunAt() > 0 ? r.lastRunAt() : null)
                .put("lastSuccessAt", r.lastSuccessAt() > 0 ? r.lastSuccessAt() : null)
                .put("message", r.message())
                .put("findings", findings);
    }

    private void runNow() {
        if (stopped) {
            return;
        }
        if (running) {
            LOG.warn("balancer check: the previous run has not ended yet; this one waits for the next interval");
            return;
        }
        running = true;
        NodePorts now = ports.get();
        Future<List<Finding>> run = worker.executeBlocking(() -> diagnose(now), false);
        // The thread is only free again when the SDK gives up, however long after the timeout that is.
        run.onComplete(done -> running = false);
        run.timeout(schedule.timeout().toMillis(), TimeUnit.MILLISECONDS).onComplete(done -> {
            if (stopped) {
                return;
            }
            long at = System.currentTimeMillis();
            BalancerReport next = done.succeeded() ? BalancerReport.ran(at, done.result())
                    : report.failed(at, why(done.cause()));
            log(report, next);
            report = next;
            ran.accept(next);
        });
    }

    /** On the worker: one diagnosis, as {@code hanode cloud diagnose --from-node} this node would run it. */
    private List<Finding> diagnose(NodePorts now) {
        CloudRun run = CloudRun.open(TopologyFile.read(schedule.topology()),
                PortSources.none().withVirtualServices(now.virtualServices()).withSnmpAgent(now.snmpAgentPort()),
                line -> LOG.debug("balancer check: {}", line), providers);
        Map<String, Integer> reported = new LinkedHashMap<>();
        for (PairNode node : run.topology().nodes()) {
            Integer port = now.checkPortsByAddress().get(node.address());
            if (port != null) {
                reported.put(node.name(), port);
            }
        }
        return run.findings(reported);
    }

    private String why(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "the cloud did not answer within " + schedule.timeout().toSeconds() + " s; check that this node"
                    + " reaches the cloud's API (outbound HTTPS, a proxy, DNS)";
        }
        if (failure instanceof InvalidTopologyException bad) {
            return "the topology " + schedule.topology() + " is not usable: " + bad.getMessage();
        }
        if (failure instanceof CloudException) {
            return failure.getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** A line when the outcome changes, or the findings do: not one per run of an unchanged balancer. */
    private static void log(BalancerReport before, BalancerReport after) {
        if (before.outcome() == after.outcome() && before.findings().equals(after.findings())
                && Objects.equals(before.message(), after.message())) {
            return;
        }
        switch (after.outcome()) {
            case OK -> LOG.info("balancer check: no problems found");
            case FINDINGS -> after.findings().forEach(f -> LOG.warn("balancer check: {}", f.toString()
                    .replace("\n    ", "; ")));
            case FAILED -> LOG.warn("balancer check: failed: {}", after.message());
            default -> { }
        }
    }
}
