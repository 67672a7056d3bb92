package io.hapair.node.witness;

import io.hapair.cloud.run.CloudClasses;
import io.hapair.node.role.WitnessState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pair's witness lease while the role machine wants it and lets it go when it does not,
 * telling the machine after every answer what it holds and until when. Runs on the node's event loop;
 * one request at a time, a round every third of the lease's TTL, so a renewal can fail twice before
 * the lease runs out.
 *
 * <p>The deadline it reports is the time the renewal was <em>sent</em> plus the TTL: the store starts
 * its own TTL when the request arrives, later, so this node lets go of the lease before the store
 * would give it to the partner.
 */
public final class WitnessKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessKeeper.class);
    private static final String NOT_NEEDED = "not needed: this node is standby and its partner is heard (or it is"
            + " shutting down)";

    private final Vertx vertx;
    private final WitnessSettings settings;
    private final WitnessClient client;
    private final BooleanSupplier wanted;
    private final Consumer<WitnessState> role;
    private final long roundMillis;
    private long timer = -1;
    private boolean busy;
    /** The machine changed its mind while a request was out: look again when it is answered. */
    private boolean nudged;
    private boolean stopped;
    private Future<?> inFlight = Future.succeededFuture();
    private WitnessClient.Lease lease;
    private WitnessState state = new WitnessState(false, 0, 0, "not asked yet");
    private String lastError;
    private long lastAnswerAt;

    /**
     * @param wanted whether the role machine wants the lease now (read on the event loop)
     * @param role   where each new state goes: the role machine's {@code WitnessChanged}
     */
    public WitnessKeeper(Vertx vertx, WitnessSettings settings, BooleanSupplier wanted, Consumer<WitnessState> role) {
        this(vertx, settings, clientFor(vertx, settings), wanted, role);
    }

    WitnessKeeper(Vertx vertx, WitnessSettings settings, WitnessClient client, BooleanSupplier wanted,
                  Consumer<WitnessState> role) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = client;
        this.wanted = wanted;
        this.role = role;
        this.roundMillis = Math.max(50, settings.leaseTtl().toMillis() / 3);
    }

    private static WitnessClient clientFor(Vertx vertx, WitnessSettings settings) {
        return switch (settings.type()) {
            case ETCD -> new EtcdWitness(vertx, settings);
            case AZURE_BLOB -> ServiceLoader.load(WitnessClientFactory.class, CloudClasses.loader()).stream()
                    .map(ServiceLoader.Provider::get).filter(f -> f.type() == settings.type()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + settings.type().key() + " witness among the cloud"
                            + " classes (" + CloudClasses.NESTED + " in the release jar): this jar was built without it"))
                    .connect(vertx, settings);
            case NONE -> throw new IllegalArgumentException("no witness configured");
        };
    }

    /** Tells the role machine the starting state (nothing held), then starts the rounds. */
    public void start() {
        role.accept(state);
        round();
        timer = vertx.setPeriodic(roundMillis, t -> round());
    }

    /**
     * The role machine may have changed its mind (the partner went silent, the node became standby):
     * act now rather than at the next round, so a takeover does not wait a third of the TTL more.
     */
    public void nudge() {
        if (busy) {
            nudged = true;
        } else if ((lease == null) == wanted.getAsBoolean()) {
            round();
        }
    }

    /**
     * Gives the lease up (shutdown) once any request under way is answered: the partner need not wait
     * for it to run out.
     */
    public Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return inFlight.otherwiseEmpty().compose(v -> {
            Future<Void> released = lease == null ? Future.succeededFuture() : client.release(lease);
            lease = null;
            return released.otherwiseEmpty();
        }).eventually(() -> {
            client.close();
            return Future.succeededFuture();
        }).mapEmpty();
    }

    private void round() {
        if (busy || stopped) {
            return;
        }
        busy = true;
        long sentAt = System.currentTimeMillis();
        Future<?> request;
        if (wanted.getAsBoolean()) {
            request = (lease == null ? client.acquire() : client.renew(lease)).onSuccess(a -> answered(a, sentAt));
        } else if (lease != null) {
            WitnessClient.Lease giving = lease;
            request = client.release(giving).onSuccess(v -> {
                lease = null;
                LOG.info("witness: released the lease (fencing token {}) on {}", giving.token(), client.target());
                publish(new WitnessState(true, 0, 0, NOT_NEEDED));
            });
        } else {
            if (state.heldUntil() != 0 || !state.detail().equals(NOT_NEEDED)) {
                publish(new WitnessState(state.reachable(), 0, 0, NOT_NEEDED));
            }
            request = Future.succeededFuture();
        }
        inFlight = request;
        request.onFailure(this::unreachable).onComplete(ar -> {
            busy = false;
            if (nudged) {
                nudged = false;
                nudge();
            }
        });
    }

    private void answered(WitnessClient.Answer answer, long sentAt) {
        lastError = null;
        lastAnswerAt = System.currentTimeMillis();
        if (answer instanceof WitnessClient.Answer.Ours ours) {
            if (lease == null || lease.token() != ours.lease().token()) {
                LOG.info("witness: holds the lease on {} (fencing token {})", client.target(), ours.lease().token());
            }
            lease = ours.lease();
            publish(new WitnessState(true, sentAt + lease.ttl().toMillis(), lease.token(), "held by this node"));
        } else if (answer instanceof WitnessClient.Answer.Theirs theirs) {
            if (lease != null) {
                LOG.warn("witness: lost the lease on {}: {}", client.target(), theirs.holder());
            }
            lease = null;
            publish(new WitnessState(true, 0, 0, theirs.holder()));
        }
    }

    /** No answer: a lease we hold stays ours until its deadline, which the role machine watches. */
    private void unreachable(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (!message.equals(lastError)) {
            LOG.warn("witness: {} did not answer: {}", client.target(), message);
        }
        lastError = message;
        publish(new WitnessState(false, state.heldUntil(), state.token(), message));
    }

    private void publish(WitnessState next) {
        state = next;
        role.accept(next);
    }

    /** The witness block of the status API. */
    public JsonObject status() {
        long now = System.currentTimeMillis();
        return new JsonObject().put("type", settings.type().key()).put("target", client.target())
                .put("leaseTtlMillis", settings.leaseTtl().toMillis())
                .put("wanted", wanted.getAsBoolean()).put("held", state.held(now))
                .put("heldUntil", state.held(now) ? state.heldUntil() : null)
                .put("token", state.held(now) ? state.token() : null)
                .put("reachable", state.reachable()).put("detail", state.detail())
                .put("lastError", lastError).put("lastAnswerAt", lastAnswerAt > 0 ? lastAnswerAt : null);
    }

    /** Whether this node holds the lease now, for the metrics. */
    public boolean held() {
        return state.held(System.currentTimeMillis());
    }

    /** Whether the witness answered the last request, for the metrics. */
    public boolean reachable() {
        return state.reachable();
    }

    /** The fencing token of the lease this node holds, 0 when none, for the metrics. */
    public long token() {
        return held() ? state.token() : 0;
    }
}
