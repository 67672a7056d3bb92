package io.hapair.node.geo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.geo.IpAddress;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.AntiEntropy;
import io.hapair.node.sync.model.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of GEO settings sharing: while this node is active (a standalone unit always is), a
 * local edit of a shared GEO type goes at once to every GEO partner, and every {@code geo-sync-interval}
 * each partner is offered this node's digests and sent what it lacks. A partner that was down catches
 * up at the next comparison; each unit sends only its own changes and comparisons, so nothing loops.
 * Runs on the node's event loop.
 */
final class GeoPartnerSync {

    private static final Logger LOG = LoggerFactory.getLogger(GeoPartnerSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Documents per request: 500 FQDNs are about 150 KB, well inside the receiver's body limit.
    private static final int BATCH = 500;
    // A delivery of 500 documents is merged in one transaction on the receiver; ten seconds is ample
    // between sites and still frees the connection soon after a partner died mid-request.
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    /** How the last exchange with one partner address went. */
    record Exchange(String state, long at, long lastSuccessAt, String error) {
    }

    private final Vertx vertx;
    private final WebClient client;
    private final SettingsService settings;
    private final UnitForm form;
    private final GeoPartnerMessage.Sender self;
    private final BooleanSupplier active;
    private final int apiPort;
    private final String password;
    private final Set<String> ownPair;
    private final Map<String, Exchange> exchanges = new TreeMap<>();

    /**
     * @param client for other units' APIs ({@link GeoNode#unitsClient})
     * @param ownAddress this node's primary address
     * @param pairPartner the pair partner's address, null for a standalone unit: neither is ever sent
     *     to, the pair shares settings by its own sync
     * @param apiPort the partners' API port (the same on every unit of a deployment)
     * @param password of user {@code bal} on the partners
     */
    GeoPartnerSync(Vertx vertx, WebClient client, SettingsService settings, UnitForm form,
                   GeoPartnerMessage.Sender self, BooleanSupplier active, String ownAddress, String pairPartner,
                   int apiPort, String password) {
        this.vertx = vertx;
        this.client = client;
        this.settings = settings;
        this.form = form;
        this.self = self;
        this.active = active;
        this.ownPair = pairPartner == null ? Set.of(IpAddress.canonical(ownAddress))
                : Set.of(IpAddress.canonical(ownAddress), IpAddress.canonical(pairPartner));
        this.apiPort = apiPort;
        this.password = password;
    }

    void start(Duration interval) {
        settings.onLocalCommit(docs -> vertx.runOnContext(v -> changed(docs)));
        vertx.setPeriodic(interval.toMillis(), t -> compareAll());
    }

    /** Each partner address with how the last exchange went, for operators. */
    JsonObject status() {
        JsonArray partners = new JsonArray();
        synchronized (exchanges) {
            exchanges.forEach((address, e) -> partners.add(new JsonObject().put("address", address)
                    .put("state", e.state()).put("at", e.at())
                    .put("lastSuccessAt", e.lastSuccessAt() < 0 ? null : e.lastSuccessAt())
                    .put("error", e.error())));
        }
        return new JsonObject().put("sending", active.getAsBoolean()).put("unitAddress", form.unitAddress())
                .put("partners", partners);
    }

    private void changed(List<StoredDocument> docs) {
        if (!active.getAsBoolean()) {
            return;
        }
        if (docs.stream().anyMatch(d -> d.type().equals(SettingsType.GEO_PARTNERS.apiPath()))) {
            // A partner added (or changed) gets everything it lacks now, not at the next comparison.
            compareAll();
            return;
        }
        List<StoredDocument> shared = docs.stream().filter(d -> GeoPartnerRoutes.SHARED.contains(d.type())).toList();
        if (shared.isEmpty()) {
            return;
        }
        partners().onSuccess(addresses -> addresses.forEach(a -> deliver(a, shared)
                .onSuccess(sent -> succeeded(a, "sent " + sent + " change(s)"))
                .onFailure(e -> failed(a, e))));
    }

    /** A full comparison with every partner now (also what the periodic timer does). */
    void compareAll() {
        if (!active.getAsBoolean()) {
            return;
        }
        partners().onSuccess(addresses -> addresses.forEach(this::compare));
    }

    private void compare(String address) {
        settings.digest(GeoPartnerRoutes.SHARED)
                .compose(digests -> post(address, GeoPartnerMessage.OFFER_PATH, new GeoPartnerMessage.Offer(self, digests)))
                .map(body -> read(body, GeoPartnerMessage.OfferReply.class))
                .compose(reply -> {
                    if (reply.types().isEmpty()) {
                        return Future.succeededFuture(0);
                    }
                    return settings.index(reply.types())
                            .map(mine -> AntiEntropy.compare(mine, reply.versions()).send())
                            .compose(settings::fetch)
                            .compose(docs -> docs.isEmpty() ? Future.succeededFuture(0) : deliver(address, docs));
                })
                .onSuccess(sent -> succeeded(address, sent == 0 ? "in sync" : "sent " + sent + " document(s)"))
                .onFailure(e -> failed(address, e));
    }

    /** Sends documents in unit form, in batches; completes with how many were sent. */
    private Future<Integer> deliver(String address, List<StoredDocument> docs) {
        List<StoredDocument> outgoing = docs.stream().map(form::outgoing).toList();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < outgoing.size(); i += BATCH) {
            List<StoredDocument> batch = outgoing.subList(i, Math.min(outgoing.size(), i + BATCH));
            chain = chain.compose(v -> post(address, GeoPartnerMessage.DOCUMENTS_PATH,
                    new GeoPartnerMessage.Documents(self, List.copyOf(batch))).mapEmpty());
        }
        return chain.map(v -> outgoing.size());
    }

