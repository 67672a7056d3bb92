package io.hapair.node.witness;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The witness lease in etcd, through etcd's HTTP/JSON gateway ({@code /v3/...}): a lease with the
 * configured TTL, and one key per pair put with that lease only if the key does not exist. The key
 * vanishes with the lease, so a holder that stops renewing loses it after the TTL. The fencing token
 * is the key's create revision, which grows with every new holder.
 */
final class EtcdWitness implements WitnessClient {

    // etcd's gateway maps gRPC's UNAUTHENTICATED to 401; a token expires after etcd's --auth-token-ttl.
    private static final int UNAUTHENTICATED = 401;

    private final WebClient http;
    private final List<URI> endpoints;
    private final String key;
    private final String holder;
    private final long ttlSeconds;
    private final long requestTimeoutMs;
    private final String user;
    private final String password;
    private int endpoint;
    private String authToken;

    EtcdWitness(Vertx vertx, WitnessSettings settings) {
        this.endpoints = settings.endpoints();
        this.key = base64(settings.name());
        this.holder = settings.holder();
        // etcd counts leases in whole seconds and raises a TTL below its minimum (about 2 s) to it.
        this.ttlSeconds = Math.max(1, settings.leaseTtl().toSeconds());
        // A request that hangs must give up before the next round, so the lease's deadline is checked in time.
        this.requestTimeoutMs = Math.max(100, settings.leaseTtl().toMillis() / 3);
        if (settings.secret() != null) {
            int colon = settings.secret().indexOf(':');
            this.user = settings.secret().substring(0, colon);
            this.password = settings.secret().substring(colon + 1);
        } else {
            this.user = null;
            this.password = null;
        }
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) requestTimeoutMs));
    }

    @Override
    public Future<Answer> acquire() {
        return post("/v3/lease/grant", new JsonObject().put("TTL", ttlSeconds)).compose(granted -> {
            String id = granted.getString("ID");
            Duration ttl = Duration.ofSeconds(Long.parseLong(granted.getString("TTL", "0")));
            JsonObject txn = new JsonObject()
                    .put("compare", new JsonArray().add(new JsonObject().put("key", key).put("target", "CREATE")
                            .put("result", "EQUAL").put("create_revision", "0")))
                    .put("success", new JsonArray().add(new JsonObject().put("request_put", new JsonObject()
                            .put("key", key).put("value", base64(holder)).put("lease", id))))
                    .put("failure", new JsonArray().add(new JsonObject().put("request_range",
                            new JsonObject().put("key", key))));
            return post("/v3/kv/txn", txn).compose(answer -> {
                if (answer.getBoolean("succeeded", false)) {
                    long revision = Long.parseLong(answer.getJsonObject("header").getString("revision"));
                    return Future.succeededFuture(new Answer.Ours(new Lease(id, revision, ttl)));
                }
                // Someone else's key: our fresh lease is of no use; let it go rather than wait for its TTL.
                JsonObject kv = firstKv(answer.getJsonArray("responses").getJsonObject(0)
                        .getJsonObject("response_range"));
                return post("/v3/lease/revoke", new JsonObject().put("ID", id)).otherwiseEmpty()
                        .map(v -> new Answer.Theirs(kv == null ? "the key was deleted meanwhile" : holderOf(kv)));
            });
        });
    }

    @Override
    public Future<Answer> renew(Lease lease) {
        return post("/v3/lease/keepalive", new JsonObject().put("ID", lease.id())).compose(kept -> {
            JsonObject result = kept.getJsonObject("result", new JsonObject());
            long ttl = Long.parseLong(result.getString("TTL", "0"));
            if (ttl <= 0) {
                return Future.succeededFuture(new Answer.Theirs("our lease expired before it was renewed"));
            }
            // The lease lives; the key must still be bound to it (an operator may have deleted it).
            return post("/v3/kv/range", new JsonObject().put("key", key)).map(range -> {
                JsonObject kv = firstKv(range);
                if (kv == null) {
                    return new Answer.Theirs("the key was deleted");
                }
                if (!lease.id().equals(kv.getString("lease"))) {
                    return new Answer.Theirs(holderOf(kv));
                }
                return new Answer.Ours(new Lease(lease.id(), Long.parseLong(kv.getString("create_revision")),
                        Duration.ofSeconds(ttl)));
            });
        });
    }

    @Override
    public Future<Void> release(Lease lease) {
        return post("/v3/lease/revoke", new JsonObject().put("ID", lease.id())).mapEmpty();
    }

    @Override
    public String target() {
        return endpoints.get(endpoint) + " key " + new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }

    private static JsonObject firstKv(JsonObject range) {
        JsonArray kvs = range.getJsonArray("kvs");
        return kvs == null || kvs.isEmpty() ? null : kvs.getJsonObject(0);
    }

    private static String holderOf(JsonObject kv) {
        String value = new String(Base64.getDecoder().decode(kv.getString("value", "")), StandardCharsets.UTF_8);
        return "held by " + (value.isEmpty() ? "an unnamed holder" : value) + " (fencing token "
                + kv.getString("create_revision") + ")";
    }

    private Future<JsonObject> post(String path, JsonObject body) {
        if (user != null && authToken == null) {
            return authenticate().compose(v -> post(path, body));
        }
        return send(path, body).compose(response -> {
            if (response.statusCode() == UNAUTHENTICATED && user != null) {
                authToken = null;
                return authenticate().compose(v -> send(path, body)).compose(this::json);
            }
            return json(response);
        }, failure -> {
            // The next request tries the next endpoint of the cluster.
            URI failed = endpoints.get(endpoint);
            endpoint = (endpoint + 1) % endpoints.size();
            return Future.failedFuture("etcd at " + failed + ": " + failure.getMessage());
        });
    }

    private Future<HttpResponse<Buffer>> send(String path, JsonObject body) {
        var request = http.postAbs(endpoints.get(endpoint).resolve(path).toString()).timeout(requestTimeoutMs);
        if (authToken != null) {
            request.putHeader("Authorization", authToken);
        }
        return request.sendJsonObject(body);
    }

    private Future<Void> authenticate() {
        return send("/v3/auth/authenticate", new JsonObject().put("name", user).put("password", password))
                .compose(this::json)
                .compose(answer -> {
                    authToken = answer.getString("token");
                    return authToken == null
                            ? Future.failedFuture("etcd at " + endpoints.get(endpoint) + " gave no auth token")
                            : Future.succeededFuture();
                });
    }

    private Future<JsonObject> json(HttpResponse<Buffer> response) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            return Future.failedFuture("etcd at " + endpoints.get(endpoint) + " answered HTTP " + response.statusCode()
                    + " without JSON; is witness-endpoints etcd's client URL (port 2379)?");
        }
        if (response.statusCode() != 200 || body == null) {
            String message = body == null ? "HTTP " + response.statusCode() : body.getString("message", body.encode());
            return Future.failedFuture("etcd at " + endpoints.get(endpoint) + " refused: " + message);
        }
        return Future.succeededFuture(body);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
