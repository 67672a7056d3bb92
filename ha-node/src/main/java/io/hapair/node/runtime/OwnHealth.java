package io.hapair.node.runtime;

import io.hapair.node.health.model.CpuTimes;
import io.hapair.node.health.model.HealthInput;
import io.hapair.node.health.model.HealthLevel;
import io.hapair.node.health.model.HealthReport;
import io.hapair.node.health.model.HealthRules;
import io.hapair.node.health.model.LoadAverage;
import io.hapair.node.health.model.MemInfo;
import io.hapair.node.ntp.model.ClockState;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.settings.AdminCertificate;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncState;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's health as the role machine sees it, from measured inputs each with a level (see {@link HealthRules}):
 * the data plane (as it reports itself), the data directory's writability and free space, memory, load, CPU steal,
 * the clock (as chrony last said), the expiry of the node's own certificate, of the administration certificate (when
 * one is stored) and of the virtual-service certificates, and the sync lag. A Critical input makes the node unhealthy,
 * so it does not stay (or become) the node the balancer sends traffic to; a Warning only shows (status, /metrics, the
 * web UI) and goes in the event log when it begins and ends. Measures every health-check-interval on a worker of its
 * own; reports on the node's event loop.
 */
final class OwnHealth {

    private static final Logger LOG = LoggerFactory.getLogger(OwnHealth.class);
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path STAT = Path.of("/proc/stat");

    /**
     * What the node's other parts tell the measurements.
     *
     * @param settings where the virtual-service certificates are stored
     * @param sync     null with HA off
     */
    record Sources(Supplier<ClockState> clock, Supplier<String> clockProblem, X509Certificate certificate,
                   SettingsService settings, SyncState sync) {
    }

    /**
     * One round of measurements taken on the worker: the parts that need the file system or /proc. The load and the
     * CPU times are raw: their levels depend on the last ones, which the event loop keeps.
     */
    private record Measured(HealthInput dataDirectory, HealthInput disk, HealthInput memory, Double load,
                            HealthInput loadUnreadable, CpuTimes cpu) {
    }

    private final Vertx vertx;
    private final Path dataDir;
    private final Duration every;
    private final HealthRules rules;
    private final Sources sources;
    private final Consumer<RoleEvent> role;
    private final VsCertificateExpiries vsExpiries = new VsCertificateExpiries();
    private WorkerExecutor worker;
    // On the node's event loop only.
    private HealthInput dataPlane;
    private Measured measured;
    private CpuTimes cpuBefore;
    private HealthInput load;
    private HealthInput cpuSteal;
    private HealthInput vsCertificates;
    // Null while no administration certificate is stored: the certificate input then stands for 8443 too.
    private HealthInput adminCertificate;
    private HealthReport noted;
    // Read by status and /metrics on other threads.
    private volatile HealthReport report = new HealthReport(List.of());

