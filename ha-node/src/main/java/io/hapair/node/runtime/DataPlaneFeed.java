package io.hapair.node.runtime;

import io.hapair.node.dataplane.DataPlane;
import io.hapair.node.dataplane.DataPlaneRejected;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.settings.ListedDocuments;
import io.hapair.node.settings.Parsed;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the data plane from the settings: it keeps its own copy of the stored virtual services and their
 * certificates, in step with the store by every commit (a local edit, an import, a batch synced from the partner),
 * and after a change renders that copy whole and applies it; a set the data plane refuses is never applied, the
 * last good one keeps serving, and the refusal is kept for status and logged. The store is read once, at start:
 * a change costs what its documents cost, not what all stored documents cost. A local edit is checked against the
 * data plane before it is stored ({@link #refusals}), on what it changes alone.
 */
final class DataPlaneFeed {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneFeed.class);
    private static final String SERVICES = SettingsType.VIRTUAL_SERVICES.apiPath();
    private static final String CERTIFICATES = SettingsType.VS_CERTIFICATES.apiPath();
    // How long changes made during an apply wait after it before they are applied together: long enough that
    // a burst of edits on a node holding thousands of services is not one reload after another (OpenShift's
    // HAProxy router waits at least 5 s between reloads), short enough that a lone edit is not kept waiting.
    static final long APPLY_GAP_MS = 1_000;
    // With thousands of services an apply (HAProxy's check of the whole configuration, then a new worker parsing
    // it) costs a good part of a second of CPU, on a machine the node shares with HAProxy and its partner: the gap
    // after an apply is this many times what it took, so that a long burst leaves HAProxy's reloads at most a
    // quarter of the time, and the node's heartbeats the CPU they need.
    static final int APPLY_GAP_FACTOR = 3;
    // ... but never longer than this: a slow apply (a busy machine) must not leave the data plane far behind.
    static final long APPLY_GAP_MAX_MS = 5_000;

    /** What the data plane runs, as status shows it. */
    record Applied(long at, String how, long rejectedAt, List<FieldError> rejections) {
    }

    private final Vertx vertx;
    private final SettingsService settings;
    private final DataPlane dataPlane;
    private final Consumer<List<ServiceStats>> observed;
    // The stored services and certificates by id, and the services' ids and claims (an edit's check asks the index
    // instead of listing them all): read at start, then changed by every commit in commit order. Under this object's
    // lock: commits arrive on the store's thread, edits are checked on an event loop, applies render on a worker.
    private final Map<String, VirtualService> services = new HashMap<>();
    private final Map<String, VsCertificate> certificates = new HashMap<>();
    private final ListedDocuments<VirtualService> serviceIndex = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
    // Changes committed while the start's read is being turned into the copy above, in commit order; null after.
    private List<Change> sinceRead = new ArrayList<>();
    // Changes kept so far: a rendering that saw this many is still what is stored while no other is kept.
    private long kept;
    private volatile Applied applied = new Applied(-1, "none", -1, List.of());
    private boolean applying;
    private boolean again;

    /** A committed document of a type the data plane uses; {@code document} null when it is gone (or binds no more). */
    private record Change(String type, String id, Record document) {

        static Change of(StoredDocument d) {
            SettingsType<? extends Record> type = d.type().equals(SERVICES) ? SettingsType.VIRTUAL_SERVICES
                    : SettingsType.VS_CERTIFICATES;
            return new Change(d.type(), d.id(), d.deleted() ? null : SettingsCodec.readStored(type, d.body()));
        }
    }

    DataPlaneFeed(Vertx vertx, SettingsService settings, DataPlane dataPlane, Consumer<List<ServiceStats>> observed) {
        this.vertx = vertx;
        this.settings = settings;
        this.dataPlane = dataPlane;
        this.observed = observed;
    }

    /**
     * Reads the data plane's statistics into the metrics, for a scrape of {@code /metrics}: when asked, not on a
     * timer. Thousands of services are tens of thousands of series; reading them every 5 s whether or not anyone
     * scraped was half of each node's allocation at 5,000 services (JFR during WriteBenchmark). Recorded on a
     * worker, not on the event loop that the role machine and the heartbeats share. A data plane that is not
     * running leaves the series as they were (its health says why).
     */
    Future<Void> observe() {
        return dataPlane.observe().compose(stats -> vertx.executeBlocking(() -> {
            observed.accept(stats);
            return (Void) null;
        })).otherwiseEmpty();
    }

    /** Reads the stored services, starts the data plane and applies them; keeps it fed on every change after. */
    Future<Void> start() {
        settings.onCommit(this::committed);
        return settings.list(List.of(SERVICES, CERTIFICATES))
                .compose(docs -> vertx.executeBlocking(() -> {
                    List<Change> read = docs.stream().map(Change::of).toList();
                    synchronized (this) {
                        read.forEach(this::keep);
                        // Committed after the registration above, so after or while the store was read: kept again,
                        // in order, each a whole document, so the copy ends as the store is.
                        sinceRead.forEach(this::keep);
                        sinceRead = null;
                    }
                    return rendering();
                }, false))
                // What ran before the node stopped is usually what is stored: the data plane starts with it
                // without the reload of a start with nothing, then the stored set.
                .compose(started -> dataPlane.start(started.rendering()).map(started))
                .onSuccess(started -> {
                    // Only now: an apply renders the copy, which is whole from here on.
                    settings.onChange(this::changed);
                    applying = true;
                    // The first apply takes the start's rendering when nothing was committed since: rendering
                    // thousands of services again would only find the same text.
                    apply(started);
                }).mapEmpty();
    }

    Applied applied() {
        return applied;
    }

    /** The stored virtual services, enabled or not. */
    synchronized List<VirtualService> services() {
        return List.copyOf(services.values());
    }

    /**
     * On the store's thread, before the write is answered: the next local edit is checked against this one (a
     * service naming a certificate stored a moment ago finds it), and the next apply renders it. Parsed before the
     * lock is taken: a batch synced from the partner may hold thousands of documents.
     */
    private void committed(List<StoredDocument> docs) {
        List<Change> changes = docs.stream().filter(d -> d.type().equals(SERVICES) || d.type().equals(CERTIFICATES))
                .map(Change::of).toList();
        if (changes.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (sinceRead != null) {
                sinceRead.addAll(changes);
            } else {
                changes.forEach(this::keep);
            }
        }
    }

    private void keep(Change c) {
        kept++;
        if (c.type().equals(SERVICES)) {
            VirtualService before = c.document() == null ? services.remove(c.id())
                    : services.put(c.id(), (VirtualService) c.document());
            if (before != null) {
                serviceIndex.remove(before);
            }
            if (c.document() != null) {
                serviceIndex.add((VirtualService) c.document());
            }
        } else if (c.document() == null) {
            certificates.remove(c.id());
        } else {
            certificates.put(c.id(), (VsCertificate) c.document());
        }
    }

    private void changed(Set<String> types) {
        if (types.contains(SERVICES) || types.contains(CERTIFICATES)) {
            refresh();
        }
    }

    /**
     * Renders and applies the kept services. A change while the data plane is idle applies at once; changes
     * during an apply are applied together, {@link #gapAfter} it: a burst of edits or synced batches costs a
     * reload a second or so (less often when each reload is long), not one each, and leaves the cores to the edits
     * meanwhile. Rendering
     * thousands of services runs on a worker, not on this event loop, which the role machine and heartbeats share.
     */
    private void refresh() {
        if (applying) {
            again = true;
            return;
        }
        applying = true;
        apply(null);
    }

    /** A rendering of the kept services, how many it renders, and how many changes had been kept when it was made. */
    private record Snapshot(int services, Rendering rendering, long kept) {
    }

    /** The kept services rendered; blocking (thousands of services), so on a worker. */
    private Snapshot rendering() {
        List<VirtualService> vs;
        List<VsCertificate> certs;
        long keptThen;
        synchronized (this) {
            vs = List.copyOf(services.values());
            certs = List.copyOf(certificates.values());
            keptThen = kept;
        }
        return new Snapshot(vs.size(), dataPlane.render(vs, certs), keptThen);
    }

    /** {@code earlier}'s rendering when no change was kept since it was made; otherwise a new one, on a worker. */
    private Future<Snapshot> renderingSince(Snapshot earlier) {
        synchronized (this) {
            if (earlier != null && earlier.kept() == kept) {
                return Future.succeededFuture(earlier);
            }
        }
        return vertx.executeBlocking(this::rendering, false);
    }

    /** How long changes made during an apply that took {@code tookMs} wait after it. */
    static long gapAfter(long tookMs) {
        return Math.min(APPLY_GAP_MAX_MS, Math.max(APPLY_GAP_MS, APPLY_GAP_FACTOR * tookMs));
    }

    /** Applies the kept services: {@code earlier}'s rendering if it is still theirs (null: none), else a new one. */
    private void apply(Snapshot earlier) {
        long started = System.nanoTime();
        renderingSince(earlier).compose(snapshot ->
                dataPlane.apply(snapshot.rendering()).map(how -> {
                    if (how != DataPlane.Applied.UNCHANGED) {
                        LOG.info("data plane: {} virtual service(s) applied ({})", snapshot.services(), how(how));
                    }
                    return how;
                })).onComplete(ar -> {
            long now = System.currentTimeMillis();
            if (ar.succeeded()) {
                applied = new Applied(now, how(ar.result()), -1, List.of());
            } else if (ar.cause() instanceof DataPlaneRejected rejected) {
                List<FieldError> why = fieldErrors(rejected.rejections());
                applied = new Applied(applied.at(), applied.how(), now, why);
                LOG.warn("data plane: keeping the last good configuration; the stored virtual services are"
                        + " refused: {}", why.stream().map(e -> e.field() + ": " + e.message()).toList());
            } else {
                applied = new Applied(applied.at(), applied.how(), now,
                        List.of(new FieldError("data-plane", ar.cause().getMessage())));
                LOG.warn("data plane: applying the virtual services failed: {}", ar.cause().getMessage());
            }
            if (again) {
                again = false;
                vertx.setTimer(gapAfter((System.nanoTime() - started) / 1_000_000), t -> apply(null));
            } else {
                applying = false;
            }
        });
    }

    private static String how(DataPlane.Applied how) {
        return how.name().toLowerCase().replace('_', '-');
    }

    /**
     * What the data plane would refuse if {@code body} replaced document {@code id} of {@code type} (null
     * for a new one): the data plane's own check (HAProxy's, for HAProxy) of what the edit changes: an edited
     * service alone, an edited certificate with the services that name it. The sections of a configuration do
     * not judge each other (the settings rules keep services apart), so this costs the same however many
     * services are stored. Empty for other types and for a body the settings rules refuse (alone or among the
     * others): their answer, given when the edit is stored, names the problem in the operator's terms.
     *
     * <p>By design, an edit is not refused because another stored document is broken (one synced from a partner
     * whose own ports differ, say): the edit is stored, the data plane keeps its last good configuration while the
     * stored set holds the broken one, and the data-plane status names that one. Refusing every edit instead
     * would block the fix of an unrelated service and would cost a check of every stored service per write.
     */
    synchronized Future<List<FieldError>> refusals(String type, String id, String body) {
        if (type.equals(SERVICES)) {
            Parsed<VirtualService> parsed = SettingsCodec.parse(SettingsType.VIRTUAL_SERVICES, body,
                    serviceIndex.without(id));
            if (!parsed.isValid()) {
                return Future.succeededFuture(List.of());
            }
            return check(List.of(parsed.document()), certificates.values(), type, parsed.document().name());
        }
        if (type.equals(CERTIFICATES)) {
            Map<String, VsCertificate> certs = new HashMap<>(certificates);
            Optional.ofNullable(id).ifPresent(certs::remove);
            Parsed<VsCertificate> parsed = SettingsCodec.parse(SettingsType.VS_CERTIFICATES,
                    SecretFields.restore(type, body, Optional.ofNullable(id).map(certificates::get)
                            .map(SettingsCodec::toJson)), certs.values());
            if (!parsed.isValid()) {
                return Future.succeededFuture(List.of());
            }
            String edited = parsed.document().name();
            certs.put(edited, parsed.document());
            List<VirtualService> naming = services.values().stream().filter(vs -> vs.certificates().contains(edited)
                    || id != null && vs.certificates().contains(id)).toList();
            return check(naming, certs.values(), type, edited);
        }
        return Future.succeededFuture(List.of());
    }

    private Future<List<FieldError>> check(List<VirtualService> rendered, Collection<VsCertificate> certs, String type,
                                           String edited) {
        Rendering rendering = dataPlane.render(rendered, certs);
        if (!rendering.rendered() || !rendering.usesCertificates()) {
            // Without certificates the rendering's own checks are HAProxy's (RenderedConfigProperties: haproxy -c
            // takes every rendering of valid services); what it reads from a certificate only HAProxy can judge.
            // The apply checks with HAProxy either way; this spares a write the check's ~100 ms.
            return Future.succeededFuture(refusalsOf(rendering.rejections(), type, edited));
        }
        return dataPlane.validate(rendering).map(rejections -> refusalsOf(rejections, type, edited));
    }

    /** Rejections as field errors: on the edited document by field alone, on others with the document's name. */
    private static List<FieldError> refusalsOf(List<Rejection> rejections, String type, String edited) {
        return rejections.stream().map(r -> {
            boolean own = r.origin() != null && r.origin().type().equals(type) && r.origin().id().equals(edited);
            return own ? new FieldError(r.origin().field(), r.reason()) : fieldError(r);
        }).toList();
    }

    private static List<FieldError> fieldErrors(List<Rejection> rejections) {
        return rejections.stream().map(DataPlaneFeed::fieldError).toList();
    }

    /** A rejection on another document than the one edited names that document: {@code virtual-services/web port}. */
    private static FieldError fieldError(Rejection r) {
        return new FieldError(r.origin() == null ? "data-plane" : r.origin().toString(), r.reason());
    }
}
