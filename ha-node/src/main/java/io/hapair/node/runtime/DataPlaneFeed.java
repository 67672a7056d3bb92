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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the data plane from the settings: every committed change of virtual services or their
 * certificates (a local edit or one synced from the partner) renders the whole set anew and applies
 * it; a set the data plane refuses is never applied, the last good one keeps serving, and the refusal
 * is kept for status and logged. A local edit is checked against the data plane before it is stored
 * ({@link #refusals}). Runs on the node's event loop; the base edits are checked against is shared with the
 * API's, under this object's lock.
 */
final class DataPlaneFeed {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneFeed.class);
    private static final String SERVICES = SettingsType.VIRTUAL_SERVICES.apiPath();
    private static final String CERTIFICATES = SettingsType.VS_CERTIFICATES.apiPath();
    // How often statistics are read for /metrics; the API reads them fresh.
    static final long OBSERVE_EVERY_MS = 5_000;
    // How long changes made during an apply wait after it before they are applied together: long enough that
    // a burst of edits on a node holding thousands of services is not one reload after another (OpenShift's
    // HAProxy router waits at least 5 s between reloads), short enough that a lone edit is not kept waiting.
    static final long APPLY_GAP_MS = 1_000;

    /** What the data plane runs, as status shows it. */
    record Applied(long at, String how, long rejectedAt, List<FieldError> rejections) {
    }

    private final Vertx vertx;
    private final SettingsService settings;
    private final DataPlane dataPlane;
    private final Consumer<List<ServiceStats>> observed;
    // The stored services and certificates by id, as last read and kept current by every local edit: the base
    // a local edit is checked against. Replaced whole by a refresh, changed in place by an edit, under this
    // object's lock: edits may be answered on another event loop than the one refreshes run on.
    private volatile Map<String, VirtualService> services = new ConcurrentHashMap<>();
    private Map<String, VsCertificate> certificates = new HashMap<>();
    // The services' ids and claims, in step with services: an edit's check asks it instead of listing them all.
    private ListedDocuments<VirtualService> serviceIndex = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
    // Local edits stored after the read an apply renders, while that read is turned into the next base; null
    // when no read is.
    private List<List<StoredDocument>> sinceRead;
    private volatile Applied applied = new Applied(-1, "none", -1, List.of());
    private boolean applying;
    private boolean again;

    DataPlaneFeed(Vertx vertx, SettingsService settings, DataPlane dataPlane, Consumer<List<ServiceStats>> observed) {
        this.vertx = vertx;
        this.settings = settings;
        this.dataPlane = dataPlane;
        this.observed = observed;
    }

    /** Starts the data plane, then applies the stored services; keeps it fed on every change after. */
    Future<Void> start() {
        settings.onLocalCommit(this::committedLocally);
        settings.onChange(this::changed);
        vertx.setPeriodic(OBSERVE_EVERY_MS, t -> dataPlane.observe().onSuccess(observed::accept));
        return dataPlane.start().onSuccess(h -> refresh()).mapEmpty();
    }

    Applied applied() {
        return applied;
    }

    /** The stored virtual services, enabled or not, as last read. */
    Collection<VirtualService> services() {
        return services.values();
    }

    /**
     * Brings the base of the next local edit's check up to date before the edit is answered: a service
     * naming a certificate stored a moment ago must find it (the refresh reads the store later). Costs the
     * same however many services are stored.
     */
    private synchronized void committedLocally(List<StoredDocument> docs) {
        if (sinceRead != null) {
            sinceRead.add(docs);
        }
        keep(docs);
    }

    private void keep(List<StoredDocument> docs) {
        for (StoredDocument d : docs) {
            if (d.type().equals(SERVICES)) {
                VirtualService before = d.deleted() ? services.remove(d.id())
                        : put(d.id(), SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES, d.body()));
                if (before != null) {
                    serviceIndex.remove(before);
                }
                VirtualService after = services.get(d.id());
                if (after != null) {
                    serviceIndex.add(after);
                }
            } else if (d.type().equals(CERTIFICATES)) {
                VsCertificate cert = d.deleted() ? null
                        : SettingsCodec.readStored(SettingsType.VS_CERTIFICATES, d.body());
                if (cert == null) {
                    certificates.remove(d.id());
                } else {
                    certificates.put(d.id(), cert);
                }
            }
        }
    }

    /** Stores {@code vs} (dropped when its stored text no longer binds); returns what it replaced. */
    private VirtualService put(String id, VirtualService vs) {
        return vs == null ? services.remove(id) : services.put(id, vs);
    }

    private void changed(Set<String> types) {
        if (types.contains(SERVICES) || types.contains(CERTIFICATES)) {
            refresh();
        }
    }

    /**
     * Renders and applies the stored set. A change while the data plane is idle applies at once; changes
     * during an apply are applied together, {@link #APPLY_GAP_MS} after it: a burst of edits costs a reload a
     * second or so, not one each, and leaves the cores to the edits meanwhile. Reading and rendering thousands
     * of services runs on a worker, not on this event loop, which the role machine and heartbeats share.
     */
    private void refresh() {
        if (applying) {
            again = true;
            return;
        }
        applying = true;
        apply();
    }

    private void apply() {
        settings.list(List.of(SERVICES, CERTIFICATES))
                .compose(docs -> {
                    synchronized (this) {
                        sinceRead = new ArrayList<>();
                    }
                    return vertx.executeBlocking(() -> Stored.of(docs, dataPlane), false);
                })
                .compose(stored -> {
                    synchronized (this) {
                        services = stored.services();
                        certificates = stored.certificates();
                        serviceIndex = stored.index();
                        // Edits stored after the read were answered meanwhile; the next apply renders them.
                        sinceRead.forEach(this::keep);
                        sinceRead = null;
                    }
                    return dataPlane.apply(stored.rendering());
                }).onComplete(ar -> {
                    synchronized (this) {
                        sinceRead = null; // a read that failed leaves no edits waiting for it
                    }
                    long now = System.currentTimeMillis();
                    if (ar.succeeded()) {
                        applied = new Applied(now, ar.result().name().toLowerCase().replace('_', '-'), -1, List.of());
                        if (ar.result() != DataPlane.Applied.UNCHANGED) {
                            LOG.info("data plane: {} virtual service(s) applied ({})", services.size(), applied.how());
                        }
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
                        vertx.setTimer(APPLY_GAP_MS, t -> apply());
                    } else {
                        applying = false;
                    }
                });
    }

    /** The stored services and certificates as read for an apply, their index, and their rendering. */
    private record Stored(ConcurrentHashMap<String, VirtualService> services, Map<String, VsCertificate> certificates,
                          ListedDocuments<VirtualService> index, Rendering rendering) {

        static Stored of(List<StoredDocument> docs, DataPlane dataPlane) {
            ConcurrentHashMap<String, VirtualService> vs = new ConcurrentHashMap<>();
            Map<String, VsCertificate> certs = new HashMap<>();
            ListedDocuments<VirtualService> index = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
            for (StoredDocument d : docs) {
                if (d.type().equals(SERVICES)) {
                    VirtualService service = SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES, d.body());
                    if (service != null) {
                        vs.put(d.id(), service);
                        index.add(service);
                    }
                } else {
                    VsCertificate cert = SettingsCodec.readStored(SettingsType.VS_CERTIFICATES, d.body());
                    if (cert != null) {
                        certs.put(d.id(), cert);
                    }
                }
            }
            return new Stored(vs, certs, index, dataPlane.render(vs.values(), certs.values()));
        }
    }

    /**
     * What the data plane would refuse if {@code body} replaced document {@code id} of {@code type} (null
     * for a new one): the data plane's own check (HAProxy's, for HAProxy) of what the edit changes: an edited
     * service alone, an edited certificate with the services that name it. The sections of a configuration do
     * not judge each other (the settings rules keep services apart), so this costs the same however many
     * services are stored. Empty for other types and for a body the settings rules refuse (alone or among the
     * others): their answer, given when the edit is stored, names the problem in the operator's terms.
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
