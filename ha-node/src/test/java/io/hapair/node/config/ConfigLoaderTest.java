package io.hapair.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hapair.node.health.model.HealthThresholds;
import io.hapair.node.naming.NamingHost;
import io.hapair.node.ntp.ChronyHost;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.role.RoleMachine;
import io.hapair.node.selfcheck.model.CheckTarget;
import io.hapair.node.validation.FieldError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String SECRET = "0123456789abcdef";

    @TempDir
    Path dir;

    private static Map<ConfigKey, String> flags(String... keyValues) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(ConfigKey.byKey(keyValues[i]).orElseThrow(), keyValues[i + 1]);
        }
        return m;
    }

    private static Map<ConfigKey, String> masterFlags(String... more) {
        Map<ConfigKey, String> m = flags("ha-mode", "master", "partner", "10.0.0.5", "primary-address", "10.0.0.4",
                "pairing-secret", SECRET, "admin-password", "pw");
        m.putAll(flags(more));
        return m;
    }

    @Test
    void defaultsMatchTheDesign() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), flags("admin-password", "pw"), "host-a");

        assertThat(c.nodeName()).isEqualTo("host-a");
        assertThat(c.haMode()).isEqualTo(HaMode.NONE);
        assertThat(c.preferred()).isEqualTo(PreferredServer.PREFER_MASTER);
        assertThat(c.healthCheckPort()).isEqualTo(8444);
        assertThat(c.peerPort()).isEqualTo(6973);
        assertThat(c.apiPort()).isEqualTo(8443);
        assertThat(c.healthCheckAllInterfaces()).isFalse();
        assertThat(c.healthCheckBindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.timing().heartbeatInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.dnsReceiveBuffer()).isEqualTo(1024 * 1024);
        assertThat(c.timing().deadAfter()).isEqualTo(Duration.ofMillis(800));
        assertThat(c.timing().unconnectedAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.timing().slaveStartWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.probeSources().counts("168.63.129.16")).as("Azure's probe source").isTrue();
        assertThat(c.probeSources().counts("10.0.0.9")).isFalse();
        assertThat(c.chrony()).as("Debian's chrony, through chronyc's own choice of socket")
                .isEqualTo(new ChronyHost(Path.of("/etc/chrony/sources.d/hanode.sources"), "chronyc", null,
                        Duration.ofSeconds(30)));
        assertThat(List.of(c.ip(), c.ethtool())).as("Debian's iproute2 and ethtool, from PATH")
                .containsExactly("ip", "ethtool");
        assertThat(c.tcpdump()).as("Debian's tcpdump, from PATH").isEqualTo("tcpdump");
    }

    @Test
    void packetCapturesRunTheTcpdumpGiven() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("tcpdump", "/usr/local/sbin/tcpdump"), "h");

        assertThat(c.tcpdump()).isEqualTo("/usr/local/sbin/tcpdump");
    }

    @Test
    void theNetworkIsDrivenWithTheProgramsGiven() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("ip", "/usr/sbin/ip", "ethtool",
                "/usr/sbin/ethtool"), "h");

        assertThat(List.of(c.ip(), c.ethtool())).containsExactly("/usr/sbin/ip", "/usr/sbin/ethtool");
        assertThat(c.naming()).as("systemd's hostnamectl, and the host's resolver file")
                .isEqualTo(new NamingHost(List.of("hostnamectl", "set-hostname"), Path.of("/etc/resolv.conf")));
    }

    @Test
    void theHostNameCommandIsSplitIntoWordsAndTheResolverFileIsTheOneGiven() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("hostname-command",
                " /usr/bin/hostnamectl  --static set-hostname ", "resolv-conf", "/srv/ns/resolv.conf"), "h");

        assertThat(c.naming()).isEqualTo(new NamingHost(List.of("/usr/bin/hostnamectl", "--static", "set-hostname"),
                Path.of("/srv/ns/resolv.conf")));
    }

    @Test
    void chronycIsRunAtTheSocketGivenAndItsSourcesGoToTheFileGiven() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("chrony-sources-file", "/srv/chrony/ha.sources",
                "chronyc", "/usr/local/bin/chronyc", "chrony-socket", "/srv/chrony/chronyd.sock",
                "clock-check-interval", "5s"), "h");

        assertThat(c.chrony()).isEqualTo(new ChronyHost(Path.of("/srv/chrony/ha.sources"), "/usr/local/bin/chronyc",
                Path.of("/srv/chrony/chronyd.sock"), Duration.ofSeconds(5)));
    }

    @Test
    void aConfiguredSlaveStartWaitIsHowLongAStartingSlaveThatNeverHearsItsMasterAnswers503() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("ha-mode", "slave", "slave-start-wait", "3s"), "h");
        long t0 = 1_000_000;
        RoleMachine slave = new RoleMachine(new NodeIdentity("h", HaMode.SLAVE, c.preferred(), "1.0.0",
                c.healthCheckPort()), c.timing(), t0);

        for (long t = t0 + 10; t < t0 + 2_990; t += 10) {
            slave.on(new RoleEvent.Tick(), t);
        }
        assertThat(slave.activity()).as("still inside the configured 3 s").isEqualTo(Activity.STANDBY);
        for (long t = t0 + 2_990; t <= t0 + 3_100; t += 10) {
            slave.on(new RoleEvent.Tick(), t);
        }
        assertThat(slave.activity()).as("serving alone once the configured 3 s have passed").isEqualTo(Activity.ACTIVE);
    }

    @Test
    void probeSourcesCountOnlyTheListedAddressesAndNetworksOrEveryoneForAny() throws Exception {
        ProbeSources listed = ConfigLoader.load(null, Map.of(), masterFlags("probe-sources",
                "10.0.1.0/24, 10.0.2.7,fd00::/64"), "h").probeSources();
        ProbeSources any = ConfigLoader.load(null, Map.of(), masterFlags("probe-sources", "any"), "h").probeSources();

        assertThat(listed.counts("10.0.1.200")).isTrue();
        assertThat(listed.counts("10.0.2.7")).isTrue();
        assertThat(listed.counts("fd00::99")).isTrue();
        assertThat(listed.counts("10.0.2.8")).isFalse();
        assertThat(listed.counts("168.63.129.16")).isFalse();
        assertThat(any.counts("192.0.2.1")).isTrue();
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "node-name: from-file\npeer-port: 7001\napi-port: 9443\nadmin-password: pw\n");
        Map<String, String> env = Map.of("HANODE_PEER_PORT", "7002", "HANODE_NODE_NAME", "from-env", "UNRELATED", "x");

        NodeConfig c = ConfigLoader.load(file, env, flags("node-name", "from-flag"), "host");

        assertThat(c.nodeName()).isEqualTo("from-flag");
        assertThat(c.peerPort()).isEqualTo(7002);
        assertThat(c.apiPort()).isEqualTo(9443);
    }

    @Test
    void savedHaParametersSitBetweenFileAndEnvironment() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "switch-to-preferred: prefer-master\nhealth-check-port: 8444\nadmin-password: pw\n");
        Map<ConfigKey, String> saved = flags("switch-to-preferred", "none", "health-check-port", "9444");

        NodeConfig c = ConfigLoader.load(file, saved, Map.of("HANODE_HEALTH_CHECK_PORT", "7444"), Map.of(), "h");

        assertThat(c.preferred()).isEqualTo(PreferredServer.NONE);
        assertThat(c.healthCheckPort()).isEqualTo(7444);
    }

    @Test
    void thePartnersUiIsItsOwnAddressUnlessTheBalancersNatRuleIsGiven() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), masterFlags(), "h").partnerUiUrl())
                .isEqualTo("https://10.0.0.5:8443");
        assertThat(ConfigLoader.load(null, Map.of(), masterFlags("partner", "fd00::5", "primary-address", "fd00::4"), "h")
                .partnerUiUrl()).isEqualTo("https://[fd00::5]:8443");
        assertThat(ConfigLoader.load(null, Map.of(), masterFlags("partner-ui-url", "https://10.0.0.100:8442/"), "h")
                .partnerUiUrl()).isEqualTo("https://10.0.0.100:8442");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "partner|10.0.0.300|partner (from flag --partner): '10.0.0.300' is not an IPv4 or IPv6 address",
        "partner|db_example!|partner (from flag --partner): 'db_example!' is not an IPv4 or IPv6 address, nor a DNS name; use the partner's private address, e.g. 10.0.0.5, or its name",
        "health-check-port|70000|health-check-port (from flag --health-check-port): '70000' is not a port; use a number from 1 to 65535",
        "peer-port|0|is not a port",
        "ha-mode|primary|ha-mode (from flag --ha-mode): 'primary' is not valid; use master, slave or none",
        "switch-to-preferred|always|use prefer-master or none",
        "heartbeat-interval|fast|is not a duration; use a number with ms, s or m",
        "partner-dead-after|100ms|need heartbeat-interval < partner-suspect-after < partner-dead-after",
        "pairing-secret|short|pairing-secret (from flag --pairing-secret) is too short",
        "partner|10.0.0.4|is this node's own primary-address 10.0.0.4; set partner to the other node's address",
        "health-check-all-interfaces|maybe|is not a boolean; use true or false",
        "handover-probes|-1|is not a count",
        "dns-receive-buffer|2g|dns-receive-buffer (from flag --dns-receive-buffer): '2g' is not a size; use bytes, or a number with k or m, from 16k to 256m",
        "dns-receive-buffer|1k|is not a size",
        "dns-receive-buffer|1 m|is not a size",
        "tls-cert|/nonexistent.pem|tls-cert and tls-key go together",
        "partner-fingerprint|AB:CD|partner-fingerprint (from flag --partner-fingerprint): 'AB:CD' is not a SHA-256 fingerprint; copy it from GET /api/v1/pairing",
        "partner-fingerprint|1111111111111111111111111111111111111111111111111111111111111111,2222222222222222222222222222222222222222222222222222222222222222,3333333333333333333333333333333333333333333333333333333333333333|lists 3 fingerprints; give the partner's current one, and its next one only while its certificate is being rotated",
        "partner-ui-url|http://10.0.0.100:8442|partner-ui-url (from flag --partner-ui-url): 'http://10.0.0.100:8442' is not an https URL",
        "partner-ui-url|10.0.0.100:8442|give one like https://10.0.0.100:8442",
        "probe-sources|azure|probe-sources (from flag --probe-sources): 'azure' is not valid; use any, or addresses and CIDR networks",
        "probe-sources|10.0.1.0/33|'10.0.1.0/33' is not valid",
        "probe-sources|10.0.1.0/24,|e.g. 168.63.129.16 (Azure) or 10.0.1.0/24, 10.0.2.0/24 (the subnets of an AWS NLB)",
        "probe-sources|any, 10.0.0.1|is not valid",
        "chrony-sources-file|hanode.sources|chrony-sources-file (from flag --chrony-sources-file): 'hanode.sources' is not the absolute path of a *.sources file",
        "chrony-sources-file|/etc/chrony/sources.d/hanode.conf|chronyd reads only files named NAME.sources from its sourcedir directories",
        "chronyc|chronyc -h /run/chrony/chronyd.sock|chronyc (from flag --chronyc): 'chronyc -h /run/chrony/chronyd.sock' is not a program; give chronyc alone",
        "chrony-socket|run/chrony/chronyd.sock|chrony-socket (from flag --chrony-socket): 'run/chrony/chronyd.sock' is not an absolute path",
        "clock-check-interval|500ms|clock-check-interval (from flag --clock-check-interval): '500ms' is out of range; use 1s to 1h",
        "ip|ip -n ns1|ip (from flag --ip): 'ip -n ns1' is not a program; give ip alone",
        "ip|''|ip (from flag --ip): '' is not a program",
        "ethtool|ethtool -s eth0|ethtool (from flag --ethtool): 'ethtool -s eth0' is not a program; give ethtool alone",
        "tcpdump|tcpdump -i eth0|tcpdump (from flag --tcpdump): 'tcpdump -i eth0' is not a program; give tcpdump alone",
        "hostname-command|hostnamectl \"set-hostname\"|hostname-command (from flag --hostname-command): 'hostnamectl \"set-hostname\"' is not a command; give the program and its arguments separated by spaces, without quotes",
        "hostname-command|hostname\\ -b|is not a command",
        "resolv-conf|resolv.conf|resolv-conf (from flag --resolv-conf): 'resolv.conf' is not the absolute path of a file; give the resolver's file",
        "health-check-interval|500ms|health-check-interval (from flag --health-check-interval): '500ms' is out of range; use 1s to 1h",
        "health-disk-free-warning|120|health-disk-free-warning (from flag --health-disk-free-warning): '120' is not valid; use a percentage from 0 to 100",
        "health-disk-free-critical|30|health-disk-free-critical (from flag --health-disk-free-critical): '30' is above health-disk-free-warning (20)",
        "health-memory-available-warning|lots|health-memory-available-warning (from flag --health-memory-available-warning): 'lots' is not valid; use a percentage",
        "health-memory-available-critical|11%|'11%' is above health-memory-available-warning (10)",
        "health-load-warning|0|health-load-warning (from flag --health-load-warning): '0' is not valid; use a number above 0 (load per CPU)",
        "health-cpu-steal-warning|-1|health-cpu-steal-warning (from flag --health-cpu-steal-warning): '-1' is not valid; use a percentage",
        "health-certificate-warning-days|30d|health-certificate-warning-days (from flag --health-certificate-warning-days): '30d' is not valid; use a whole number of days",
        "sync-lag-warning|500ms|sync-lag-warning (from flag --sync-lag-warning): '500ms' is too short; use at least 1s",
        "self-check|tcp:10.0.0.9|self-check (from flag --self-check): 'tcp:10.0.0.9' entry 'tcp:10.0.0.9' has no port; use gateway, icmp:ADDRESS or tcp:ADDRESS:PORT (tcp:[IPv6]:PORT)",
        "self-check|icmp:router.local|entry 'icmp:router.local' has no IPv4 or IPv6 address ('router.local'; names are not resolved)",
        "self-check|tcp:fd00::9:80|has an IPv6 address without brackets",
        "self-check|tcp:10.0.0.9:70000|has no port from 1 to 65535 ('70000')",
        "self-check|ping:10.0.0.1|entry 'ping:10.0.0.1' is no target",
        "self-check|gateway, gateway|lists gateway twice; name each target once",
        "self-check|icmp:10.0.0.1,icmp:10.0.0.2,icmp:10.0.0.3,icmp:10.0.0.4,icmp:10.0.0.5,icmp:10.0.0.6,icmp:10.0.0.7,icmp:10.0.0.8,icmp:10.0.0.9|lists 9 targets; at most 8 are checked",
        "self-check-interval|100ms|self-check-interval (from flag --self-check-interval): '100ms' is out of range; use 500ms to 1m",
        "self-check-timeout|2s|self-check-timeout (from flag --self-check-timeout): '2s' must be above 0 and shorter than self-check-interval (2000 ms)",
        "ping|ping -c 1|ping (from flag --ping): 'ping -c 1' is not a program; give ping alone",
    })
    void invalidValueIsReportedWithTheKeyAndTheFix(String key, String value, String expected) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), masterFlags(key, value), "h"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(expected);
    }

    @Test
    void healthThresholdsDefaultAsDocumentedAndTakeTheGivenValues() throws Exception {
        NodeConfig defaults = ConfigLoader.load(null, Map.of(), masterFlags(), "h");
        NodeConfig given = ConfigLoader.load(null, Map.of(), masterFlags("health-check-interval", "1s",
                "health-disk-free-warning", "100%", "health-disk-free-critical", "100", "health-memory-available-warning",
                "12.5", "health-memory-available-critical", "0", "health-load-warning", "1.5", "health-cpu-steal-warning",
                "5", "health-certificate-warning-days", "7", "sync-lag-warning", "2s"), "h");

        assertThat(defaults.health()).isEqualTo(new HealthSettings(Duration.ofSeconds(5),
                new HealthThresholds(20, 5, 10, 3, 2, 20, 30, 30_000)));
        assertThat(given.health()).isEqualTo(new HealthSettings(Duration.ofSeconds(1),
                new HealthThresholds(100, 100, 12.5, 0, 1.5, 5, 7, 2_000)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"65536, 65536", "512k, 524288", "4M, 4194304"})
    void theDnsReceiveBufferIsGivenInBytesKibibytesOrMebibytes(String value, int bytes) throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), masterFlags("dns-receive-buffer", value), "h").dnsReceiveBuffer())
                .isEqualTo(bytes);
    }

    @Test
    void theSelfCheckIsOffUnlessTargetsAreGivenAndChecksEveryTwoSecondsWithinOne() throws Exception {
        NodeConfig off = ConfigLoader.load(null, Map.of(), masterFlags(), "h");
        assertThat(off.selfCheck().on()).isFalse();
        assertThat(off.selfCheck().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(off.selfCheck().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(off.selfCheck().ping()).isEqualTo("ping");

        NodeConfig on = ConfigLoader.load(null, Map.of(), masterFlags("self-check",
                "gateway, icmp:10.0.0.1, tcp:10.0.0.9:443, tcp:[FD00::9]:80", "self-check-interval", "500ms",
                "self-check-timeout", "300ms", "ping", "/usr/bin/ping"), "h");
        assertThat(on.selfCheck().targets()).extracting(CheckTarget::key)
                .containsExactly("gateway", "icmp:10.0.0.1", "tcp:10.0.0.9:443", "tcp:[fd00::9]:80");
        assertThat(on.selfCheck().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(on.selfCheck().timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(on.selfCheck().ping()).isEqualTo("/usr/bin/ping");
    }

    @Test
    void theBalancerSelfCheckIsOffUnlessATopologyIsGivenAndRunsEveryFiveMinutes() throws Exception {
        NodeConfig off = ConfigLoader.load(null, Map.of(), masterFlags(), "h");
        assertThat(off.balancerCheckTopology()).isNull();
        assertThat(off.balancerCheckInterval()).isEqualTo(Duration.ofMinutes(5));

        Path topology = balancerTopology("provider: azure\nnode1: {address: 10.0.0.4}\nnode2: {address: 10.0.0.5}\n");
        NodeConfig on = ConfigLoader.load(null, Map.of(), masterFlags("balancer-check-topology", topology.toString(),
                "balancer-check-interval", "30s"), "h");
        assertThat(on.balancerCheckTopology()).isEqualTo(topology);
        assertThat(on.balancerCheckInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "provider: azure\\nnode1: {address: 10.0.0.4}\\nnode2: {address: 10.0.0.5}\\nazure: {resourceGroop: rg}"
            + "|azure.resourceGroop: unknown setting; check the spelling",
        "provider: gcp|provider: 'gcp' is not supported; use one of: aws, azure",
        "node1: {address: 10.0.0.4}|provider: missing; name the cloud, e.g. provider: azure",
        "provider: azure\\nnode1: {address: 10.0.0.4|is not valid YAML",
    })
    void anUnusableBalancerTopologyStopsTheStartNamingTheKeyAndTheSetting(String yaml, String expected)
            throws IOException {
        Path topology = balancerTopology(yaml.replace("\\n", "\n"));

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), masterFlags("balancer-check-topology",
                topology.toString()), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("balancer-check-topology"))
                .hasMessageContaining("balancer-check-topology (from flag --balancer-check-topology): '" + topology
                        + "' is not a usable topology file: " + (expected.startsWith("is not") ? "" : expected))
                .hasMessageContaining(expected);
    }

    @Test
    void aBalancerTopologyThatNamesNeitherNodeAddressIsRefused() throws IOException {
        Path topology = balancerTopology("provider: azure\nnode1: {address: 10.0.0.7}\nnode2: {address: 10.0.0.5}\n");

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), masterFlags("balancer-check-topology",
                topology.toString()), "h"))
                .hasMessageContaining("'" + topology + "' does not name this node: neither node1.address (10.0.0.7)"
                        + " nor node2.address (10.0.0.5) is its primary-address 10.0.0.4");
    }

    @Test
    void aMissingBalancerTopologyOrATooShortIntervalIsRefusedWithTheFix() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), masterFlags("balancer-check-topology",
                dir.resolve("none.yaml").toString(), "balancer-check-interval", "10s"), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("balancer-check-topology", "balancer-check-interval"))
                .hasMessageContaining("is not a readable file; give the path of the pair's topology file")
                .hasMessageContaining("balancer-check-interval (from flag --balancer-check-interval): '10s' is too"
                        + " short; use at least 30s");
    }

    private Path balancerTopology(String yaml) throws IOException {
        return Files.writeString(dir.resolve("cloud-topology.yaml"), yaml);
    }

    @Test
    void partnerGivenByNameIsResolvedAtStartAndKeptAsConfigured() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("partner", "localhost"), "host-a");

        assertThat(c.partner()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(c.partnerName()).isEqualTo("localhost");
        assertThat(c.partnerAsConfigured()).isEqualTo("localhost");
        NodeConfig byAddress = ConfigLoader.load(null, Map.of(), masterFlags(), "host-a");
        assertThat(byAddress.partnerName()).isNull();
        assertThat(byAddress.partnerAsConfigured()).isEqualTo("10.0.0.5");
    }

    @Test
    void partnerFingerprintTakesTwoDuringARotationWithOrWithoutColons() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("partner-fingerprint",
                "ab".repeat(32) + ", " + "CD:".repeat(31) + "CD"), "host-a");

        assertThat(c.partnerFingerprints()).extracting(Object::toString)
                .containsExactly("AB:".repeat(31) + "AB", "CD:".repeat(31) + "CD");
        assertThat(ConfigLoader.load(null, Map.of(), masterFlags(), "host-a").partnerFingerprints()).isEmpty();
    }

    @Test
    void missingPairingSecretWithHaOnNamesEveryWayToSetIt() {
        Map<ConfigKey, String> f = masterFlags();
        f.remove(ConfigKey.PAIRING_SECRET);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), f, "h"))
                .hasMessageContaining("pairing-secret is missing")
                .hasMessageContaining("flag --pairing-secret")
                .hasMessageContaining("HANODE_PAIRING_SECRET");
    }

    @Test
    void invalidPartnerIsReportedOnceNotAlsoAsMissing() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), masterFlags("partner", "10.0.0.300"), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("partner"))
                .hasMessageNotContaining("missing");
    }

    @Test
    void missingPartnerWithHaOnIsAnError() {
        Map<ConfigKey, String> f = masterFlags();
        f.remove(ConfigKey.PARTNER);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), f, "h"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("partner"));
    }

    @Test
    void unknownKeyInTheFileSuggestsTheNearestKey() throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "partnr: 10.0.0.5\nadmin-password: pw\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), "h"))
                .hasMessageContaining("unknown key 'partnr' in " + file + "; did you mean 'partner'?");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
                flags("ha-mode", "master", "peer-port", "x", "api-port", "99999"), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .contains("peer-port", "api-port", "partner", "pairing-secret", "admin-password"));
    }

    @Test
    void unreadableFileIsAClearError() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of(), "h"))
                .hasMessageContaining("cannot read configuration file").hasMessageContaining("--config");
    }

    @Test
    void secretsNeverAppearInTheConfigurationsText() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("admin-password", "hunter2-password"), "h");

        assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("hunter2-password");
    }

    @Test
    void ipv6AddressesAreAccepted() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), masterFlags("partner", "fd00::5", "primary-address", "fd00::4"), "h");

        assertThat(c.partner()).isEqualTo("fd00::5");
    }

    @Test
    void peekRanksFlagsAboveTheEnvironmentAsLoadDoes() throws Exception {
        Map<String, String> env = Map.of("HANODE_DATA_DIR", "/a");
        Map<ConfigKey, String> f = flags("data-dir", "/b", "admin-password", "pw");

        assertThat(ConfigLoader.peek(ConfigKey.DATA_DIR, null, env, f)).isEqualTo("/b");
        assertThat(ConfigLoader.load(null, env, f, "h").dataDir()).isEqualTo(Path.of("/b"));
    }

    @Test
    void peekRanksTheEnvironmentAboveTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "data-dir: /from-file\n");

        assertThat(ConfigLoader.peek(ConfigKey.DATA_DIR, file, Map.of("HANODE_DATA_DIR", "/a"), Map.of())).isEqualTo("/a");
        assertThat(ConfigLoader.peek(ConfigKey.DATA_DIR, file, Map.of(), Map.of())).isEqualTo("/from-file");
    }

    @Test
    void aDataDirTooLongForHaproxysSocketPathIsRefusedBeforeAnythingStarts() {
        String tooLong = "/var/lib/" + "d".repeat(70);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), masterFlags("data-dir", tooLong), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("data-dir"))
                .hasMessageContaining("is too long: HAProxy's socket data-plane/haproxy-master.sock in it would be 110 bytes")
                .hasMessageContaining("choose a shorter directory");
        assertThat(catchThrowable(() -> ConfigLoader.load(null, Map.of(), masterFlags("data-dir", "/var/lib/"
                + "d".repeat(57)), "h"))).as("97 bytes fit").isNull();
    }

    @Test
    void unknownHanodeVariableIsRefusedWithTheClosestName() {
        Map<String, String> env = Map.of("HANODE_PARTNER_DEAD_AFTR", "2s");

        assertThatThrownBy(() -> ConfigLoader.load(null, env, masterFlags(), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("HANODE_PARTNER_DEAD_AFTR"))
                .hasMessageContaining("unknown environment variable HANODE_PARTNER_DEAD_AFTR")
                .hasMessageContaining("did you mean 'HANODE_PARTNER_DEAD_AFTER'?");
    }

    @Test
    void variablesOfTheLauncherAndTheLoggerAreNotTakenForTypos() throws Exception {
        Map<String, String> env = Map.of("HANODE_JAVA_OPTS", "-Xmx256m", "HANODE_LOG_LEVEL", "DEBUG", "PATH", "/bin");

        assertThat(ConfigLoader.load(null, env, masterFlags(), "h").nodeName()).isEqualTo("h");
    }

    private Path secretFile(String name, String content, String mode) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void secretsAreReadFromFilesLessTheTrailingNewline() throws Exception {
        Path secret = secretFile("secret", SECRET + "\n", "rw-------");
        Path password = secretFile("password", "pass word\r\n", "r--------");
        Map<ConfigKey, String> f = masterFlags("pairing-secret-file", secret.toString());
        f.remove(ConfigKey.PAIRING_SECRET);
        f.remove(ConfigKey.ADMIN_PASSWORD);

        NodeConfig c = ConfigLoader.load(null, Map.of("HANODE_ADMIN_PASSWORD_FILE", password.toString()), f, "h");

        assertThat(c.pairingSecret()).isEqualTo(SECRET);
        assertThat(c.adminPassword()).isEqualTo("pass word");
        assertThat(c.sourceOf(ConfigKey.PAIRING_SECRET).toString())
                .isEqualTo("file " + secret + " named by flag --pairing-secret-file");
    }

    @Test
    void secretFileThatOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path secret = secretFile("secret", SECRET, "rw-r--r--");
        Map<ConfigKey, String> f = masterFlags("pairing-secret-file", secret.toString());
        f.remove(ConfigKey.PAIRING_SECRET);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), f, "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("pairing-secret-file"))
                .hasMessageContaining("pairing-secret-file (from flag --pairing-secret-file): '" + secret
                        + "' is readable by group or others (rw-r--r--); run 'chmod 600 " + secret + "'");
    }

    @Test
    void missingSecretFileIsNamed() {
        Map<ConfigKey, String> f = masterFlags("admin-password-file", dir.resolve("nope").toString());
        f.remove(ConfigKey.ADMIN_PASSWORD);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), f, "h"))
                .hasMessageContaining("admin-password-file (from flag --admin-password-file): '" + dir.resolve("nope")
                        + "' does not exist");
    }

    @Test
    void aSecretGivenBothAsValueAndAsFileIsAnError() throws Exception {
        Path password = secretFile("password", "pw2", "rw-------");
        Path file = Files.writeString(dir.resolve("node.yaml"), "admin-password-file: " + password + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), masterFlags(), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("admin-password"))
                .hasMessageContaining("admin-password is given twice: as a value (from flag --admin-password) and as a"
                        + " file (admin-password-file from " + file + "); keep only admin-password-file");
    }

    @Test
    void yamlSyntaxErrorNamesTheLineAndKeyButNeverQuotesTheLine() throws Exception {
        String secret = "s3cr3t-value-0123456789";
        Path file = Files.writeString(dir.resolve("node.yaml"),
                "ha-mode: master\npairing-secret: " + secret + ": oops\nadmin-password: pw\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), "h"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration file " + file + " is not valid YAML at line 2")
                .hasMessageContaining("(key 'pairing-secret')")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void yamlEscapeErrorDoesNotEchoThePartOfTheValueItQuotes() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "admin-password: \"ab\\xs3cr3tpw\"\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), "h"))
                .hasMessageContaining("line 1").hasMessageContaining("(key 'admin-password')").hasMessageNotContaining("s3");
    }

    @Test
    void everyValueKnowsWhereItCameFrom() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "partner: 10.0.0.5\nadmin-password: pw\n");
        Map<ConfigKey, String> saved = flags("switch-to-preferred", "none", "health-check-port", "9444");

        NodeConfig c = ConfigLoader.load(file, saved, Map.of("HANODE_HEALTH_CHECK_PORT", "7444"),
                flags("ha-mode", "master", "pairing-secret", SECRET, "primary-address", "10.0.0.4"), "h");

        assertThat(c.sourceOf(ConfigKey.HA_MODE)).isEqualTo(new ValueSource(ValueSource.Kind.FLAG, "flag --ha-mode"));
        assertThat(c.sourceOf(ConfigKey.HEALTH_CHECK_PORT).kind()).isEqualTo(ValueSource.Kind.ENVIRONMENT);
        assertThat(c.sourceOf(ConfigKey.SWITCH_TO_PREFERRED).kind()).isEqualTo(ValueSource.Kind.SAVED);
        assertThat(c.sourceOf(ConfigKey.PARTNER)).isEqualTo(new ValueSource(ValueSource.Kind.CONFIG_FILE, file.toString()));
        assertThat(c.sourceOf(ConfigKey.HEALTH_CHECK_ALL_INTERFACES)).isEqualTo(ValueSource.DEFAULT);
    }
}