    OwnHealth(Vertx vertx, Path dataDir, Duration every, HealthRules rules, Sources sources, Consumer<RoleEvent> role) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.every = every;
        this.rules = rules;
        this.sources = sources;
        this.role = role;
    }

    void start() {
        worker = vertx.createSharedWorkerExecutor("hanode-health", 1);
        measure();
        vertx.setPeriodic(every.toMillis(), t -> measure());
    }

    /** The data plane's state changed: it is an input like the others, reported at once. */
    void dataPlane(boolean running, String reason) {
        dataPlane = rules.dataPlane(running, "the data plane does not run: " + reason);
        evaluate();
    }

    /** The last report; thread-safe. */
    HealthReport report() {
        return report;
    }

    /** The status API's health block: the level and each input. */
    JsonObject status() {
        HealthReport r = report;
        JsonArray inputs = new JsonArray();
        r.inputs().forEach(i -> inputs.add(new JsonObject().put("name", i.name()).put("value", i.value())
                .put("level", i.level().key()).put("why", i.why())));
        return new JsonObject().put("level", r.level().key()).put("inputs", inputs);
    }

    private void measure() {
        sources.settings().documents(SettingsType.VS_CERTIFICATES)
                .compose(certificates -> worker.executeBlocking(() -> vsExpiries.of(certificates), false))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        vsCertificates = rules.vsCertificates(ar.result(), System.currentTimeMillis());
                    } else {
                        LOG.warn("health: cannot read the virtual-service certificates: {}", ar.cause().toString());
                    }
                });
        sources.settings().documents(SettingsType.ADMIN_CERTIFICATE)
                .compose(stored -> worker.executeBlocking(() -> adminCertificate(stored), false))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        adminCertificate = ar.result().orElse(null);
                    } else {
                        LOG.warn("health: cannot read the administration certificate: {}", ar.cause().toString());
                    }
                });
        worker.executeBlocking(this::measureOnWorker, false).onComplete(ar -> {
            if (ar.succeeded()) {
                measured = ar.result();
                load = measured.load() == null ? measured.loadUnreadable()
                        : rules.load(measured.load(), Runtime.getRuntime().availableProcessors(), levelOf(load));
                cpuSteal = measured.cpu() == null ? null : rules.cpuSteal(cpuBefore, measured.cpu(), levelOf(cpuSteal));
                cpuBefore = measured.cpu();
            } else {
                LOG.warn("health: cannot measure: {}", ar.cause().toString());
            }
            evaluate();
        });
    }

    private Measured measureOnWorker() {
        String dir = dataDir.toString();
        HealthInput writable;
        try {
            Files.delete(Files.createTempFile(dataDir, ".health", ".tmp"));
            writable = rules.dataDirectory(dir, null);
        } catch (IOException | RuntimeException e) {
            writable = rules.dataDirectory(dir, e.toString());
        }
        HealthInput disk;
        try {
            FileStore store = Files.getFileStore(dataDir);
            disk = rules.disk(store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException e) {
            disk = unreadable(HealthRules.DISK, "the data directory's file system", e);
        }
        HealthInput memory;
        Double load = null;
        HealthInput loadUnreadable = null;
        CpuTimes cpu = null;
        try {
            memory = rules.memory(MemInfo.parse(Files.readString(MEMINFO)));
        } catch (IOException | RuntimeException e) {
            memory = unreadable(HealthRules.MEMORY, MEMINFO.toString(), e);
        }
        try {
            load = LoadAverage.parse(Files.readString(LOADAVG)).oneMinute();
        } catch (IOException | RuntimeException e) {
            loadUnreadable = unreadable(HealthRules.LOAD, LOADAVG.toString(), e);
        }
        try {
            cpu = CpuTimes.parse(Files.readString(STAT));
        } catch (IOException | RuntimeException e) {
            LOG.warn("health: cannot read {}: {}", STAT, e.toString());
        }
        return new Measured(writable, disk, memory, load, loadUnreadable, cpu);
    }

    /** The stored administration certificate's input, empty when none is stored (one document at most). */
    private Optional<HealthInput> adminCertificate(List<AdminCertificate> stored) {
        return stored.stream().map(AdminCertificate::certificateChain).filter(Objects::nonNull).findFirst()
                .map(chain -> {
                    try {
                        X509Certificate first = VsCertificateExpiries.first(chain);
                        return rules.adminCertificate(first.getSubjectX500Principal().getName(),
                                first.getNotAfter().getTime(), System.currentTimeMillis());
                    } catch (RuntimeException e) {
                        return unreadable(HealthRules.ADMIN_CERTIFICATE, "the stored administration certificate", e);
                    }
                });
    }

    private static HealthLevel levelOf(HealthInput input) {
        return input == null ? HealthLevel.NORMAL : input.level();
    }

    /** An input that could not be read is a Warning: nothing says the node is in trouble, nor that it is not. */
    private static HealthInput unreadable(String name, String what, Exception e) {
        return new HealthInput(name, "unknown", HealthLevel.WARNING,
                "cannot read " + what + ": " + e);
    }

    /** Puts the inputs together, tells the role machine, and notes each change of level in the event log. */
    private void evaluate() {
        long now = System.currentTimeMillis();
        List<HealthInput> inputs = new ArrayList<>();
        if (dataPlane != null) {
            inputs.add(dataPlane);
        }
        if (measured != null) {
            inputs.addAll(List.of(measured.dataDirectory(), measured.disk(), measured.memory(), load));
        }
        if (cpuSteal != null) {
            inputs.add(cpuSteal);
        }
        ClockState clock = sources.clock().get();
        inputs.add(rules.clock(clock.checkedAt() != null, clock.synchronised(), clock.offsetSeconds(),
                sources.clockProblem().get()));
        inputs.add(rules.certificate(sources.certificate().getSubjectX500Principal().getName(),
                sources.certificate().getNotAfter().getTime(), now));
        if (adminCertificate != null) {
            inputs.add(adminCertificate);
        }
        if (vsCertificates != null) {
            inputs.add(vsCertificates);
        }
        if (sources.sync() != null) {
            SyncState s = sources.sync();
            inputs.add(rules.syncLag(s.syncLagMillis(now), s.pendingChanges(), s.unsentChanges()));
        }
        HealthReport next = new HealthReport(inputs);
        // The role shell logs each note.
        next.changesSince(noted).forEach(change -> role.accept(new RoleEvent.Noted("health", change)));
        noted = next;
        report = next;
        role.accept(new RoleEvent.HealthChanged(next.healthy(), next.detail()));
    }
}
