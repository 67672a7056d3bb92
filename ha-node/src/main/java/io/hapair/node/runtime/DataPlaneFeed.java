package io.hapair.node.runtime;

import io.hapair.node.dataplane.DataPlane;
import io.hapair.node.dataplane.DataPlaneRejected;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.dataplane.model.ServiceStats;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the data plane from the settings: every committed change of virtual services or their
 * certificates (a local edit or one synced from the partner) renders the whole set anew and applies
 * it; a set the data plane refuses is never applied, the last good one keeps serving, and the refusal
 * is kept for status and logged. A local edit is checked against the data plane before it is stored
 * ({@link #refusals}). Runs on the node's event loop.
 */
final class DataPlaneFeed {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneFeed.class);
    private static final String SERVICES = SettingsType.VIRTUAL_SERVICES.apiPath();
    private static final String CERTIFICATES = SettingsType.VS_CERTIFICATES.apiPath();
    // How often statistics are read for /metrics; the API reads them fresh.
    static final long OBSERVE_EVERY_MS = 5_000;

    /** What the data plane runs, as status shows it. */
    record Applied(long at, String how, long rejectedAt, List<FieldError> rejections) {
    }

    private final Vertx vertx;
    private final SettingsService settings;
    private final DataPlane dataPlane;
    private final Consumer<List<ServiceStats>> observed;
    // The stored services and certificates by id, as last read: the base a local edit is checked against.
    private volatile Map<String, VirtualService> services = Map.of();
    private volatile Map<String, VsCertificate> certificates = Map.of();
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
     * naming a certificate stored a moment ago must find it (the refresh reads the store later).
     */
    private void committedLocally(List<StoredDocument> docs) {
        Map<String, VirtualService> vs = new LinkedHashMap<>(services);
        Map<String, VsCertificate> certs = new LinkedHashMap<>(certificates);
        for (StoredDocument d : docs) {
            if (d.type().equals(SERVICES)) {
                if (d.deleted()) {
                    vs.remove(d.id());
                } else {
                    vs.put(d.id(), SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES, d.body()));
                }
            } else if (d.type().equals(CERTIFICATES)) {
                if (d.deleted()) {
                    certs.remove(d.id());
                } else {
                    certs.put(d.id(), SettingsCodec.readStored(SettingsType.VS_CERTIFICATES, d.body()));
                }
            }
        }
        services = Map.copyOf(vs);
        certificates = Map.copyOf(certs);
    }

    private void changed(Set<String> types) {
        if (types.contains(SERVICES) || types.contains(CERTIFICATES)) {
            refresh();
        }
    }

    /** Renders and applies the stored set; changes during an apply are applied right after it, together. */
    private void refresh() {
        if (applying) {
            again = true;
            return;
        }
        applying = true;
        settings.list(List.of(SERVICES, CERTIFICATES)).compose(docs -> {
            Map<String, VirtualService> vs = new LinkedHashMap<>();
            Map<String, VsCertificate> certs = new LinkedHashMap<>();
            for (StoredDocument d : docs) {
                if (d.type().equals(SERVICES)) {
                    vs.put(d.id(), SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES, d.body()));
                } else {
                    certs.put(d.id(), SettingsCodec.readStored(SettingsType.VS_CERTIFICATES, d.body()));
                }
            }
            services = Map.copyOf(vs);
            certificates = Map.copyOf(certs);
            return dataPlane.apply(dataPlane.render(vs.values(), certs.values()));
        }).onComplete(ar -> {
            long now = System.currentTimeMillis();
            if (ar.succeeded()) {
                applied = new Applied(now, ar.result().name().toLowerCase().replace('_', '-'), -1, List.of());
                if (ar.result() != DataPlane.Applied.UNCHANGED) {
                    LOG.info("data plane: {} virtual service(s) applied ({})", services.size(), applied.how());
                }
            } else if (ar.cause() instanceof DataPlaneRejected rejected) {
                List<FieldError> why = fieldErrors(rejected.rejections());
                applied = new Applied(applied.at(), applied.how(), now, why);
                LOG.warn("data plane: keeping the last good configuration; the stored virtual services are refused: {}",
                        why.stream().map(e -> e.field() + ": " + e.message()).toList());
            } else {
                applied = new Applied(applied.at(), applied.how(), now,
                        List.of(new FieldError("data-plane", ar.cause().getMessage())));
                LOG.warn("data plane: applying the virtual services failed: {}", ar.cause().getMessage());
            }
            applying = false;
            if (again) {
                again = false;
                refresh();
            }
        });
    }

    /**
     * What the data plane would refuse if {@code body} replaced document {@code id} of {@code type} (null
     * for a new one): the data plane's own check (HAProxy's, for HAProxy) on the whole set as it would be.
     * Empty for other types and for a body the settings rules refuse (alone or among the others): their
     * answer, given when the edit is stored, names the problem in the operator's terms.
     */
    Future<List<FieldError>> refusals(String type, String id, String body) {
        Map<String, VirtualService> vs = new LinkedHashMap<>(services);
        Map<String, VsCertificate> certs = new LinkedHashMap<>(certificates);
        String edited;
        if (type.equals(SERVICES)) {
            Optional.ofNullable(id).ifPresent(vs::remove);
            Parsed<VirtualService> parsed = SettingsCodec.parse(SettingsType.VIRTUAL_SERVICES, body, vs.values());
            if (!parsed.isValid()) {
                return Future.succeededFuture(List.of());
            }
            edited = parsed.document().name();
            vs.put(edited, parsed.document());
        } else if (type.equals(CERTIFICATES)) {
            Optional.ofNullable(id).ifPresent(certs::remove);
            Parsed<VsCertificate> parsed = SettingsCodec.parse(SettingsType.VS_CERTIFICATES,
                    SecretFields.restore(type, body, Optional.ofNullable(id).map(certificates::get)
                            .map(SettingsCodec::toJson)), certs.values());
            if (!parsed.isValid()) {
                return Future.succeededFuture(List.of());
            }
            edited = parsed.document().name();
            certs.put(edited, parsed.document());
        } else {
            return Future.succeededFuture(List.of());
        }
        Rendering rendering = dataPlane.render(vs.values(), certs.values());
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
