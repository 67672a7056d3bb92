package io.hapair.node.netcommit;

import io.hapair.node.files.DurableFile;
import io.hapair.node.netcommit.model.PendingChange;
import io.hapair.node.netcommit.model.ProbeCadence;
import io.hapair.node.netconf.NetworkHost;
import io.hapair.node.netconf.model.HostNetwork;
import io.hapair.node.netconf.model.NetworkIntent;
import io.hapair.node.netconf.model.NetworkWarnings;
import io.hapair.node.role.PartnerLiveness;
import io.hapair.node.role.RoleStatus;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.StoredDocument;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-local network settings as confirmed commits. A write to one of {@link #TYPES} is stored, then
 * applied to the host ({@link NetworkHost}); the host refusing it undoes both at once. An applied change
 * waits for an operator's confirmation ({@code POST /api/v1/network-commit/confirm}) and is rolled back by
 * itself, store and host, when none comes in time, or at once when the partner's heartbeats or the
 * balancer's probes stop reaching the node after it ({@link PendingChange}). Further writes while one waits
 * join it: a rollback returns to the settings from before the first.
 *
 * <p>What a pending change would roll back to is kept in the data directory too, so that a node stopped or
 * killed while a change waits starts with the settings from before it, as a rollback would have left it.
 * At start the stored settings are applied, so that a host that rebooted gets them back.
 *
 * <p>Runs on the node's context: the API's calls arrive there, and the role state is read there. Changes
 * run one at a time, in the order asked.
 */
public final class NetworkCommits {

    /** The settings applied as confirmed commits: those that can cut the node off its network. */
    public static final List<SettingsType<?>> TYPES = List.of(SettingsType.DEFAULT_GATEWAY, SettingsType.IP_ADDRESSES,
            SettingsType.INTERFACES, SettingsType.VLANS, SettingsType.VXLANS, SettingsType.ROUTES,
            SettingsType.ADMIN_GATEWAY);
    private static final List<String> PATHS = TYPES.stream().map(SettingsType::apiPath).toList();
    private static final Logger LOG = LoggerFactory.getLogger(NetworkCommits.class);
    private static final long WATCH_MILLIS = 50;

    /**
     * How the node treats its network settings.
     *
     * @param apply            false: stored and shown only, the host's network left alone (host-network: store-only)
     * @param confirmTimeout   how long an applied change waits for confirmation
     * @param partnerAllowance how long the partner may go unheard after a change before it counts as cut off
     * @param pendingFile      where a pending change's settings from before it are kept across a restart
     */
    public record Options(boolean apply, Duration confirmTimeout, Duration partnerAllowance, Path pendingFile) {
    }

    /** A write's result, and whether it stored anything (a refused write changes nothing, here either). */
    public record Write<T>(T result, boolean stored) {
    }

    /** A write's result, and what the operator should know about its effect on the host. */
    public record Changed<T>(T result, List<String> warnings) {
    }

    /** The host refused a change; the store and the host are as before it. */
    public static final class HostRefused extends RuntimeException {
        public HostRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** A confirmation or rollback asked for while no change waits. */
    public static final class NothingPending extends RuntimeException {
        public NothingPending() {
            super("no network change is waiting for confirmation", null, false, false);
        }
    }

    private record Rollback(long at, String reason, String error) {
    }

    private final Vertx vertx;
    private final Context context;
    private final SettingsService settings;
    private final NetworkHost host;
    private final Supplier<RoleStatus> role;
    private final Options options;
    private final LongSupplier clock;
    private final ProbeCadence probes = new ProbeCadence();
    private Future<?> tail = Future.succeededFuture();
    /**
     * The change waiting for confirmation, the stored documents and the intent from before it, and the intent it
     * applied last; all null when none waits.
     */
    private PendingChange pending;
    private Map<String, String> before;
    private NetworkIntent intentBeforePending;
    private NetworkIntent intentApplied;
    private long watchTimer = -1;
    private Rollback lastRollback;

    public NetworkCommits(Vertx vertx, Context context, SettingsService settings, NetworkHost host,
                          Supplier<RoleStatus> role, Options options, LongSupplier clock) {
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.host = host;
        this.role = role;
        this.options = options;
        this.clock = clock;
    }

    public static boolean governs(SettingsType<?> type) {
        return TYPES.contains(type);
    }

    /** Whether changes reach the host (host-network: apply) or are only stored. */
    public boolean applies() {
        return options.apply();
    }

    public Duration confirmTimeout() {
        return options.confirmTimeout();
    }

    /**
     * Rolls back a change that was still waiting when the node stopped, then gives the host the stored
     * settings (after a reboot it has none of them). Trouble is logged; the node starts regardless.
     */
    public Future<Void> start() {
        if (!options.apply()) {
            return Future.succeededFuture();
        }
        return serially(() -> readKept().compose(kept -> {
            if (kept == null) {
                return intent().compose(stored -> host.apply(stored, stored)).mapEmpty();
            }
            return intent().compose(unconfirmed -> settings.replaceAll(PATHS, kept)
                    .compose(v -> host.apply(unconfirmed, intentOf(kept))).mapEmpty())
                    .compose(v -> vertx.<Void>executeBlocking(() -> {
                        Files.deleteIfExists(options.pendingFile());
                        return null;
                    }, false))
                    .onSuccess(v -> LOG.warn("network: a change that was not confirmed before the node stopped was"
                            + " rolled back; the host has the settings from before it"));
        })).recover(e -> {
            LOG.error("network: the stored network settings could not be applied at start: {}; fix them on Local"
                    + " Administration", e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** A probe that counts as the balancer's arrived (from the health check's server). */
    public void probeSeen(long at) {
        context.runOnContext(v -> probes.seen(at));
    }

    /**
     * Stores a change with {@code write} and applies it to the host, as part of the pending change (a new one
     * when none waits). Fails with {@link HostRefused} when the host refuses it; then neither the store nor the
     * host keeps any of it. The warnings say what the operator must do now, and what the host's own
     * configuration (DHCP) means for the change.
     */
    public <T> Future<Changed<T>> change(Supplier<Future<Write<T>>> write) {
        if (!options.apply()) {
            return write.get().map(w -> new Changed<>(w.result(), w.stored() ? List.of("stored only: this node's"
                    + " configuration has host-network: store-only, so the host's network is not changed") : List.of()));
        }
        return serially(() -> snapshot().compose(documentsBefore -> {
            NetworkIntent intentBefore = intentOf(documentsBefore);
            return write.get().compose(written -> {
                if (!written.stored()) {
                    return Future.succeededFuture(new Changed<>(written.result(), List.of()));
                }
                // What to return to is on disk before the host changes: a node killed meanwhile rolls back at start.
                boolean first = pending == null;
                Future<Void> kept = first ? keep(documentsBefore) : Future.succeededFuture();
                return intent().compose(intentAfter -> kept.compose(v -> {
                            // Silence is counted from here: the change may cut the node off as it is applied.
                            long applying = clock.getAsLong();
                            return host.apply(intentBefore, intentAfter).map(done -> {
                                begun(applying, documentsBefore, intentBefore, intentAfter);
                                return done;
                            });
                        })
                        .recover(refused -> undo(intentAfter, intentBefore, documentsBefore, refused, first))
                        .map(found -> new Changed<>(written.result(), warnings(intentBefore, intentAfter, found))));
            });
        }));
    }

    /** What to do now, and what the host's DHCP addresses ({@code found} before the change) mean for it. */
    private List<String> warnings(NetworkIntent intentBefore, NetworkIntent intentAfter, HostNetwork found) {
        List<String> warnings = new ArrayList<>(List.of("applied to the host: confirm it within "
                + options.confirmTimeout().toSeconds() + " s (Local Administration, or POST"
                + " /api/v1/network-commit/confirm) or it is rolled back"));
        warnings.addAll(NetworkWarnings.of(intentBefore, intentAfter, found));
        return warnings;
    }

    /** The pending change is kept: the settings as they are now stay. */
    public Future<Void> confirm() {
        return serially(() -> {
            if (pending == null) {
                return Future.failedFuture(new NothingPending());
            }
            long waited = clock.getAsLong() - pending.appliedAt();
            ended();
            LOG.info("network: change confirmed by an operator ({} ms after it was applied)", waited);
            return forgetKept();
        });
    }

    /** An operator's rollback of the pending change. */
    public Future<Void> rollBack() {
        return serially(() -> pending == null ? Future.failedFuture(new NothingPending())
                : rollBack("an operator asked for it"));
    }

    /** The state of confirmed commits, for {@code GET /api/v1/network-commit}. Call on the node's context. */
    public JsonObject status() {
        JsonObject status = new JsonObject().put("hostNetwork", options.apply() ? "apply" : "store-only")
                .put("confirmTimeoutSeconds", options.confirmTimeout().toSeconds());
        if (pending != null) {
            long now = clock.getAsLong();
            status.put("pending", new JsonObject().put("appliedAt", pending.appliedAt())
                    .put("confirmBy", pending.confirmBy())
                    .put("secondsLeft", Math.max(0, (pending.confirmBy() - now + 999) / 1000))
                    .put("watchingPartner", pending.partnerAllowance() > 0)
                    .put("watchingProbes", pending.probeAllowance() > 0));
        }
        if (lastRollback != null) {
            status.put("lastRollback", new JsonObject().put("at", lastRollback.at()).put("reason", lastRollback.reason())
                    .put("error", lastRollback.error()));
        }
        return status;
    }

    /** The stored network settings beside what the host has. */
    public Future<List<HostReading>> readings() {
        return intent().compose(host::readings);
    }

    /** The stored network settings as the host should have them. */
    private Future<NetworkIntent> intent() {
        return snapshot().map(NetworkCommits::intentOf);
    }

    /**
     * Network documents by key ({@link #snapshot}) as the host should have them; a text that no longer binds is left
     * out.
     */
    private static NetworkIntent intentOf(Map<String, String> documents) {
        return new NetworkIntent(first(read(documents, SettingsType.DEFAULT_GATEWAY)),
                read(documents, SettingsType.IP_ADDRESSES), read(documents, SettingsType.INTERFACES),
                read(documents, SettingsType.VLANS), read(documents, SettingsType.VXLANS),
                read(documents, SettingsType.ROUTES), first(read(documents, SettingsType.ADMIN_GATEWAY)));
    }

    private static <T extends Record> List<T> read(Map<String, String> documents, SettingsType<T> type) {
        String prefix = type.apiPath() + "/";
        return documents.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> SettingsCodec.readStored(type, e.getValue())).filter(Objects::nonNull).toList();
    }

    private static <T> T first(List<T> singleton) {
        return singleton.isEmpty() ? null : singleton.get(0);
    }

    /** Every stored network document, by key, as {@link SettingsService#replaceAll} takes them back. */
    private Future<Map<String, String>> snapshot() {
        return settings.list(PATHS).map(docs -> {
            Map<String, String> bodies = new HashMap<>();
            for (StoredDocument d : docs) {
                bodies.put(d.key(), d.body());
            }
            return bodies;
        });
    }

    /** A part applied (from {@code applying} on): the pending change takes it in, or begins. */
    private void begun(long applying, Map<String, String> documentsBefore, NetworkIntent intentBefore,
                       NetworkIntent intentAfter) {
        intentApplied = intentAfter;
        if (pending != null) {
            pending = pending.extended(applying, options.confirmTimeout());
            return;
        }
        pending = PendingChange.begin(applying, options.confirmTimeout(),
                role.get().partnerLiveness() == PartnerLiveness.ALIVE, options.partnerAllowance(), probes);
        before = documentsBefore;
        intentBeforePending = intentBefore;
        watchTimer = vertx.setPeriodic(WATCH_MILLIS, t -> watch());
        watch();
        LOG.warn("network: change applied; it is rolled back unless confirmed within {} s{}{}",
                options.confirmTimeout().toSeconds(),
                pending.partnerAllowance() > 0 ? ", or at once if the partner's heartbeats stop" : "",
                pending.probeAllowance() > 0 ? ", or at once if the balancer's probes stop" : "");
    }

    /** The host refused a part: the host and the store go back to before it; the change fails. */
    private <T> Future<T> undo(NetworkIntent intentAfter, NetworkIntent intentBefore, Map<String, String> documentsBefore,
                               Throwable refused, boolean first) {
        LOG.warn("network: the host refused a change, which was undone: {}", refused.getMessage());
        return host.apply(intentAfter, intentBefore).recover(e -> {
                    LOG.error("network: undoing a refused change on the host failed too: {}", e.getMessage());
                    return Future.succeededFuture();
                })
                .compose(v -> settings.replaceAll(PATHS, documentsBefore))
                .compose(v -> first ? forgetKept() : Future.succeededFuture())
                .transform(v -> Future.failedFuture(new HostRefused(refused.getMessage())));
    }

    private void watch() {
        if (pending == null) {
            return;
        }
        RoleStatus status = role.get();
        pending.rollbackReason(clock.getAsLong(), status.partnerHeardAt(), status.lastProbeAt())
                .ifPresent(reason -> {
                    // Checked again in turn: a confirmation may be queued ahead of this.
                    PendingChange seen = pending;
                    serially(() -> pending == seen ? rollBack(reason) : Future.<Void>succeededFuture());
                });
    }

    /**
     * Returns the host, then the store, to the settings from before the pending change. The host first, from what
     * is held in memory: a change that cut the partner off must be undone before the partner's dead-after.
     */
    private Future<Void> rollBack(String reason) {
        Map<String, String> documentsBefore = before;
        NetworkIntent applied = intentApplied;
        NetworkIntent previous = intentBeforePending;
        ended();
        long now = clock.getAsLong();
        LOG.warn("network: rolling the change back: {}", reason);
        // The store goes back even when the host refused: it holds what the host should have, and says so as drift.
        return host.apply(applied, previous)
                .transform(onHost -> settings.replaceAll(PATHS, documentsBefore).compose(v -> forgetKept())
                        .compose(v -> onHost.failed() ? Future.<Void>failedFuture(onHost.cause())
                                : Future.<Void>succeededFuture()))
                .onSuccess(v -> {
                    lastRollback = new Rollback(now, reason, null);
                    LOG.warn("network: change rolled back ({}); the host has the settings from before it again", reason);
                })
                .recover(e -> {
                    lastRollback = new Rollback(now, reason, e.getMessage());
                    LOG.error("network: rolling the change back ({}) failed: {}; check the host's network on Local"
                            + " Administration", reason, e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private void ended() {
        pending = null;
        before = null;
        intentBeforePending = null;
        intentApplied = null;
        vertx.cancelTimer(watchTimer);
        watchTimer = -1;
    }

    /** Keeps the documents from before the pending change on disk, written whole before it counts. */
    private Future<Void> keep(Map<String, String> documentsBefore) {
        Path file = options.pendingFile();
        String text = new JsonObject().put("documents", new JsonObject(new HashMap<>(documentsBefore))).encode();
        return vertx.executeBlocking(() -> {
            DurableFile.writePrivate(file, text.getBytes(StandardCharsets.UTF_8));
            return null;
        }, false);
    }

    private Future<Void> forgetKept() {
        return vertx.executeBlocking(() -> {
            DurableFile.delete(options.pendingFile());
            return null;
        }, false);
    }

    /** The documents kept by a change still pending when the node stopped; null when none was. */
    private Future<Map<String, String>> readKept() {
        return vertx.executeBlocking(() -> {
            try {
                JsonObject kept = new JsonObject(Files.readString(options.pendingFile()));
                Map<String, String> documents = new HashMap<>();
                kept.getJsonObject("documents").forEach(e -> documents.put(e.getKey(), (String) e.getValue()));
                return documents;
            } catch (NoSuchFileException e) {
                return null;
            }
        }, false);
    }

    /** Runs {@code step} on the node's context once every step asked before it has ended. */
    private <T> Future<T> serially(Supplier<Future<T>> step) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> {
            Future<T> mine = tail.transform(ignored -> step.get());
            tail = mine;
            mine.onComplete(done);
        });
        return done.future();
    }
}
