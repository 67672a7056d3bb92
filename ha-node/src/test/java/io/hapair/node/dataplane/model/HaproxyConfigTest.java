package io.hapair.node.dataplane.model;

import static io.hapair.node.settings.SettingsFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every field of a virtual service shows in the rendered HAProxy configuration, as the line it becomes. */
class HaproxyConfigTest {

    private static final DataPlaneHost HOST = new DataPlaneHost("10.0.0.4", "/var/lib/hanode/dataplane",
            Map.of(8443, "the node's API"));
    private static final String TCP = """
            {"name": "web", "address": "10.0.0.10", "port": 80, "protocol": "tcp",
             "realServers": [{"address": "10.0.1.4", "port": 8080}, {"address": "10.0.1.5", "port": 8080}]}
            """;
    private static final VsCertificate WWW = new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
            TestCertificates.EC_LEAF.keyPem());
    private static final VsCertificate API = new VsCertificate("api", TestCertificates.LEAF_AND_CA.chainPem(),
            TestCertificates.LEAF_AND_CA.keyPem());

    @Test
    void aServiceListensOnTheNodesOwnAddressAtItsPortWhateverItsPublishedAddress() {
        List<String> lines = lines(render(TCP));

        assertThat(lines).contains("listen web", "    bind 10.0.0.4:80");
        assertThat(lines).noneMatch(line -> line.contains("bind 10.0.0.10"));
    }

    @Test
    void aServiceSyncedFromThePartnerBindsTheReceivingNodesOwnAddress() {
        VirtualService vs = service(TCP);
        DataPlaneHost partner = new DataPlaneHost("10.0.0.5", HOST.directory(), HOST.reservedPorts());

        String here = HaproxyConfig.render(HOST, List.of(vs), List.of()).config();
        String there = HaproxyConfig.render(partner, List.of(vs), List.of()).config();

        assertThat(lines(there)).contains("    bind 10.0.0.5:80");
        assertThat(there.replace("bind 10.0.0.5:80", "bind 10.0.0.4:80")).isEqualTo(here);
    }

    @Test
    void thePublishedAddressIsTheListenersDescription() {
        assertThat(lines(render(TCP))).contains("    description published at 10.0.0.10:80");
        assertThat(lines(render(with(TCP, "address", "\"FD00::10\"")))).contains(
                "    description published at [fd00::10]:80");
    }

    @Test
    void anIpv6OwnAddressIsBracketedWithItsPort() {
        DataPlaneHost v6 = new DataPlaneHost("fd00::4", HOST.directory(), Map.of());

        assertThat(lines(HaproxyConfig.render(v6, List.of(service(TCP)), List.of()).config()))
                .contains("    bind [fd00::4]:80");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        tcp forwards bytes                  | tcp   | mode tcp
        http reads requests                 | http  | mode http
        http tells real servers the client  | http  | option forwardfor
        """)
    void theProtocolSetsTheMode(String behaviour, String protocol, String line) {
        assertThat(lines(render(with(TCP, "protocol", "\"" + protocol + "\"")))).contains("    " + line);
    }

    @Test
    void tcpDoesNotAddHttpHeaders() {
        assertThat(render(TCP)).doesNotContain("forwardfor");
    }

    @Test
    void httpsTerminatesTlsWithItsCertificateWrittenAsOneFile() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(https("[\"www\"]"))), List.of(WWW, API));

        String file = single(rendering.certificateFiles().keySet());
        assertThat(file).matches("www-[0-9a-f]{16}\\.pem");
        assertThat(lines(rendering.config())).contains("    mode http",
                "    bind 10.0.0.4:443 ssl crt '/var/lib/hanode/dataplane/certs/" + file + "'");
        assertThat(rendering.certificateFiles().get(file)).isEqualTo(WWW.certificateChain() + WWW.privateKey());
        assertThat(rendering.fileOrigins().get(file)).isEqualTo(Origin.certificate("www", "certificateChain"));
    }

    @Test
    void severalCertificatesAreChosenBySniWithTheFirstAsTheDefault() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(https("[\"api\", \"www\"]"))),
                List.of(WWW, API));

        String bind = lines(rendering.config()).stream().filter(l -> l.contains("bind")).findFirst().orElseThrow();
        assertThat(bind).matches("    bind 10\\.0\\.0\\.4:443 ssl crt '/var/lib/hanode/dataplane/certs/api-[0-9a-f]{16}"
                + "\\.pem' crt '/var/lib/hanode/dataplane/certs/www-[0-9a-f]{16}\\.pem'");
    }

    @Test
    void aCertificateFileChangesNameWhenItsContentChanges() {
        VsCertificate renewed = new VsCertificate("www", TestCertificates.OTHER_EC_LEAF.chainPem(),
                TestCertificates.OTHER_EC_LEAF.keyPem());

        String before = single(HaproxyConfig.render(HOST, List.of(service(https("[\"www\"]"))), List.of(WWW))
                .certificateFiles().keySet());
        String after = single(HaproxyConfig.render(HOST, List.of(service(https("[\"www\"]"))), List.of(renewed))
                .certificateFiles().keySet());

        assertThat(after).startsWith("www-").isNotEqualTo(before);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        round-robin               | balance roundrobin
        weighted-round-robin      | balance roundrobin
        least-connection          | balance leastconn
        weighted-least-connection | balance leastconn
        source-ip-hash            | balance source
        """)
    void theSchedulingSetsTheBalanceAlgorithm(String scheduling, String line) {
        assertThat(lines(render(with(TCP, "scheduling", "\"" + scheduling + "\"")))).contains("    " + line);
    }

    @Test
    void sourceHashingIsConsistentSoThatALeavingServerMovesOnlyItsClients() {
        assertThat(lines(render(with(TCP, "scheduling", "\"source-ip-hash\"")))).contains("    hash-type consistent");
        assertThat(render(TCP)).doesNotContain("hash-type");
    }

    @Test
    void sourceIpPersistenceKeepsClientsForItsTimeout() {
        List<String> lines = lines(render(with(TCP, "persistence", "{\"mode\": \"source-ip\", \"timeoutSeconds\": 600}")));

        assertThat(lines).contains("    stick-table type ipv6 size 1m expire 600s", "    stick on src");
    }

    @Test
    void noPersistenceRemembersNoClient() {
        assertThat(render(TCP)).doesNotContain("stick").doesNotContain("cookie");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        a session cookie over http                | http  | {"mode": "cookie"}                          | cookie hapair_web insert indirect nocache httponly
        a secure cookie over https                | https | {"mode": "cookie"}                          | cookie hapair_web insert indirect nocache httponly secure
        a cookie forgotten after the timeout      | http  | {"mode": "cookie", "timeoutSeconds": 900}   | cookie hapair_web insert indirect nocache httponly maxidle 900s
        """)
    void cookiePersistenceInsertsACookieNamingTheService(String behaviour, String protocol, String persistence,
                                                         String line) {
        String json = protocol.equals("https") ? https("[\"www\"]") : with(TCP, "protocol", "\"http\"");
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(with(json, "persistence", persistence))),
                List.of(WWW));

        assertThat(lines(rendering.config())).contains("    " + line);
        assertThat(lines(rendering.config())).filteredOn(l -> l.startsWith("    server "))
                .allMatch(l -> l.matches(".* cookie [0-9a-f]{16}( .*)?"));
    }

    @Test
    void theIdleTimeoutBoundsBothSidesOfAConnection() {
        assertThat(lines(render(with(TCP, "idleTimeoutSeconds", "300")))).contains("    timeout client 300s",
                "    timeout server 300s");
    }

    @Test
    void theIdleTimeoutDefaultsToTheCloudBalancersFourMinutes() {
        assertThat(lines(render(TCP))).contains("    timeout client 240s", "    timeout server 240s");
    }

    @Test
    void aTcpConnectCheckOnlyConnects() {
        List<String> lines = lines(render(TCP));

        assertThat(lines).contains("    default-server inter 5s rise 2 fall 2");
        assertThat(lines).filteredOn(l -> l.startsWith("    server ")).allMatch(l -> l.contains(" check"));
        assertThat(render(TCP)).doesNotContain("httpchk");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        the type asks for an http check        | {"type": "http"}                               | option httpchk
        the method and path make the request   | {"type": "http", "method": "HEAD", "path": "/health"} | http-check send meth HEAD uri '/health'
        a quote in the path stays in the path  | {"type": "http", "path": "/it's#here"}         | http-check send meth GET uri '/it'\\''s#here'
        the expected status is the one passing | {"type": "http", "expectedStatus": 204}        | http-check expect status 204
        the interval spaces the checks         | {"intervalSeconds": 7}                         | default-server inter 7s rise 2 fall 2
        rise brings a server back              | {"rise": 3}                                    | default-server inter 5s rise 3 fall 2
        retries take a server out              | {"retries": 4}                                 | default-server inter 5s rise 2 fall 4
        """)
    void theHealthCheckFieldsShapeTheCheck(String behaviour, String healthCheck, String line) {
        assertThat(lines(render(with(TCP, "healthCheck", healthCheck)))).contains("    " + line);
    }

    @Test
    void aDisabledServiceHasNoListener() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(with(TCP, "enabled", "false"))), List.of());

        assertThat(rendering.config()).doesNotContain("listen").doesNotContain("bind");
        assertThat(rendering.services()).isEmpty();
        assertThat(rendering.servers()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        a real server is named and reached at its address and port | realServers[0]         | {"address": "10.0.1.4", "port": 8080} | server 10.0.1.4:8080 10.0.1.4:8080 check weight 1
        an IPv6 real server is bracketed                           | realServers[0]         | {"address": "fd00::1:4", "port": 80}  | server fd00::1:4:80 [fd00::1:4]:80 check weight 1
        the weight is its share                                    | realServers[0].weight  | 7                                     | server 10.0.1.4:8080 10.0.1.4:8080 check weight 7
        weight 0 drains it                                         | realServers[0].weight  | 0                                     | server 10.0.1.4:8080 10.0.1.4:8080 check weight 0
        a disabled real server starts in maintenance               | realServers[0].enabled | false                                 | server 10.0.1.4:8080 10.0.1.4:8080 check weight 1 disabled
        a backup takes over when the others are down               | realServers[0].backup  | true                                  | server 10.0.1.4:8080 10.0.1.4:8080 check backup weight 1
        """)
    void realServerFieldsShapeTheServerLine(String behaviour, String path, String value, String line) {
        assertThat(lines(render(with(TCP, path, value)))).contains("    " + line);
    }

    @Test
    void eachRenderedRealServerIsKnownByItsRuntimeName() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(with(TCP, "realServers[1].enabled", "false"))),
                List.of());

        RealServerRef second = new RealServerRef("web", "10.0.1.5", 8080);
        assertThat(rendering.servers()).containsEntry(second,
                new ServerSetting(second, "web", "10.0.1.5:8080", 1, false));
    }

    @Test
    void servicesAreRenderedInNameOrderWhateverTheStoreListsThemIn() {
        VirtualService a = service(with(with(TCP, "name", "\"a\""), "port", "81"));
        VirtualService b = service(with(with(TCP, "name", "\"b\""), "port", "82"));

        assertThat(HaproxyConfig.render(HOST, List.of(b, a), List.of()).config())
                .isEqualTo(HaproxyConfig.render(HOST, List.of(a, b), List.of()).config());
    }

    @Test
    void eachLineIsTracedToTheFieldItComesFrom() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(with(TCP, "scheduling", "\"least-connection\""))),
                List.of());

        List<String> lines = lines(rendering.config());
        assertThat(rendering.originOfLine(lines.indexOf("    balance leastconn") + 1))
                .contains(Origin.service("web", "scheduling"));
        assertThat(rendering.originOfLine(lines.indexOf("    bind 10.0.0.4:80") + 1))
                .contains(Origin.service("web", "port"));
        assertThat(rendering.originOfLine(lines.indexOf("    server 10.0.1.5:8080 10.0.1.5:8080 check weight 1") + 1))
                .contains(Origin.service("web", "realServers[1]"));
        assertThat(rendering.originOfLine(lines.indexOf("global") + 1)).isEmpty();
        assertThat(rendering.originOfLine(0)).isEmpty();
        assertThat(rendering.originOfLine(lines.size() + 1)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        a weight changes at runtime               | realServers[0].weight  | 9                | 10.0.1.4
        an enabled flag changes at runtime        | realServers[1].enabled | false            | 10.0.1.5
        a port needs a reload                     | port                   | 81               |
        a real server's port needs a reload       | realServers[0].port    | 8081             |
        the scheduling needs a reload             | scheduling             | '"source-ip-hash"' |
        """)
    void onlyWeightsAndEnabledFlagsChangeWithoutAReload(String behaviour, String path, String value,
                                                        String changedServer) {
        Rendering running = HaproxyConfig.render(HOST, List.of(service(TCP)), List.of());
        Rendering next = HaproxyConfig.render(HOST, List.of(service(with(TCP, path, value))), List.of());

        Optional<List<ServerSetting>> changes = next.runtimeChangesFrom(running);

        if (changedServer == null) {
            assertThat(changes).isEmpty();
        } else {
            RealServerRef changed = new RealServerRef("web", changedServer, 8080);
            assertThat(changes).contains(List.of(next.servers().get(changed)));
        }
    }

    @Test
    void aMissingCertificateIsRefusedOnTheFieldThatNamesIt() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(https("[\"www\", \"nowhere\"]"))),
                List.of(WWW));

        assertThat(rendering.rendered()).isFalse();
        assertThat(rendering.rejections()).containsExactly(new Rejection(Origin.service("web", "certificates[1]"),
                "no virtual-service certificate is named 'nowhere'; add it (vs-certificates) or name another"));
    }

    @Test
    void aPortTheNodeUsesIsRefusedBeforeHaproxyCouldNotBindIt() {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(with(TCP, "port", "8443"))), List.of());

        assertThat(rendering.rejections()).containsExactly(new Rejection(Origin.service("web", "port"),
                "port 8443 is taken on this node by the node's API; choose another port"));
    }

    @Test
    void twoEnabledServicesOnOnePortAreRefusedThoughEditsOnBothNodesMadeThem() {
        VirtualService other = service(with(with(TCP, "name", "\"other\""), "address", "\"10.0.0.11\""));

        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(TCP), other), List.of());

        assertThat(rendering.rejections()).containsExactly(new Rejection(Origin.service("web", "port"),
                "port 80 is also used by virtual service 'other'; choose another port for one of them, or disable one"));
    }

    @Test
    void aDisabledServiceLeavesItsPortFree() {
        VirtualService other = service(with(with(TCP, "name", "\"other\""), "enabled", "false"));

        assertThat(HaproxyConfig.render(HOST, List.of(service(TCP), other), List.of()).rendered()).isTrue();
    }

    @Test
    void theRuntimeApiAndServerStatesLiveInTheDataPlaneDirectory() {
        List<String> lines = lines(render(TCP));

        assertThat(lines).contains("    stats socket '/var/lib/hanode/dataplane/haproxy.sock' mode 600 level admin",
                "    server-state-file '/var/lib/hanode/dataplane/haproxy.state'",
                "    load-server-state-from-file global");
    }

    private static String https(String certificates) {
        return with(with(with(TCP, "protocol", "\"https\""), "port", "443"), "certificates", certificates);
    }

    private static VirtualService service(String json) {
        return SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, json);
    }

    private static String render(String json) {
        Rendering rendering = HaproxyConfig.render(HOST, List.of(service(json)), List.of(WWW));
        assertThat(rendering.rejections()).isEmpty();
        return rendering.config();
    }

    private static List<String> lines(String config) {
        return Arrays.asList(config.split("\n"));
    }

    private static String single(Collection<String> values) {
        assertThat(values).hasSize(1);
        return values.iterator().next();
    }
}
