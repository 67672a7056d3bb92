package io.hapair.node.ntp;

import io.hapair.node.ntp.model.ChronySources;
import io.hapair.node.ntp.model.ClockState;
import io.hapair.node.ntp.model.Tracking;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.NtpServer;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the stored NTP servers their effect through the host's chrony, and watches the clock: renders the servers
 * into chrony's sources file and has chronyd read it ({@code chronyc reload sources}) at start and whenever the
 * servers change, and reads {@code chronyc -c tracking} after each of those and every clock-check-interval. Trouble
 * (a file it cannot write, a chronyc that is missing or refused) is logged once per cause, shown in status and
 * /metrics, retried at each check, and never stops the node. Deployed as a verticle; the file and chronyc run on a
 * worker of their own, one thing at a time.
 */
public final class ChronyKeeper extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ChronyKeeper.class);
    private static final String TYPE = SettingsType.NTP_SERVERS.apiPath();
    private static final String EMPTY = ChronySources.render(List.of());

    private final SettingsService settings;
    private final ChronyHost host;
    private final LongSupplier clock;
    private WorkerExecutor worker;
    private long timer;
    // On the verticle's context only.
    private boolean applying;
    private boolean applyAgain;
    private boolean chronyHasFile;
    private String applyProblem;
    private String checkProblem;
    private Boolean saidSynchronised;
    // Read by status and /metrics on other threads.
    private volatile ClockState state = ClockState.unknown(null);
    private volatile String lastError;
    private volatile boolean applied;

    /** @param clock the wall clock, for checkedAt */
    public ChronyKeeper(SettingsService settings, ChronyHost host, LongSupplier clock) {
        this.settings = settings;
        this.host = host;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("hanode-chrony", 1);
        settings.onChange(types -> {
            if (types.contains(TYPE)) {
                context.runOnContext(v -> apply());
            }
        });
        timer = vertx.setPeriodic(host.checkEvery().toMillis(), t -> {
            if (chronyHasFile) {
                check();
            } else {
                apply();
            }
        });
        apply();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return worker.close();
    }

    /** The status API's clock block. */
    public JsonObject status() {
        ClockState s = state;
        return new JsonObject().put("synchronised", s.synchronised()).put("offsetSeconds", s.offsetSeconds())
                .put("stratum", s.stratum()).put("source", s.source()).put("checkedAt", s.checkedAt())
                .put("lastError", lastError);
    }

    /** The clock as chrony last described it. */
    public ClockState clockState() {
        return state;
    }

    /** The stored NTP servers beside the sources chronyd has now ({@code chronyc -c -N sources}). */
    public Future<List<HostReading>> readings() {
        return settings.documents(SettingsType.NTP_SERVERS).compose(stored -> worker.executeBlocking(() ->
                ChronySources.readings(stored, ChronySources.names(Chrony.run(host, "-c", "-N", "sources")),
                        "chronyc -c -N sources"), false));
    }

    /** Whether chronyd has read the stored servers as they are now (the file written and reloaded). */
    public boolean sourcesApplied() {
        return applied;
    }

    /** Renders the stored servers and has chrony take them; one run at a time, a change meanwhile runs it again. */
    private void apply() {
        if (applying) {
            applyAgain = true;
            return;
        }
        applying = true;
        applyAgain = false;
        boolean reloadAnyway = !chronyHasFile;
        settings.documents(SettingsType.NTP_SERVERS)
                .compose(servers -> worker.executeBlocking(() -> Chrony.apply(host, ChronySources.render(servers), EMPTY,
                        reloadAnyway), false).map(written -> written ? servers : null))
                .onComplete(ar -> {
                    applying = false;
                    chronyHasFile = ar.succeeded();
                    applied = ar.succeeded();
                    if (ar.succeeded()) {
                        if (applyProblem != null) {
                            LOG.info("ntp: chrony has the NTP servers again");
                        }
                        applyProblem = null;
                        if (ar.result() != null) {
                            LOG.info("ntp: chrony's sources from {} are now {}", host.sourcesFile(),
                                    ar.result().isEmpty() ? "none (chrony keeps those of its own configuration)"
                                            : String.join(", ", ar.result().stream().map(NtpServer::host).toList()));
                        }
                    } else {
                        String problem = "ntp: " + ar.cause().getMessage();
                        if (!problem.equals(applyProblem)) {
                            LOG.warn("{}", problem);
                        }
                        applyProblem = problem;
                    }
                    showError();
                    if (applyAgain) {
                        apply();
                    } else {
                        check();
                    }
                });
    }

    /** Reads the clock's state from chrony; says so in the log when it turns synchronised or not. */
    private void check() {
        worker.executeBlocking(() -> Tracking.parse(Chrony.run(host, "-c", "tracking")), false).onComplete(ar -> {
            long now = clock.getAsLong();
            if (ar.succeeded()) {
                if (checkProblem != null) {
                    LOG.info("ntp: chrony answers again");
                }
                checkProblem = null;
                state = ClockState.of(ar.result(), now);
                said(ar.result());
            } else {
                String problem = "ntp: cannot read the clock's state: " + ar.cause().getMessage();
                if (!problem.equals(checkProblem)) {
                    LOG.warn("{}", problem);
                }
                checkProblem = problem;
                state = ClockState.unknown(now);
            }
            showError();
        });
    }

    private void said(Tracking tracking) {
        boolean synchronised = tracking.synchronised();
        if (saidSynchronised != null && saidSynchronised == synchronised) {
            return;
        }
        saidSynchronised = synchronised;
        if (synchronised) {
            LOG.info("ntp: the clock is synchronised to {} (stratum {}, {} s behind NTP time)",
                    tracking.reference().orElse("?"), tracking.stratum(),
                    String.format(Locale.ROOT, "%.6f", tracking.systemTimeSeconds()));
        } else {
            LOG.warn("ntp: the clock is not synchronised (chrony: reference {}, leap status {}): the sync's timestamps"
                    + " and certificate validity depend on it; check the NTP servers (/api/v1/ntp-servers) and"
                    + " chronyc sources", tracking.referenceId(), tracking.leapStatus());
        }
    }

    private void showError() {
        lastError = applyProblem != null ? applyProblem : checkProblem;
    }
}
