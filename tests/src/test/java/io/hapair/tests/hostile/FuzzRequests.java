package io.hapair.tests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * What the REST API fuzz sends: authenticated requests to every JSON route and to the document routes'
 * path parameters, with valid documents mutated a little (a field removed, replaced by any JSON value,
 * or added; the text cut or spliced), with any JSON value, and with text that is not JSON at all.
 * Every address in a valid document is on the fuzz's own loopback subnet, so a request that is
 * rightly accepted (a GEO partner, a checked cluster) makes the node talk to nothing outside it.
 */
final class FuzzRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TYPES = SettingsType.ALL.stream().map(SettingsType::apiPath).toList();

    /** Where a request goes; {@code {type}} and {@code {id}} are its path parameters. */
    enum Route {
        CREATE("POST", "/api/v1/{type}"),
        REPLACE("PUT", "/api/v1/{type}/{id}"),
        PUT_SINGLETON("PUT", "/api/v1/{type}"),
        READ("GET", "/api/v1/{type}/{id}"),
        DELETE("DELETE", "/api/v1/{type}/{id}"),
        ACCEPT("POST", JsonRoutes.accept("{type}", "{id}")),
        HA_PARAMS("PUT", JsonRoutes.HA_PARAMS),
        IMPORT("POST", JsonRoutes.IMPORT),
        GEO_OFFER("POST", JsonRoutes.GEO_OFFER),
        GEO_DOCUMENTS("POST", JsonRoutes.GEO_DOCUMENTS);

        final String method;
        final String template;

        Route(String method, String template) {
            this.method = method;
            this.template = template;
        }

        boolean takesBody() {
            return !"GET".equals(method) && !"DELETE".equals(method);
        }

        boolean hasType() {
            return template.contains("{type}");
        }
    }

    /** One request; {@code body} is null for GET and DELETE. */
    record Request(Route route, String type, String id, String body) {
        String path() {
            return route.template.replace("{type}", encode(type)).replace("{id}", encode(id));
        }

        /** The settings type whose documents this request may touch, when its path names a real one. */
        Optional<String> settingsType() {
            return route.hasType() && TYPES.contains(type) ? Optional.of(type) : Optional.empty();
        }

        @Override
        public String toString() {
            return route.method + " " + path() + (body == null ? "" : " " + body);
        }
    }

    private final String subnet;
    private final Map<String, JsonNode> documents;
    private final JsonNode haParams;
    private final JsonNode geoSender;

    /** {@code subnet} is the fuzz's loopback prefix (e.g. {@code 127.20.52.}); {@code partner} the active node's partner. */
    FuzzRequests(String subnet, String partner) {
        this.subnet = subnet;
        documents = Map.ofEntries(
                Map.entry("virtual-services", parse("{\"name\":\"fz-web\",\"address\":\"" + subnet + "100\",\"port\":80,"
                        + "\"protocol\":\"tcp\",\"realServers\":[{\"address\":\"" + subnet + "101\",\"port\":80,\"weight\":1}]}")),
                Map.entry("geo-fqdns", parse("{\"fqdn\":\"www.fuzz.test\",\"selection\":\"round-robin\",\"ttlSeconds\":10,"
                        + "\"mappings\":[{\"target\":\"" + subnet + "102\",\"weight\":1,\"enabled\":true}]}")),
                Map.entry("geo-clusters", parse("{\"name\":\"fz-cluster\",\"address\":\"" + subnet + "103\",\"type\":\"default\","
                        + "\"location\":{\"latitude\":52.3,\"longitude\":4.9},\"check\":{\"type\":\"none\"}}")),
                Map.entry("geo-partners", parse("{\"address\":\"" + subnet + "104\",\"name\":\"fz-partner\"}")),
                Map.entry("geo-remote-access", parse("{\"address\":\"" + subnet + "105\",\"description\":\"fuzz\"}")),
                Map.entry("geo-client-locations", parse("{\"name\":\"fz-clients\",\"networks\":[\"10.1.0.0/16\"],"
                        + "\"location\":{\"latitude\":52.37,\"longitude\":4.9}}")),
                Map.entry("syslog-targets", parse("{\"host\":\"" + subnet + "106\",\"port\":514,\"transport\":\"udp\"}")),
                Map.entry("ntp-servers", parse("{\"host\":\"" + subnet + "107\",\"prefer\":false}")),
                Map.entry("snmp", parse("{\"enabled\":false,\"community\":\"fz\",\"location\":\"lab\",\"contact\":\"ops\"}")),
                Map.entry("wui", parse("{\"sessionTimeoutSeconds\":1800}")),
                Map.entry("vs-certificates", parse("{\"name\":\"fz-cert\",\"certificateChain\":\"-----BEGIN CERTIFICATE-----\\nAAAA"
                        + "\\n-----END CERTIFICATE-----\",\"privateKey\":\"(stored; not shown)\"}")),
                Map.entry("default-gateway", parse("{\"ipv4\":\"10.0.0.1\"}")),
                Map.entry("ip-addresses", parse("{\"interfaceName\":\"eth0\",\"address\":\"10.0.0.5\",\"prefixLength\":24}")),
                Map.entry("hostname", parse("{\"name\":\"fz-lb\"}")),
                Map.entry("name-server", parse("{\"addresses\":[\"10.0.0.2\"]}")),
                Map.entry("domain", parse("{\"name\":\"fuzz.test\"}")),
                Map.entry("admin-gateway", parse("{\"interfaceName\":\"eth0\",\"address\":\"10.0.0.1\"}")),
                Map.entry("admin-certificate", parse("{\"certificateChain\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n"
                        + "-----END CERTIFICATE-----\",\"privateKey\":\"(stored; not shown)\"}")),
                Map.entry("interfaces", parse("{\"name\":\"eth0\",\"linkUp\":true,\"speedDuplex\":\"auto\",\"mtu\":1500,"
                        + "\"additionalAddresses\":[]}")),
                Map.entry("vlans", parse("{\"interfaceName\":\"eth0\",\"vlanId\":10,\"addresses\":[\"10.10.0.1/24\"]}")),
                Map.entry("vxlans", parse("{\"name\":\"vx0\",\"vni\":100,\"interfaceName\":\"eth0\",\"remote\":\"" + subnet
                        + "108\",\"port\":4789,\"addresses\":[\"10.20.0.1/24\"]}")),
                Map.entry("routes", parse("{\"name\":\"fz-route\",\"destination\":\"192.168.0.0/16\",\"gateway\":\"10.0.0.1\","
                        + "\"interfaceName\":\"eth0\"}")));
        haParams = parse("{\"ha-mode\":\"master\",\"switch-to-preferred\":\"prefer-master\",\"partner\":\"" + partner
                + "\",\"health-check-port\":8444,\"health-check-all-interfaces\":false}");
        geoSender = parse("{\"node\":\"fz-unit\",\"unitAddress\":\"" + subnet + "109\",\"software\":\"fuzz\",\"schema\":"
                + SettingsStore.SCHEMA_VERSION + "}");
    }

    Arbitrary<Request> requests() {
        Arbitrary<Route> routes = Arbitraries.of(Route.class);
        Arbitrary<String> types = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(TYPES)),
                Tuple.of(1, Arbitraries.of("..", "%", "ha", "settings", "sync", "geo", "node", "metrics", "")),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(20)));
        return Combinators.combine(routes, types).flatAs((route, type) -> Combinators.combine(ids(type), bodies(route, type))
                .as((id, body) -> new Request(route, type, id, route.takesBody() ? body : null)));
    }

    private Arbitrary<String> ids(String type) {
        JsonNode seed = documents.get(type);
        String seedId = SettingsType.byApiPath(type).filter(t -> !t.singleton() && seed != null)
                .map(t -> seed.path(t.idField()).asText()).orElse("x");
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(seedId)),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(30)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(200).ofMaxLength(3000)),
                Tuple.of(1, Arbitraries.of("..", "a/b", " ", "\u0000", "\uffff", "%2F", "x;y")));
    }

    private Arbitrary<String> bodies(Route route, String type) {
        JsonNode seed = seed(route, type);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(seed.toString())),
                Tuple.of(6, mutations().list().ofMinSize(1).ofMaxSize(3).map(ms -> mutate(seed, ms).toString())),
                Tuple.of(2, jsonValues(2).map(JsonNode::toString)),
                Tuple.of(2, cuts().list().ofMinSize(1).ofMaxSize(2).map(cs -> cut(seed.toString(), cs))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(100)));
    }

    private JsonNode seed(Route route, String type) {
        JsonNode document = documents.getOrDefault(type, documents.get("virtual-services"));
        return switch (route) {
            case HA_PARAMS -> haParams;
            case ACCEPT -> parse("{\"keep\":\"kept\"}");
            case IMPORT -> JSON.createObjectNode().put("schemaVersion", SettingsStore.SCHEMA_VERSION)
                    .set("settings", JSON.createObjectNode().set(TYPES.contains(type) ? type : "virtual-services",
                            JSON.createArrayNode().add(document)));
            case GEO_OFFER -> JSON.createObjectNode().<ObjectNode>set("sender", geoSender)
                    .set("digests", JSON.createObjectNode().put("geo-fqdns", "0f0f").put("geo-clusters", ""));
            case GEO_DOCUMENTS -> JSON.createObjectNode().<ObjectNode>set("sender", geoSender).set("docs",
                    JSON.createArrayNode().add(JSON.createObjectNode().put("type", "geo-fqdns").put("id", "www.fuzz.test")
                            .put("body", documents.get("geo-fqdns").toString()).<ObjectNode>set("version", parse(
                                    "{\"vector\":{\"fz-unit\":1},\"wall\":1,\"counter\":0,\"origin\":\"fz-unit\"}"))));
            default -> document;
        };
    }

    // ---- JSON values and mutations of a document tree

    /** A change to one container of the tree: {@code kind} 0 replaces a member, 1 removes one, 2 adds one. */
    record Mutation(int kind, int container, int member, String field, JsonNode value) {
    }

    private Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), fieldNames(), jsonValues(1)).as(Mutation::new);
    }

    private Arbitrary<String> fieldNames() {
        TreeSet<String> known = new TreeSet<>(List.of("id", "type", "keep", "settings", "schemaVersion", "sender", "docs",
                "body", "version", "__proto__", ""));
        documents.values().forEach(d -> d.fieldNames().forEachRemaining(known::add));
        haParams.fieldNames().forEachRemaining(known::add);
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(known)), Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
    }

    private Arbitrary<JsonNode> jsonValues(int depth) {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(24).map(TextNode::valueOf),
                Arbitraries.of(subnet + "110", "::1", "10.0.0.0/8", "999.1.1.1", "1.2.3", "-1", "0", "round-robin",
                        "(stored; not shown)", "\u0000").map(TextNode::valueOf),
                Arbitraries.integers().map(IntNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> jsonValues(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaves),
                Tuple.of(1, inner.list().ofMaxSize(4).map(items -> {
                    ArrayNode array = JSON.createArrayNode();
                    items.forEach(array::add);
                    return array;
                })),
                Tuple.of(1, Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), inner).ofMaxSize(4).map(fields -> {
                    ObjectNode object = JSON.createObjectNode();
                    fields.forEach(object::set);
                    return object;
                })));
    }

    private static JsonNode mutate(JsonNode seed, List<Mutation> mutations) {
        JsonNode root = seed.deepCopy();
        for (Mutation m : mutations) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(root, containers);
            if (containers.isEmpty()) {
                return m.value();
            }
            JsonNode target = containers.get(m.container() % containers.size());
            if (target instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.isEmpty() || m.kind() == 2 ? m.field() : names.get(m.member() % names.size());
                if (m.kind() == 1) {
                    object.remove(name);
                } else {
                    object.set(name, m.value());
                }
            } else if (target instanceof ArrayNode array) {
                int at = array.isEmpty() ? 0 : m.member() % array.size();
                if (m.kind() == 2 || array.isEmpty()) {
                    array.add(m.value());
                } else if (m.kind() == 1) {
                    array.remove(at);
                } else {
                    array.set(at, m.value());
                }
            }
        }
        return root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, into));
        }
    }

    // ---- cuts and splices of the text

    /** {@code kind} 0 cuts the text at {@code at}, 1 inserts {@code text} there, 2 deletes as many characters. */
    record Cut(int kind, int at, String text) {
    }

    private static Arbitrary<Cut> cuts() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.oneOf(Arbitraries.of("{", "}", "[", "]", "\"", ",", ":", "\\", "\\u12", "null", "1e999999"),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(6))).as(Cut::new);
    }

    private static String cut(String text, List<Cut> cuts) {
        String out = text;
        for (Cut c : cuts) {
            int at = out.isEmpty() ? 0 : c.at() % out.length();
            out = switch (c.kind()) {
                case 0 -> out.substring(0, at);
                case 1 -> out.substring(0, at) + c.text() + out.substring(at);
                default -> out.substring(0, at) + out.substring(Math.min(out.length(), at + c.text().length()));
            };
        }
        return out;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("bad seed document " + json, e);
        }
    }
}
