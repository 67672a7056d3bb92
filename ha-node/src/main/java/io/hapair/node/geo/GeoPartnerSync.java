package io.hapair.node.geo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.geo.GeoPartner;
import io.hapair.geo.IpAddress;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.Replication;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncState;
import io.hapair.node.sync.model.Outbox;
import io.hapair.node.sync.model.ReplicaIndex;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.SyncScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The sending side of GEO settings sharing: the {@link Replication} protocol with HTTPS requests to the
 * other units' APIs for transport. While this node is active (a standalone unit always is), a local edit
 * of a shared GEO type goes at once to every GEO partner, and every {@code geo-sync-interval} each partner
 * is offered this node's digests and sent what it lacks. A partner that was down catches up at the next
 * comparison; each unit sends only its own changes and comparisons (the channel does not pull), so
 * nothing loops. Runs on the node's event loop.
 */
final class GeoPartnerSync {

    private static final ObjectMapper JSON = new ObjectMapper();
    // A delivery of 500 documents is merged in one transaction on the receiver; ten seconds is ample
    // between sites and still frees the connection soon after a partner died mid-request.
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final WebClient client;
    private final SettingsService settings;
    private final Replication sharing;
    private final GeoPartnerMessage.Sender self;
    private final BooleanSupplier active;
    private final int apiPort;
    private final String password;
    private final Set<String> ownPair;
    private final Map<String, UnitApi> units = new HashMap<>();
    // Every partner address exchanged with, either way; read by the status endpoint.
    private final Map<String, SyncState> states = new ConcurrentSkipListMap<>();

    /**
     * @param client for other units' APIs ({@link GeoNode#unitsClient})
     * @param sharing the GEO channel's replication ({@link #policy})
     * @param ownAddress this node's primary address
     * @param pairPartner the pair partner's address, null for a standalone unit: neither is ever sent
     *     to, the pair shares settings by its own sync
     * @param apiPort the partners' API port (the same on every unit of a deployment)
     * @param password of user {@code bal} on the partners
     */
    GeoPartnerSync(Vertx vertx, WebClient client, SettingsService settings, Replication sharing,
                   GeoPartnerMessage.Sender self, BooleanSupplier active, String ownAddress, String pairPartner,
                   int apiPort, String password) {
        this.vertx = vertx;
        this.client = client;
        this.settings = settings;
        this.sharing = sharing;
        this.self = self;
        this.active = active;
        this.ownPair = pairPartner == null ? Set.of(IpAddress.canonical(ownAddress))
                : Set.of(IpAddress.canonical(ownAddress), IpAddress.canonical(pairPartner));
        this.apiPort = apiPort;
        this.password = password;
    }

    /**
     * What GEO partners share: the shared GEO types, in unit form on the way, each unit sending its own
     * changes. Their deletions are never forgotten: another unit may still hold the live version.
     */
    static Replication.Policy policy(UnitForm form) {
        Set<String> shared = SettingsType.GEO_SHARED.stream().map(SettingsType::apiPath).collect(Collectors.toSet());
        return new Replication.Policy("geo", new SyncScope(shared, shared), false, Replication.BATCH, form::outgoing,
                form::incoming);
    }

    void start(Duration interval) {
        settings.onLocalCommit(this::changed);
        vertx.setPeriodic(interval.toMillis(), t -> compareAll("periodic"));
    }

    /** Each partner address with how the last exchange went and its counters, for operators. */
    JsonObject status() {
        JsonArray list = new JsonArray();
        states.forEach((address, s) -> {
            SyncState.Exchange e = s.lastExchange();
            list.add(new JsonObject().put("address", address).put("state", e == null ? null : e.outcome())
                    .put("at", e == null ? null : e.at())
                    .put("lastSuccessAt", s.lastSuccessAt() < 0 ? null : s.lastSuccessAt())
                    .put("error", e == null ? null : e.error()).mergeIn(s.counters()));
        });
        return new JsonObject().put("sending", active.getAsBoolean()).put("unitAddress", self.unitAddress())
                .put("partners", list);
    }

    /** How replication with {@code address} goes, either way. */
    SyncState stateOf(String address) {
        return states.computeIfAbsent(address, a -> new SyncState());
    }

    private void changed(List<StoredDocument> docs) {
        if (!active.getAsBoolean()) {
            return;
        }
        if (docs.stream().anyMatch(d -> d.type().equals(SettingsType.GEO_PARTNERS.apiPath()))) {
            // A partner added (or changed) gets everything it lacks now, not at the next comparison.
            compareAll("GEO partner added");
            return;
        }
        if (sharing.scope().only(docs).isEmpty()) {
            return;
        }
        partners().onSuccess(addresses -> addresses.forEach(a -> partner(a).link.push(docs)));
    }

    /** A full comparison with every partner now. */
    private void compareAll(String why) {
        if (!active.getAsBoolean()) {
            return;
        }
        partners().onSuccess(addresses -> addresses.forEach(a -> partner(a).link.compare(why)));
    }

    private UnitApi partner(String address) {
        return units.computeIfAbsent(address, UnitApi::new);
    }

    /** Every GEO partner address, less this pair's own two. */
    private Future<List<String>> partners() {
        return settings.documents(SettingsType.GEO_PARTNERS).map(partners -> partners.stream()
                .map(GeoPartner::address).filter(a -> !ownPair.contains(IpAddress.canonical(a))).toList());
    }

    /**
     * One partner's API. One request at a time: the partner merges deliveries in the order sent, and
     * none waits behind another's merge until it times out.
     */
    private final class UnitApi implements Replication.Transport {
        private final String address;
        private final Replication.Link link;
        private Future<String> lastRequest = Future.succeededFuture();

        UnitApi(String address) {
            this.address = address;
            this.link = sharing.link("GEO partner " + address, this, stateOf(address));
        }

        /** Always: a request that cannot reach the partner fails with the reason, which the status shows. */
        @Override
        public boolean canSend() {
            return true;
        }

        @Override
        public void offer(Map<String, String> digests) {
            post(GeoPartnerMessage.OFFER_PATH, new GeoPartnerMessage.Offer(self, digests))
                    .map(body -> read(body, ReplicaIndex.class))
                    .onSuccess(link::indexed)
                    .onFailure(e -> link.unanswered(failure(e)));
        }

        @Override
        public void deliver(Outbox.Batch batch) {
            post(GeoPartnerMessage.DOCUMENTS_PATH, new GeoPartnerMessage.Documents(self, batch.docs()))
                    .onSuccess(body -> link.acknowledged(batch.id()))
                    .onFailure(e -> link.undelivered(batch.id(), failure(e)));
        }

        private Future<String> post(String path, Object message) {
            Future<String> answer = lastRequest.transform(previous -> request(path, message));
            lastRequest = answer;
            return answer;
        }

        private Future<String> request(String path, Object message) {
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
    }

    private static Replication.Failure failure(Throwable e) {
        if (e instanceof Answered a && a.standby) {
            // The partner pair's standby node: its active node takes the settings.
            return Replication.Failure.declined("standby");
        }
        return Replication.Failure.error(e.getMessage() != null ? e.getMessage() : e.toString());
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
