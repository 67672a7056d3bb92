package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Valid documents of every type, and edits of them by JSON path, for the validation tables. */
public final class SettingsFixtures {

    static final String VIRTUAL_SERVICE = """
            {"name": "web", "address": "10.0.0.10", "port": 443, "protocol": "https", "certificates": ["www"],
             "scheduling": "weighted-round-robin", "persistence": {"mode": "source-ip", "timeoutSeconds": 600},
             "idleTimeoutSeconds": 300,
             "healthCheck": {"type": "http", "method": "GET", "path": "/health", "expectedStatus": 200,
                             "intervalSeconds": 5, "retries": 2, "rise": 3},
             "enabled": true,
             "realServers": [{"address": "10.0.1.4", "port": 8443, "weight": 2, "enabled": true, "backup": false},
                             {"address": "10.0.1.5", "port": 8443}]}
            """;

    static final String GEO_FQDN = """
            {"fqdn": "www.example.com", "selection": "weighted-round-robin", "ttlSeconds": 10,
             "mappings": [{"target": "10.0.0.4", "weight": 2}, {"target": "eu-west", "enabled": false}],
             "lastResort": "10.9.0.4"}
            """;

    static final String GEO_CLUSTER = """
            {"name": "eu-west", "address": "10.1.0.4", "type": "remote",
             "location": {"latitude": 53.3, "longitude": -6.3}}
            """;

    static final String GEO_CLIENT_LOCATION = """
            {"name": "amsterdam-clients", "networks": ["10.1.0.0/16", "2001:db8::/32"],
             "location": {"latitude": 52.4, "longitude": 4.9}}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("\\.?([A-Za-z][A-Za-z0-9]*)|\\[(\\d+)]");

    private SettingsFixtures() {
    }

    /** A valid document of every type, as JSON. */
    public static String example(SettingsType<?> type) {
        Map<String, String> examples = Map.ofEntries(
                Map.entry("virtual-services", VIRTUAL_SERVICE),
                Map.entry("geo-fqdns", GEO_FQDN),
                Map.entry("geo-clusters", GEO_CLUSTER),
                Map.entry("geo-partners", "{\"address\": \"10.2.0.4\", \"name\": \"dc-2\"}"),
                Map.entry("geo-remote-access", "{\"address\": \"10.3.0.4\", \"description\": \"monitoring\"}"),
                Map.entry("geo-client-locations", GEO_CLIENT_LOCATION),
                Map.entry("syslog-targets", "{\"host\": \"logs.example.com\", \"port\": 6514, \"transport\": \"tcp\"}"),
                Map.entry("ntp-servers", "{\"host\": \"10.0.0.123\", \"prefer\": true}"),
                Map.entry("snmp", "{\"enabled\": true, \"port\": 1161, \"community\": \"n0t-public\","
                        + " \"location\": \"rack 4\", \"contact\": \"ops@example.com\", \"users\": [{\"name\": \"monitor\","
                        + " \"authProtocol\": \"sha-256\", \"authPassphrase\": \"auth-pass-1\","
                        + " \"privPassphrase\": \"priv-pass-1\"}], \"trapTargets\": [{\"host\": \"nms.example.com\","
                        + " \"community\": \"traps\"}, {\"host\": \"10.0.0.9\", \"port\": 10162, \"user\": \"monitor\","
                        + " \"inform\": true}]}"),
                Map.entry("wui", "{\"sessionTimeoutSeconds\": 900}"),
                Map.entry("vs-certificates", object("name", "www",
                        "certificateChain", TestCertificates.EC_LEAF.chainPem(),
                        "privateKey", TestCertificates.EC_LEAF.keyPem())),
                Map.entry("default-gateway", "{\"ipv4\": \"10.0.0.1\", \"ipv6\": \"fd00::1\"}"),
                Map.entry("ip-addresses", "{\"interfaceName\": \"eth0\", \"address\": \"10.0.0.4\", \"prefixLength\": 24}"),
                Map.entry("hostname", "{\"name\": \"lb-1\"}"),
                Map.entry("name-server", "{\"addresses\": [\"10.0.0.2\", \"fd00::2\"]}"),
                Map.entry("domain", "{\"name\": \"example.com\"}"),
                Map.entry("admin-gateway", "{\"interfaceName\": \"eth1\", \"address\": \"10.5.0.1\"}"),
                Map.entry("admin-certificate", "{}"),
                Map.entry("interfaces", "{\"name\": \"eth0\", \"linkUp\": true, \"speedDuplex\": \"auto\", \"mtu\": 1500,"
                        + " \"additionalAddresses\": [\"10.0.0.5/24\"]}"),
                Map.entry("vlans", "{\"interfaceName\": \"eth0\", \"vlanId\": 100, \"addresses\": [\"10.100.0.4/24\"]}"),
                Map.entry("vxlans", "{\"name\": \"vxlan10\", \"vni\": 10, \"interfaceName\": \"eth0\","
                        + " \"remote\": \"10.0.0.5\", \"addresses\": [\"172.16.0.1/30\"]}"),
                Map.entry("routes", "{\"name\": \"on-premises\", \"destination\": \"192.168.0.0/16\","
                        + " \"gateway\": \"10.0.0.1\"}"));
        String json = examples.get(type.apiPath());
        if (json == null) {
            throw new AssertionError("no example for " + type + "; add one here");
        }
        return json;
    }

    /** A JSON object of string fields: name, value, name, value... (PEM text needs its newlines escaped). */
    static String object(String... namesAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return node.toString();
    }

    /** {@code json} with the value at {@code path} (such as {@code realServers[1].port}) set to {@code valueJson}. */
    public static String with(String json, String path, String valueJson) {
        return edit(json, path, valueJson);
    }

    /** {@code json} without the field at {@code path}. */
    static String without(String json, String path) {
        return edit(json, path, null);
    }

    /**
     * Asserts that {@code json} with {@code value} at {@code path} (ABSENT removes the field) is refused
     * with an error on {@code field} whose message contains {@code message}.
     */
    static void assertRefused(SettingsType<?> type, String json, String path, String value, String field,
                              String message) {
        String edited = value.equals("ABSENT") ? without(json, path) : with(json, path, value);

        Parsed<?> parsed = SettingsCodec.parse(type, edited);

        assertThat(parsed.document()).isNull();
        assertThat(parsed.errors()).anySatisfy(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    /** {@link #assertRefused} on the valid example of the type at {@code apiPath}. */
    static void assertExampleRefused(String apiPath, String path, String value, String field, String message) {
        SettingsType<?> type = SettingsType.byApiPath(apiPath).orElseThrow();
        assertRefused(type, example(type), path, value, field, message);
    }

    public static <T extends Record> T parsed(SettingsType<T> type, String json) {
        Parsed<T> parsed = SettingsCodec.parse(type, json);
        if (!parsed.isValid()) {
            throw new AssertionError("fixture is invalid: " + parsed.errors());
        }
        return parsed.document();
    }

    private static String edit(String json, String path, String valueJson) {
        try {
            JsonNode root = JSON.readTree(json);
            List<Object> steps = steps(path);
            JsonNode parent = root;
            for (Object step : steps.subList(0, steps.size() - 1)) {
                parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
            }
            Object last = steps.get(steps.size() - 1);
            JsonNode value = valueJson == null ? null : JSON.readTree(valueJson);
            if (last instanceof Integer i) {
                ((ArrayNode) parent).set(i, value);
            } else if (value == null) {
                ((ObjectNode) parent).remove((String) last);
            } else {
                ((ObjectNode) parent).set((String) last, value);
            }
            return root.toString();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
        }
        return steps;
    }
}
