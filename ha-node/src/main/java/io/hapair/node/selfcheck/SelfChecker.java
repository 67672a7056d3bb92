package io.hapair.node.selfcheck;

import io.hapair.node.hostexec.HostProgram;
import io.hapair.node.selfcheck.model.CheckTarget;
import io.hapair.node.selfcheck.model.DefaultGateway;
import io.hapair.node.selfcheck.model.Reachability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-detector: checks each configured target from this node's own address every interval (a ping with
 * {@code -I ADDRESS}, or a TCP connect bound to it) and reports the count of lost targets when it changes.
 * Bounded: at most {@link CheckTarget#MAX_TARGETS} targets, and a target whose last check has not ended
 * is skipped rather than checked twice at once. Runs on the event loop it is started on.
 */
public final class SelfChecker {

    private static final Logger LOG = LoggerFactory.getLogger(SelfChecker.class);
    private static final Path ROUTE_TABLE = Path.of("/proc/net/route");
    // Past its -W wait ping exits by itself; this only bounds a ping that hangs for another reason.
    private static final long PING_SLACK_MILLIS = 1_000;

    private final Vertx vertx;
    private final SelfCheckSettings settings;
    private final String source;
    private final Consumer<Reachability.Summary> changed;
    private final Reachability reachability;
    private final Set<String> inFlight = new HashSet<>();
    private final NetClient tcp;
    private final WorkerExecutor pings;
    private volatile Reachability.Summary summary;
    private volatile List<Reachability.TargetState> states;
    private long timer = -1;

    /**
     * @param source  this node's address: every check leaves from it
     * @param changed told the new summary whenever the count of lost targets changes
     */
    public SelfChecker(Vertx vertx, SelfCheckSettings settings, String source, Consumer<Reachability.Summary> changed) {
        this.vertx = vertx;
        this.settings = settings;
        this.source = source;
        this.changed = changed;
        this.reachability = new Reachability(settings.targets());
        this.summary = reachability.summary();
        this.states = reachability.targets();
        this.tcp = vertx.createNetClient(new NetClientOptions().setLocalAddress(source)
                .setConnectTimeout((int) settings.timeout().toMillis()));
        // One thread per target at most: a ping waits out its timeout on one.
        this.pings = vertx.createSharedWorkerExecutor("hanode-self-check", Math.max(1, settings.targets().size()));
    }

    public void start() {
        LOG.info("self-check: checking {} from {} every {} ms", settings.targets().stream().map(CheckTarget::key)
                .toList(), source, settings.interval().toMillis());
        checkAll();
        timer = vertx.setPeriodic(settings.interval().toMillis(), t -> checkAll());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        tcp.close();
        pings.close();
    }

    /** Thread-safe: the summary as last counted. */
    public Reachability.Summary summary() {
        return summary;
    }

    /** Thread-safe: each target's state, for status and metrics. */
    public List<Reachability.TargetState> states() {
        return states;
    }

    /** The status API's selfCheck block. */
    public JsonObject status() {
        JsonArray targets = new JsonArray();
        states.forEach(s -> targets.add(new JsonObject().put("target", s.target()).put("lost", s.lost())
                .put("failuresInARow", s.failuresInARow()).put("lastResult", s.lastResult())));
        Reachability.Summary s = summary;
        return new JsonObject().put("source", source).put("intervalMillis", settings.interval().toMillis())
                .put("lost", s.lost()).put("targets", targets);
    }

    private void checkAll() {
        for (CheckTarget target : settings.targets()) {
            if (!inFlight.add(target.key())) {
                continue;
            }
            check(target).onComplete(ar -> {
                inFlight.remove(target.key());
                record(target, ar.succeeded(), ar.succeeded() ? null : ar.cause().getMessage());
            });
        }
    }

    private void record(CheckTarget target, boolean answered, String why) {
        int lostBefore = summary.lost();
        reachability.record(target, answered, why);
        summary = reachability.summary();
        states = reachability.targets();
        if (summary.lost() != lostBefore) {
            LOG.warn("self-check: {} of {} targets lost{}", summary.lost(), summary.targets(),
                    summary.lost() == 0 ? "" : ": " + summary.detail());
            changed.accept(summary);
        }
    }

    private Future<Void> check(CheckTarget target) {
        return switch (target.kind()) {
            case TCP -> tcp.connect(target.port(), target.address()).compose(socket -> socket.close());
            case ICMP -> ping(target.address());
            case GATEWAY -> pings.<String>executeBlocking(() -> DefaultGateway.fromRouteTable(readRouteTable())
                    .orElseThrow(() -> new IOException("no IPv4 default route"))).compose(this::ping);
        };
    }

    private Future<Void> ping(String address) {
        // iputils' -W takes fractions of a second.
        String wait = String.format(Locale.ROOT, "%.3f", settings.timeout().toMillis() / 1000.0);
        List<String> argv = List.of(settings.ping(), "-n", "-q", "-c", "1", "-W", wait, "-I", source, address);
        return pings.executeBlocking(() -> {
            HostProgram.Ran ran;
            try {
                ran = HostProgram.run(argv, settings.timeout().plusMillis(PING_SLACK_MILLIS));
            } catch (HostProgram.NotRun e) {
                throw new IOException(settings.ping() + " did not run: " + e.getMessage(), e);
            }
            if (!ran.ok()) {
                // iputils: 1 when no reply came, 2 for an error (no route, bad -I address, no permission).
                throw new IOException(ran.exitCode() == 1 ? "no reply within " + settings.timeout().toMillis() + " ms"
                        : settings.ping() + " failed: " + ran.said());
            }
            return null;
        }, false);
    }

    private static String readRouteTable() throws IOException {
        return Files.readString(ROUTE_TABLE);
    }
}
