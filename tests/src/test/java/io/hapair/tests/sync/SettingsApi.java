package io.hapair.tests.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.store.SettingsStore;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One node's settings API (https://IP:8443/api/v1, user bal), and the documents the sync tests write. */
final class SettingsApi {

    static final String VS = "virtual-services";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HaNodeProcess node;

    private SettingsApi(HaNodeProcess node) {
        this.node = node;
    }

    static SettingsApi of(HaNodeProcess node) {
        return new SettingsApi(node);
    }

    /**
     * A valid virtual service; {@code port} keeps address:port unique among the ones a test creates. Its real
     * server is silent loopback: the nodes' HAProxy health-checks it, and a check must not leave the machine.
     */
    static String virtualService(String name, int port) {
        return virtualService(name, port, Fixtures.SILENT_ADDRESS);
    }

    /** As {@link #virtualService(String, int)}, with the real server at {@code realServer}, which must be loopback. */
    static String virtualService(String name, int port, String realServer) {
        ObjectNode vs = JSON.createObjectNode().put("name", name).put("address", "10.8.0.1").put("port", port)
                .put("protocol", "tcp");
        vs.putArray("realServers").addObject().put("address", realServer).put("port", Fixtures.SILENT_PORT);
        return vs.toString();
    }

    /** An import (export-shaped) of {@code count} virtual services named vs-0, vs-1, ... */
    static String exportOf(int count) {
        ObjectNode doc = JSON.createObjectNode().put("schemaVersion", SettingsStore.SCHEMA_VERSION);
        ArrayNode services = doc.putObject("settings").putArray(VS);
        for (int i = 0; i < count; i++) {
            services.add(parse(virtualService("vs-" + i, 1_000 + i)));
        }
        return doc.toString();
    }

    /**
     * Waits until no balancer probe reached the node for unconnected-after (the fixtures' settle checks
     * probe too): a standby takes writes of synced settings only then.
     */
    static void awaitUnconnected(HaNodeProcess node) {
        org.awaitility.Awaitility.await(node.name() + " unconnected").atMost(io.hapair.tests.fixture.Patience.SETTLE)
                .ignoreExceptions().until(() -> !node.status().path("connected").asBoolean());
    }

    HttpOnce.Answer create(String type, String json) {
        return node.api("POST", "/api/v1/" + type, json, null);
    }

    HttpOnce.Answer replace(String type, String id, String json, String ifMatch) {
        return node.api("PUT", "/api/v1/" + type + "/" + id, json, ifMatch);
    }

    /** PUT of a singleton such as {@code hostname}. */
    HttpOnce.Answer put(String type, String json) {
        return node.api("PUT", "/api/v1/" + type, json, null);
    }

    HttpOnce.Answer delete(String type, String id) {
        return node.api("DELETE", "/api/v1/" + type + "/" + id, null, null);
    }

    HttpOnce.Answer importAll(String export) {
        return node.api("POST", "/api/v1/settings/import", export, null);
    }

    /** The stored document, or empty on 404; throws on anything else. */
    Optional<JsonNode> document(String type, String id) {
        HttpOnce.Answer a = node.api("GET", "/api/v1/" + type + "/" + id);
        if (a.code() == 404) {
            return Optional.empty();
        }
        if (a.code() != 200) {
            throw new IllegalStateException(node.name() + " GET " + type + "/" + id + ": " + a.code() + " " + a.body());
        }
        return Optional.of(parse(a.body()));
    }

    /** The value of {@code field} of the document, or null when it does not exist. */
    String field(String type, String id, String field) {
        return document(type, id).map(d -> d.path(field).asText()).orElse(null);
    }

    Set<String> ids(String type) {
        Set<String> ids = new TreeSet<>();
        node.apiJson("/api/v1/" + type).path("items").forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }

    JsonNode syncStatus() {
        return node.apiJson("/api/v1/sync/status");
    }

    JsonNode conflicts() {
        return node.apiJson("/api/v1/sync/conflicts").path("conflicts");
    }

    HttpOnce.Answer accept(String type, String id, String keep) {
        return node.api("POST", "/api/v1/sync/conflicts/" + type + "/" + id + "/accept", "{\"keep\":\"" + keep + "\"}",
                null);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