    private Future<String> post(String address, String path, Object message) {
        Buffer body;
        try {
            body = Buffer.buffer(JSON.writeValueAsBytes(message));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        return client.post(apiPort, address, path).basicAuthentication("bal", password)
                .putHeader("Content-Type", "application/json").timeout(REQUEST_TIMEOUT_MS).sendBuffer(body)
                .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsString())
                        : Future.failedFuture(new Answered(r)));
    }

    /** Every GEO partner address, less this pair's own two. */
    private Future<List<String>> partners() {
        return settings.list(List.of(SettingsType.GEO_PARTNERS.apiPath())).map(docs -> {
            List<String> addresses = new ArrayList<>();
            for (StoredDocument doc : docs) {
                var partner = SettingsCodec.readStored(SettingsType.GEO_PARTNERS, doc.body());
                if (partner != null && !ownPair.contains(IpAddress.canonical(partner.address()))) {
                    addresses.add(partner.address());
                }
            }
            return addresses;
        });
    }

    private void succeeded(String address, String state) {
        record(address, state, null);
    }

    private void failed(String address, Throwable e) {
        if (e instanceof Answered a && a.standby) {
            // The partner pair's standby node: its active node takes the settings.
            record(address, "standby", null);
            return;
        }
        record(address, "failed", e.getMessage());
    }

    private void record(String address, String state, String error) {
        long now = System.currentTimeMillis();
        Exchange before;
        synchronized (exchanges) {
            before = exchanges.get(address);
            long lastSuccess = error == null ? now : before == null ? -1 : before.lastSuccessAt();
            exchanges.put(address, new Exchange(state, now, lastSuccess, error));
        }
        boolean wasFailing = before != null && before.error() != null;
        if (error != null) {
            if (!wasFailing || !error.equals(before.error())) {
                LOG.warn("geo: cannot share GEO settings with GEO partner {}: {}", address, error);
            }
        } else if (wasFailing) {
            LOG.info("geo: GEO partner {} reachable again: {}", address, state);
        } else if (state.startsWith("sent")) {
            LOG.info("geo: GEO partner {}: {}", address, state);
        }
    }

    private static <T> T read(String body, Class<T> kind) {
        try {
            return JSON.readValue(body, kind);
        } catch (IOException e) {
            throw new IllegalStateException("partner answered no GEO sync reply: " + e.getMessage(), e);
        }
    }

    /** A partner answered, but not with 200. */
    private static final class Answered extends RuntimeException {
        private final boolean standby;

        Answered(HttpResponse<Buffer> r) {
            super(r.statusCode() + ": " + message(r));
            this.standby = r.statusCode() == 409 && Boolean.TRUE.equals(json(r).getBoolean("standby"));
        }

        private static String message(HttpResponse<Buffer> r) {
            JsonObject body = json(r);
            return body.containsKey("error") ? body.getString("error")
                    : body.containsKey("errors") ? body.getJsonArray("errors").encode() : r.bodyAsString();
        }

        private static JsonObject json(HttpResponse<Buffer> r) {
            try {
                return r.bodyAsJsonObject() == null ? new JsonObject() : r.bodyAsJsonObject();
            } catch (RuntimeException e) {
                return new JsonObject();
            }
        }
    }
}
