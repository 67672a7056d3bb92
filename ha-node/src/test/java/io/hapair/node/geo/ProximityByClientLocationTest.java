package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proximity answers each client with the site nearest its configured location, found from the EDNS
 * Client Subnet when the query has one, else from the address it was sent from (dig -b).
 */
class ProximityByClientLocationTest {

    private static final String UNIT = "127.0.8.70";
    private static final String AMSTERDAM = "192.0.2.10";
    private static final String NEW_YORK = "198.51.100.10";
    private static final String AMSTERDAM_V6 = "2001:db8:a::10";
    // An answer record: name, TTL, class, type, address (the question line has no TTL).
    private static final Pattern ANSWER = Pattern.compile("(?m)^\\S+\\s+\\d+\\s+IN\\s+(?:A|AAAA)\\s+(\\S+)");
    private static final Pattern SUBNET = Pattern.compile("CLIENT-SUBNET: (\\S+)");

    @TempDir
    static Path dir;

    private static TestNodes nodes;
    private static TestNodes.Node unit;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TestNodes(dir);
        unit = nodes.start("unit", "none", UNIT, null, TestNodes.ports(UNIT));
        unit.post("geo-clusters", site("amsterdam", AMSTERDAM, 52.37, 4.90));
        unit.post("geo-clusters", site("amsterdam-v6", AMSTERDAM_V6, 52.37, 4.90));
        unit.post("geo-clusters", site("new-york", NEW_YORK, 40.71, -74.01));
        unit.post("geo-client-locations", new JsonObject().put("name", "amsterdam-clients")
                .put("networks", List.of("127.0.50.0/26", "10.1.0.0/16", "2001:db8:1::/48"))
                .put("location", new JsonObject().put("latitude", 52.1).put("longitude", 5.1)));
        unit.post("geo-client-locations", new JsonObject().put("name", "new-york-clients")
                .put("networks", List.of("127.0.50.64/26", "10.2.0.0/16"))
                .put("location", new JsonObject().put("latitude", 40.8).put("longitude", -73.9)));
        // New York is listed first, so a client placed nowhere gets New York.
        unit.post("geo-fqdns", new JsonObject().put("fqdn", "www.example.com").put("selection", "proximity")
                .put("mappings", List.of(Map.of("target", "new-york"), Map.of("target", "amsterdam"),
                        Map.of("target", "amsterdam-v6"))));
        unit.post("geo-fqdns", new JsonObject().put("fqdn", "rr.example.com")
                .put("mappings", List.of(Map.of("target", "amsterdam"))));
        await().atMost(Duration.ofSeconds(15)).until(() -> !answer(unit.digAll("www.example.com", "A")).isEmpty());
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @ParameterizedTest(name = "a query from {0} gets {1}")
    @CsvSource({
        "127.0.50.9,   " + AMSTERDAM,
        "127.0.50.70,  " + NEW_YORK,
        // placed nowhere: the first listed
        "127.0.50.200, " + NEW_YORK,
    })
    void aClientWithoutSubnetIsPlacedByItsSourceAddress(String source, String site) throws Exception {
        assertThat(answer(unit.digAll("www.example.com", "A", "-b", source))).isEqualTo(site);
    }

    @ParameterizedTest(name = "{1} sent from {0} gets {2}, scope {3}")
    @CsvSource({
        // the subnet wins over the source address, whichever place the source has
        "127.0.50.200, 10.1.2.0/24,     A,    " + AMSTERDAM + ", 10.1.2.0/24/16",
        "127.0.50.9,   10.2.0.0/16,     A,    " + NEW_YORK + ",  10.2.0.0/16/16",
        "127.0.50.9,   10.3.0.0/24,     A,    " + NEW_YORK + ",  10.3.0.0/24/16",
        "127.0.50.70,  2001:db8:1::/56, AAAA, " + AMSTERDAM_V6 + ", 2001:db8:1::/56/48",
    })
    void aClientSubnetPlacesTheClientAndComesBackWithTheScopeOfTheAnswer(String source, String subnet, String type,
            String site, String echoed) throws Exception {
        String out = unit.digAll("www.example.com", type, "-b", source, "+subnet=" + subnet);

        assertThat(answer(out)).isEqualTo(site);
        assertThat(subnet(out)).isEqualTo(echoed);
    }

    @ParameterizedTest(name = "{0}: the subnet comes back with scope 0")
    @CsvSource({"rr.example.com, A", "nope.example.com, A", "www.example.com, TXT"})
    void anAnswerThatDoesNotDependOnTheClientHoldsForEveryClient(String name, String type) throws Exception {
        assertThat(subnet(unit.digAll(name, type, "+subnet=10.1.2.0/24"))).isEqualTo("10.1.2.0/24/0");
    }

    private static JsonObject site(String name, String address, double latitude, double longitude) {
        // Check type none: these sites exist only in the answers.
        return new JsonObject().put("name", name).put("address", address)
                .put("location", new JsonObject().put("latitude", latitude).put("longitude", longitude))
                .put("check", new JsonObject().put("type", "none"));
    }

    private static String answer(String digOutput) {
        Matcher m = ANSWER.matcher(digOutput);
        return m.find() ? m.group(1) : "";
    }

    private static String subnet(String digOutput) {
        Matcher m = SUBNET.matcher(digOutput);
        return m.find() ? m.group(1) : "";
    }
}
