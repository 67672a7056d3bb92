package io.hapair.node.dataplane;

import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.dataplane.model.HaproxyAlerts;
import io.hapair.node.dataplane.model.HaproxyConfig;
import io.hapair.node.dataplane.model.RealServerRef;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.dataplane.model.ServerSetting;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.dataplane.model.StatRows;
import io.hapair.node.settings.RealServer;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HAProxy data plane: HAProxy in master-worker mode as the node's child, its configuration rendered
 * from the virtual services, applied by hot reload (a reload HAProxy refuses leaves the old workers
 * serving; {@code haproxy -c} then names why) or through the runtime API when only real servers' weights
 * or enabled flags changed, and kept running. All process, file and socket work runs on one worker
 * thread, in order; futures complete on the caller's context, health listeners run on the context that
 * built the data plane.
 */
public final class HaproxyDataPlane implements DataPlane {

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyDataPlane.class);

    private final Vertx vertx;
    private final Context context;
    private final WorkerExecutor worker;
    private final DataPlaneHost host;
    private final String executable;
    private final HaproxyFiles files;
    private final HaproxyProcess process;
    private final List<Consumer<DataPlaneHealth>> listeners = new CopyOnWriteArrayList<>();
    private volatile DataPlaneHealth health = new DataPlaneHealth(DataPlaneHealth.State.STOPPED, "not started",
            Instant.now());
    // The rendering HAProxy runs (and haproxy.cfg holds); null until the first apply. Worker thread only.
    private Rendering running;

    /**
     * @param worker a worker executor of one thread, the data plane's own
     * @param executable the haproxy program: "haproxy" finds it on the PATH
     */
    public HaproxyDataPlane(Vertx vertx, WorkerExecutor worker, DataPlaneHost host, String executable) {
        this(vertx, worker, host, executable, HaproxyProcess.VERDICT_TIMEOUT);
    }

    HaproxyDataPlane(Vertx vertx, WorkerExecutor worker, DataPlaneHost host, String executable,
                     Duration verdictTimeout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.worker = worker;
        this.host = host;
        this.executable = executable;
        this.files = new HaproxyFiles(host);
        this.process = new HaproxyProcess(executable, files, this::healthChanged, this::restartLater,
                this::exitedLater, this::explain, verdictTimeout);
    }

    @Override
    public Rendering render(Collection<VirtualService> services, Collection<VsCertificate> certificates) {
        return HaproxyConfig.render(host, services, certificates);
    }

    @Override
    public Future<List<Rejection>> validate(Rendering rendering) {
        if (!rendering.rendered()) {
            return Future.succeededFuture(rendering.rejections());
        }
        return onWorker(() -> HaproxyCheck.check(executable, files, rendering));
    }

    @Override
    public Future<Applied> apply(Rendering rendering) {
        return onWorker(() -> applyNow(rendering));
    }

    @Override
    public Future<List<ServiceStats>> observe() {
        return onWorker(() -> {
            requireRunning();
            return running == null ? List.of()
                    : StatRows.services(StatCsv.rows(HaproxySocket.command(files.statsSocket(), "show stat"),
                            StatRows.COLUMNS), running);
        });
    }

    @Override
    public Future<Void> setServerState(RealServerRef server, ServerState state) {
        return onWorker(() -> {
            runtime(server(server), "state " + state.name().toLowerCase(Locale.ROOT));
            return null;
        });
    }

    @Override
    public Future<Void> setServerWeight(RealServerRef server, int weight) {
        if (weight < 0 || weight > RealServer.MAX_WEIGHT) {
            return Future.failedFuture(new IllegalArgumentException("weight " + weight + " is out of range; give a "
                    + "whole number from 0 to " + RealServer.MAX_WEIGHT));
        }
        return onWorker(() -> {
            runtime(server(server), "weight " + weight);
            return null;
        });
    }

    @Override
    public Future<DataPlaneHealth> start(Rendering wanted) {
        return onWorker(() -> {
            files.prepare();
            Optional<String> onDisk = files.readConfig();
            String config = onDisk.orElseGet(() -> render(List.of(), List.of()).config());
            if (onDisk.isEmpty()) {
                files.writeConfig(config);
            }
            if (!process.running() && process.start().loaded() && config.equals(wanted.config())) {
                // Started with what is wanted (a restart, a node with no services): applying it changes nothing.
                running = wanted;
            }
            return health;
        });
    }

    /**
     * Stops the HAProxy that a node killed with -9 left serving from {@code directory} (its data-plane
     * directory), as the node's next start would; for a supervisor that will not start the node again.
     * Blocking.
     */
    public static void stopLeftover(Path directory) throws InterruptedException {
        HaproxyProcess.stopLeftover(new HaproxyFiles(new DataPlaneHost(null, directory.toAbsolutePath().toString(),
                Map.of())));
    }

    @Override
    public Future<Void> stop(Duration drain) {
        return onWorker(() -> {
            process.stop(drain);
            return null;
        });
    }

    @Override
    public DataPlaneHealth health() {
        return health;
    }

    @Override
    public void onHealth(Consumer<DataPlaneHealth> listener) {
        listeners.add(listener);
    }

    /**
     * HAProxy parses a configuration once: a running master's reload is its check (a reload it refuses leaves the
     * old workers serving), and {@code haproxy -c} runs only to name the culprit of a refused reload, or before a
     * start, which a refused configuration would fail. With thousands of services each parse costs a good part of a
     * second of CPU, which the node and its partner share.
     */
    private Applied applyNow(Rendering next) throws IOException, InterruptedException {
        if (!next.rendered()) {
            throw new DataPlaneRejected(next.rejections());
        }
        boolean serving = running != null && process.running();
        if (serving && next.config().equals(running.config())) {
            return Applied.UNCHANGED;
        }
        // Weights and enabled flags only: the structure and certificates HAProxy runs stay as it accepted them.
        Optional<List<ServerSetting>> changes = serving ? next.runtimeChangesFrom(running) : Optional.empty();
        if (changes.isPresent()) {
            for (ServerSetting change : changes.get()) {
                ServerSetting was = running.servers().get(change.ref());
                if (was.weight() != change.weight()) {
                    runtime(change, "weight " + change.weight());
                }
                if (was.enabled() != change.enabled()) {
                    runtime(change, "state " + (change.enabled() ? "ready" : "maint"));
                }
            }
            files.writeConfig(next.config());
            running = next;
            return Applied.RUNTIME_API;
        }
        Applied applied = process.running() ? Applied.RELOADED : Applied.STARTED;
        if (applied == Applied.STARTED) {
            refuseWhatHaproxyRefuses(next);
        }
        files.writeCertificates(next.certificateFiles());
        Optional<String> previous = files.readConfig();
        files.writeConfig(next.config());
        boolean loaded = false;
        try {
            HaproxyProcess.Result result;
            if (applied == Applied.RELOADED) {
                files.writeServerState(HaproxySocket.command(files.statsSocket(), "show servers state"));
                result = process.reload();
            } else {
                result = process.start();
            }
            if (!result.loaded()) {
                if (applied == Applied.RELOADED) {
                    // haproxy -c names what it refuses as before; what only a reload sees (a port another
                    // program holds) the reload's own output names.
                    refuseWhatHaproxyRefuses(next);
                }
                throw new DataPlaneRejected(HaproxyAlerts.rejections(result.output(), next));
            }
            loaded = true;
        } finally {
            if (!loaded && previous.isPresent()) {
                files.writeConfig(previous.get()); // what runs (or restarts) stays the last good configuration
            }
        }
        running = next;
        files.keepOnlyCertificates(next.certificateFiles().keySet());
        LOG.info("data plane: applied ({}), {} virtual services", applied, next.services().size());
        return applied;
    }

    private void refuseWhatHaproxyRefuses(Rendering rendering) throws IOException, InterruptedException {
        List<Rejection> refused = HaproxyCheck.check(executable, files, rendering);
        if (!refused.isEmpty()) {
            throw new DataPlaneRejected(refused);
        }
    }

    private ServerSetting server(RealServerRef ref) {
        requireRunning();
        ServerSetting setting = running == null ? null : running.servers().get(ref);
        if (setting == null) {
            throw new IllegalArgumentException("the data plane serves no real server " + ref.address() + " port "
                    + ref.port() + " in virtual service '" + ref.virtualService() + "'; check the names, and that "
                    + "the service is enabled");
        }
        return setting;
    }

    private void runtime(ServerSetting server, String change) throws IOException {
        String command = "set server " + server.backend() + "/" + server.server() + " " + change;
        String answer = HaproxySocket.command(files.statsSocket(), command).strip();
        if (!answer.isEmpty()) {
            throw new IllegalStateException("haproxy refused '" + command + "': " + answer);
        }
    }

    private void requireRunning() {
        if (!process.running()) {
            throw new IllegalStateException("the data plane is not running: " + health.reason());
        }
    }

    /** HAProxy's output as the operator reads it: its alerts, on the fields of the running services. */
    private String explain(String output) {
        Rendering known = running == null ? render(List.of(), List.of()) : running;
        return HaproxyAlerts.rejections(output, known).stream().map(Rejection::toString)
                .collect(Collectors.joining("; "));
    }

    private void healthChanged(DataPlaneHealth next) {
        health = next;
        if (next.state() == DataPlaneHealth.State.FAILED) {
            LOG.warn("data plane: {}", next.reason());
        } else {
            LOG.info("data plane: {} ({})", next.state(), next.reason());
        }
        context.runOnContext(v -> listeners.forEach(listener -> listener.accept(next)));
    }

    private void restartLater(Duration delay) {
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> onWorker(() -> {
            process.restart();
            return null;
        }));
    }

    private void exitedLater(Process exited) {
        onWorker(() -> {
            process.exited(exited);
            return null;
        });
    }

    /**
     * On the data plane's one thread, in the order given (a one-thread pool runs its queue in order). Not
     * Vert.x's ordered mode: that orders by the calling context across executors, so a settings write of
     * the same event loop would wait behind a reload.
     */
    private <T> Future<T> onWorker(Callable<T> work) {
        return worker.executeBlocking(work, false);
    }
}
