package io.hapair.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hapair.geo.IpAddress;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.health.model.HealthThresholds;
import io.hapair.node.naming.NamingHost;
import io.hapair.node.ntp.ChronyHost;
import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.role.RoleTiming;
import io.hapair.node.selfcheck.SelfCheckSettings;
import io.hapair.node.selfcheck.model.CheckTarget;
import io.hapair.node.validation.FieldError;
import io.hapair.node.witness.WitnessSettings;
import io.hapair.node.witness.WitnessType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the one {@link NodeConfig} from, in rising priority, the YAML file, the HA parameters saved
 * through the API, the environment ({@code HANODE_*}) and flags. Nothing else reads configuration.
 * All problems are reported at once, each naming the key, where its value came from and how to fix it.
 */
public final class ConfigLoader {

    // HAProxy 2.6 refuses a UNIX socket path over 97 bytes (sun_path's 108 less room for the temporary
    // name it binds first); measured with haproxy -c.
    private static final int MAX_SOCKET_PATH = 97;

    private static final int MIN_SECRET_LENGTH = 16;
    private static final Duration MIN_BALANCER_CHECK_INTERVAL = Duration.ofSeconds(30);
    // A check a few times a second would be a flood to a gateway; one a minute finds a lost network too late.
    private static final Duration MIN_SELF_CHECK_INTERVAL = Duration.ofMillis(500);
    private static final Duration MAX_SELF_CHECK_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MIN_CLOCK_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_CLOCK_CHECK_INTERVAL = Duration.ofHours(1);
    private static final Duration MIN_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_HEALTH_CHECK_INTERVAL = Duration.ofHours(1);
    private static final Duration MIN_SYNC_LAG_WARNING = Duration.ofSeconds(1);
    private static final Duration MIN_NETWORK_CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_NETWORK_CONFIRM_TIMEOUT = Duration.ofHours(1);
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})([km]?)", Pattern.CASE_INSENSITIVE);
    // Linux's least socket buffer is about 4.6 KiB; below 16 KiB a UDP socket would hold a handful of queries.
    private static final long MIN_SOCKET_BUFFER = 16 * 1024;
    // What an int socket option holds with room for the kernel's doubling of the value.
    private static final long MAX_SOCKET_BUFFER = 256 * 1024 * 1024;
    // Azure's container naming rules; the blob name is left to the service.
    private static final Pattern BLOB_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}/.+");
    private static final String ENV_PREFIX = "HANODE_";
    // RFC 1123 host names: labels of letters, digits and inner hyphens, 253 characters at most.
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern SOURCES_FILE = Pattern.compile("[^/]+\\.sources");
    // The command runs without a shell: a quote or a backslash would reach the program as it is.
    private static final Pattern COMMAND = Pattern.compile("[^'\"\\\\]+");
    /**
     * HANODE_* variables that are not configuration keys but are read by something else, so they are
     * not refused as typos: the ./hanode launcher's JVM options and the log level (LogConfigurator).
     */
    private static final Set<String> NOT_CONFIG_VARIABLES = Set.of("HANODE_JAVA_OPTS", "HANODE_LOG_LEVEL");

    private record Value(String text, ValueSource source) {
    }

    private final Map<ConfigKey, Value> values = new EnumMap<>(ConfigKey.class);
    private final List<FieldError> errors = new ArrayList<>();

    private ConfigLoader() {
    }

    /**
     * @param file     YAML file, or null when none was given
     * @param env      the process environment (only {@code HANODE_*} variables are read)
     * @param flags    values given as command-line flags
     * @param hostName default for node-name
     */
    public static NodeConfig load(Path file, Map<String, String> env, Map<ConfigKey, String> flags, String hostName)
            throws ConfigException {
        return load(file, Map.of(), env, flags, hostName);
    }

    /**
     * As {@link #load(Path, Map, Map, String)}, with the HA parameters saved through the API layered
     * over the file and under the environment and flags.
     */
    public static NodeConfig load(Path file, Map<ConfigKey, String> saved, Map<String, String> env,
                                  Map<ConfigKey, String> flags, String hostName) throws ConfigException {
        ConfigLoader loader = layered(file, saved, env, flags);
        loader.readSecretFiles();
        NodeConfig config = loader.build(hostName);
        if (!loader.errors.isEmpty()) {
            throw new ConfigException(loader.errors);
        }
        return config;
    }

    /**
     * The value of one key from the file, environment and flags, with the same precedence as {@link #load},
     * unvalidated (null when unset and no default). Other problems are left for {@link #load} to report.
     */
    public static String peek(ConfigKey key, Path file, Map<String, String> env, Map<ConfigKey, String> flags)
            throws ConfigException {
        return layered(file, Map.of(), env, flags).text(key);
    }

    /** The one precedence rule: each layer overwrites the one before. */
    private static ConfigLoader layered(Path file, Map<ConfigKey, String> saved, Map<String, String> env,
                                        Map<ConfigKey, String> flags) throws ConfigException {
        ConfigLoader loader = new ConfigLoader();
        if (file != null) {
            loader.readFile(file);
        }
        saved.forEach((key, text) -> loader.values.put(key,
                new Value(text, new ValueSource(ValueSource.Kind.SAVED, "saved HA parameters"))));
        loader.readEnvironment(env);
        flags.forEach((key, text) -> loader.values.put(key,
                new Value(text, new ValueSource(ValueSource.Kind.FLAG, "flag " + key.flag()))));
        return loader;
    }

    private void readEnvironment(Map<String, String> env) {
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || NOT_CONFIG_VARIABLES.contains(name)) {
                continue;
            }
            var key = java.util.Arrays.stream(ConfigKey.values()).filter(k -> k.envVar().equals(name)).findFirst();
            if (key.isPresent()) {
                values.put(key.get(), new Value(variable.getValue(),
                        new ValueSource(ValueSource.Kind.ENVIRONMENT, "environment variable " + name)));
            } else {
                error(name, "unknown environment variable " + name + KeySuggestion.closest(name, ConfigKey::envVar)
                        + " (unset it, or rename it to the key it was meant for)");
            }
        }
    }

    /** Replaces each secret's file key (pairing-secret-file, ...) by the secret it holds. */
    private void readSecretFiles() {
        for (ConfigKey secret : List.of(ConfigKey.PAIRING_SECRET, ConfigKey.PAIRING_SECRET_PREVIOUS,
                ConfigKey.ADMIN_PASSWORD)) {
            ConfigKey fileKey = secret.fileKey().orElseThrow();
            Value file = values.get(fileKey);
            if (file == null || file.text().isBlank()) {
                continue;
            }
            if (values.containsKey(secret)) {
                error(secret.key(), secret.key() + " is given twice: as a value (" + source(secret) + ") and as a file ("
                        + fileKey.key() + " " + source(fileKey) + "); keep only " + fileKey.key()
                        + ", which stays out of ps and the environment");
                continue;
            }
            Path path = Path.of(file.text().trim());
            try {
                values.put(secret, new Value(SecretFile.read(path), new ValueSource(file.source().kind(),
                        "file " + path + " named by " + file.source())));
            } catch (SecretFile.Refused e) {
                error(fileKey.key(), fileKey.key() + " (" + source(fileKey) + "): '" + path + "' " + e.getMessage());
            }
        }
    }

    private void readFile(Path file) throws ConfigException {
        JsonNode root;
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage()
                    + "; give a readable YAML file with --config");
        }
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(YamlSyntaxError.describe(file, text, e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException("configuration file " + file + " must be a YAML mapping of key: value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            var key = ConfigKey.byKey(field.getKey());
            if (key.isEmpty()) {
                error(field.getKey(), "unknown key '" + field.getKey() + "' in " + file
                        + KeySuggestion.closest(field.getKey(), ConfigKey::key));
            } else if (!field.getValue().isValueNode()) {
                error(field.getKey(), field.getKey() + " (in " + file + ") must be a single value, not a list or mapping");
            } else if (!field.getValue().isNull()) {
                values.put(key.get(), new Value(field.getValue().asText(),
                        new ValueSource(ValueSource.Kind.CONFIG_FILE, file.toString())));
            }
        }
    }

    private NodeConfig build(String hostName) {
        HaMode mode = parse(ConfigKey.HA_MODE, HaMode::fromKey, HaMode.NONE, "use master, slave or none");
        PreferredServer preferred = parse(ConfigKey.SWITCH_TO_PREFERRED, PreferredServer::fromKey,
                PreferredServer.PREFER_MASTER, "use prefer-master or none");
        String name = text(ConfigKey.NODE_NAME);
        String nodeName = name == null || name.isBlank() ? hostName : name;
        String primary = address(ConfigKey.PRIMARY_ADDRESS);
        String partner = partner();
        int checkPort = port(ConfigKey.HEALTH_CHECK_PORT);
        int peerPort = port(ConfigKey.PEER_PORT);
        int partnerPeerPort = values.containsKey(ConfigKey.PARTNER_PEER_PORT) ? port(ConfigKey.PARTNER_PEER_PORT) : peerPort;
        int apiPort = port(ConfigKey.API_PORT);
        int dnsPort = port(ConfigKey.DNS_PORT);
        int dnsReceiveBuffer = size(ConfigKey.DNS_RECEIVE_BUFFER);
        String dnsAddress = values.containsKey(ConfigKey.DNS_ADDRESS) ? address(ConfigKey.DNS_ADDRESS) : primary;
        Duration geoPoll = duration(ConfigKey.GEO_POLL_INTERVAL);
        Duration geoPollTimeout = duration(ConfigKey.GEO_POLL_TIMEOUT);
        Duration geoSync = duration(ConfigKey.GEO_SYNC_INTERVAL);
        String partnerUi = partnerUiUrl(partner, apiPort);
        if (geoPoll != null && geoPollTimeout != null && geoPollTimeout.compareTo(geoPoll) >= 0) {
            error(ConfigKey.GEO_POLL_TIMEOUT.key(), "geo-poll-timeout (" + source(ConfigKey.GEO_POLL_TIMEOUT)
                    + ") must be shorter than geo-poll-interval (" + source(ConfigKey.GEO_POLL_INTERVAL)
                    + "); lower the timeout or raise the interval");
        }
        boolean allInterfaces = bool(ConfigKey.HEALTH_CHECK_ALL_INTERFACES);
        String secret = text(ConfigKey.PAIRING_SECRET);
        String previousSecret = blankToNull(text(ConfigKey.PAIRING_SECRET_PREVIOUS));
        String password = text(ConfigKey.ADMIN_PASSWORD);
        Duration interval = duration(ConfigKey.HEARTBEAT_INTERVAL);
        Duration suspect = duration(ConfigKey.PARTNER_SUSPECT_AFTER);
        Duration dead = duration(ConfigKey.PARTNER_DEAD_AFTER);
        Duration unconnected = duration(ConfigKey.UNCONNECTED_AFTER);
        Duration slaveStartWait = duration(ConfigKey.SLAVE_START_WAIT);
        ProbeSources probeSources = parse(ConfigKey.PROBE_SOURCES, t -> ProbeSources.parse(t).orElseThrow(
                IllegalArgumentException::new), null, "use any, or addresses and CIDR networks separated by commas,"
                + " e.g. " + ProbeSources.AZURE + " (Azure) or 10.0.1.0/24, 10.0.2.0/24 (the subnets of an AWS NLB)");
        Duration drain = duration(ConfigKey.SHUTDOWN_DRAIN);
        Duration antiEntropy = duration(ConfigKey.ANTI_ENTROPY_INTERVAL);
        if (antiEntropy != null && antiEntropy.toMillis() < 1_000) {
            error(ConfigKey.ANTI_ENTROPY_INTERVAL.key(), "anti-entropy-interval (" + source(ConfigKey.ANTI_ENTROPY_INTERVAL)
                    + ") must be at least 1s; pushes already carry every change at once");
        }
        int handoverProbes = count(ConfigKey.HANDOVER_PROBES);

        if (mode.haEnabled()) {
            if (text(ConfigKey.PARTNER) == null || text(ConfigKey.PARTNER).isEmpty()) {
                require(ConfigKey.PARTNER, "the other node's address, e.g. 10.0.0.5");
            } else if (partner != null && partner.equals(primary) && partnerPeerPort == peerPort) {
                error(ConfigKey.PARTNER.key(), "partner (" + source(ConfigKey.PARTNER) + ") is this node's own primary-address " + primary
                        + "; set partner to the other node's address");
            }
            if (secret == null || secret.isEmpty()) {
                require(ConfigKey.PAIRING_SECRET, "the same secret of " + MIN_SECRET_LENGTH
                        + "+ characters on both nodes, e.g. from 'openssl rand -base64 24'");
            } else if (secret.length() < MIN_SECRET_LENGTH) {
                error(ConfigKey.PAIRING_SECRET.key(), "pairing-secret (" + source(ConfigKey.PAIRING_SECRET) + ") is too short: use at least "
                        + MIN_SECRET_LENGTH + " characters, the same on both nodes");
            }
            if (previousSecret != null && previousSecret.length() < MIN_SECRET_LENGTH) {
                error(ConfigKey.PAIRING_SECRET_PREVIOUS.key(), "pairing-secret-previous (" + source(ConfigKey.PAIRING_SECRET_PREVIOUS)
                        + ") is too short: it must be the pair's old pairing-secret (" + MIN_SECRET_LENGTH + "+ characters)");
            } else if (previousSecret != null && previousSecret.equals(secret)) {
                error(ConfigKey.PAIRING_SECRET_PREVIOUS.key(), "pairing-secret-previous (" + source(ConfigKey.PAIRING_SECRET_PREVIOUS)
                        + ") equals pairing-secret: set pairing-secret to the new secret and keep the old one here,"
                        + " or remove pairing-secret-previous when the rotation is done");
            }
        }
        if (password == null || password.isEmpty()) {
            require(ConfigKey.ADMIN_PASSWORD, "the password of the API/UI user 'bal'");
        }
        if (checkPort > 0 && (checkPort == peerPort || checkPort == apiPort || peerPort == apiPort)) {
            error(ConfigKey.HEALTH_CHECK_PORT.key(), "health-check-port, peer-port and api-port must differ (now " + checkPort + ", " + peerPort
                    + ", " + apiPort + ")");
        }
        String dataDir = text(ConfigKey.DATA_DIR);
        if (dataDir != null && longestSocketPath(dataDir) > MAX_SOCKET_PATH) {
            error(ConfigKey.DATA_DIR.key(), "data-dir (" + source(ConfigKey.DATA_DIR) + ") is too long: HAProxy's socket "
                    + DataPlaneHost.DIRECTORY_IN_DATA_DIR + "/" + DataPlaneHost.MASTER_SOCKET + " in it would be "
                    + longestSocketPath(dataDir) + " bytes, over the " + MAX_SOCKET_PATH + " HAProxy takes; choose a"
                    + " shorter directory, such as /var/lib/hanode");
        }
        Path tlsCert = path(ConfigKey.TLS_CERT);
        Path tlsKey = path(ConfigKey.TLS_KEY);
        if ((tlsCert == null) != (tlsKey == null)) {
            error(ConfigKey.TLS_CERT.key(), "tls-cert and tls-key go together: give both, or neither for a self-signed certificate");
        }
        RoleTiming timing = null;
        if (interval != null && suspect != null && dead != null && unconnected != null && slaveStartWait != null) {
            try {
                timing = new RoleTiming(interval, suspect, dead, unconnected, handoverProbes, slaveStartWait);
            } catch (IllegalArgumentException e) {
                error(ConfigKey.HEARTBEAT_INTERVAL.key(), "heartbeat timing: " + e.getMessage() + " (now " + interval.toMillis() + " ms, "
                        + suspect.toMillis() + " ms, " + dead.toMillis() + " ms)");
            }
        }
        ChronyHost chrony = chrony();
        boolean hostNetworkApplied = hostNetwork();
        Duration networkConfirmTimeout = duration(ConfigKey.NETWORK_CONFIRM_TIMEOUT);
        if (networkConfirmTimeout != null && (networkConfirmTimeout.compareTo(MIN_NETWORK_CONFIRM_TIMEOUT) < 0
                || networkConfirmTimeout.compareTo(MAX_NETWORK_CONFIRM_TIMEOUT) > 0)) {
            invalid(ConfigKey.NETWORK_CONFIRM_TIMEOUT, "is out of range; use 5s to 1h: long enough to reach the node"
                    + " again and confirm, short enough that a node cut off comes back by itself");
        }
        String ip = program(ConfigKey.IP, "ip -n NAMESPACE");
        String ethtool = program(ConfigKey.ETHTOOL, "ethtool -s eth0");
        String tcpdump = program(ConfigKey.TCPDUMP, "tcpdump -i eth0");
        NamingHost naming = naming();
        WitnessSettings witness = witness(mode, primary, partner, nodeName);
        Path balancerTopology = balancerTopology(primary);
        Duration balancerInterval = duration(ConfigKey.BALANCER_CHECK_INTERVAL);
        if (balancerInterval != null && balancerInterval.compareTo(MIN_BALANCER_CHECK_INTERVAL) < 0) {
            invalid(ConfigKey.BALANCER_CHECK_INTERVAL, "is too short; use at least 30s: each run reads the balancer"
                    + " through the cloud's API, which throttles callers");
        }
        HealthSettings health = health();
        SelfCheckSettings selfCheck = selfCheck();
        List<Fingerprint> partnerFingerprints = partnerFingerprints();
        if (!errors.isEmpty()) {
            return null;
        }
        return new NodeConfig(nodeName, mode, preferred, partner, primary, checkPort, allInterfaces, probeSources, peerPort,
                partnerPeerPort, apiPort, Path.of(text(ConfigKey.DATA_DIR)), secret, previousSecret, password, timing, drain,
                antiEntropy, tlsCert, tlsKey, dnsAddress, dnsPort, dnsReceiveBuffer, geoPoll, geoPollTimeout,
                geoSync, partnerUi, text(ConfigKey.HAPROXY), chrony, hostNetworkApplied, networkConfirmTimeout, ip,
                ethtool, tcpdump, naming, witness, balancerTopology, balancerInterval, health, selfCheck,
                partnerFingerprints, partnerName(), sources());
    }

    /** The health keys: how often the inputs are measured, and the thresholds of their levels. */
    private HealthSettings health() {
        Duration every = duration(ConfigKey.HEALTH_CHECK_INTERVAL);
        if (every != null && (every.compareTo(MIN_HEALTH_CHECK_INTERVAL) < 0
                || every.compareTo(MAX_HEALTH_CHECK_INTERVAL) > 0)) {
            invalid(ConfigKey.HEALTH_CHECK_INTERVAL, "is out of range; use 1s to 1h (5s is usual)");
        }
        double diskWarning = percent(ConfigKey.HEALTH_DISK_FREE_WARNING);
        double diskCritical = percent(ConfigKey.HEALTH_DISK_FREE_CRITICAL);
        if (diskCritical > diskWarning) {
            invalid(ConfigKey.HEALTH_DISK_FREE_CRITICAL, "is above health-disk-free-warning (" + text(
                    ConfigKey.HEALTH_DISK_FREE_WARNING) + "); the critical threshold must be at most the warning one");
        }
        double memoryWarning = percent(ConfigKey.HEALTH_MEMORY_AVAILABLE_WARNING);
        double memoryCritical = percent(ConfigKey.HEALTH_MEMORY_AVAILABLE_CRITICAL);
        if (memoryCritical > memoryWarning) {
            invalid(ConfigKey.HEALTH_MEMORY_AVAILABLE_CRITICAL, "is above health-memory-available-warning (" + text(
                    ConfigKey.HEALTH_MEMORY_AVAILABLE_WARNING) + "); the critical threshold must be at most the warning one");
        }
        double load = parse(ConfigKey.HEALTH_LOAD_WARNING, t -> {
            double n = Double.parseDouble(t);
            if (!(n > 0 && n <= 1000)) {
                throw new IllegalArgumentException();
            }
            return n;
        }, 2.0, "use a number above 0 (load per CPU), e.g. 2 or 1.5");
        double steal = percent(ConfigKey.HEALTH_CPU_STEAL_WARNING);
        int days = parse(ConfigKey.HEALTH_CERTIFICATE_WARNING_DAYS, t -> {
            int n = Integer.parseInt(t);
            if (n < 0 || n > 3650) {
                throw new IllegalArgumentException();
            }
            return n;
        }, 30, "use a whole number of days from 0 to 3650, e.g. 30");
        Duration lag = duration(ConfigKey.SYNC_LAG_WARNING);
        if (lag != null && lag.compareTo(MIN_SYNC_LAG_WARNING) < 0) {
            invalid(ConfigKey.SYNC_LAG_WARNING, "is too short; use at least 1s: an acknowledgement takes a round trip"
                    + " and a store write");
        }
        if (every == null || lag == null || diskCritical > diskWarning || memoryCritical > memoryWarning) {
            return null;
        }
        return new HealthSettings(every, new HealthThresholds(diskWarning, diskCritical, memoryWarning, memoryCritical,
                load, steal, days, lag.toMillis()));
    }

    /** A share from 0 to 100, with or without a %. */
    private double percent(ConfigKey key) {
        return parse(key, t -> {
            double p = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1) : t);
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException();
            }
            return p;
        }, 0.0, "use a percentage from 0 to 100, e.g. 20");
    }

    /** The self-check keys: its targets, how often and how long, and the ping program. */
    private SelfCheckSettings selfCheck() {
        List<CheckTarget> targets = List.of();
        try {
            targets = CheckTarget.parseList(text(ConfigKey.SELF_CHECK));
        } catch (IllegalArgumentException e) {
            invalid(ConfigKey.SELF_CHECK, e.getMessage());
        }
        Duration interval = duration(ConfigKey.SELF_CHECK_INTERVAL);
        Duration timeout = duration(ConfigKey.SELF_CHECK_TIMEOUT);
        if (interval != null && (interval.compareTo(MIN_SELF_CHECK_INTERVAL) < 0
                || interval.compareTo(MAX_SELF_CHECK_INTERVAL) > 0)) {
            invalid(ConfigKey.SELF_CHECK_INTERVAL, "is out of range; use 500ms to 1m");
        } else if (interval != null && timeout != null && (timeout.isZero() || timeout.compareTo(interval) >= 0)) {
            invalid(ConfigKey.SELF_CHECK_TIMEOUT, "must be above 0 and shorter than self-check-interval ("
                    + interval.toMillis() + " ms), so that one check ends before the next begins");
        }
        String ping = program(ConfigKey.PING, "ping -c 1");
        return new SelfCheckSettings(targets, interval, timeout, ping);
    }

    /**
     * partner: an address, or a DNS name resolved now (the JVM's resolver: /etc/hosts, then the name servers),
     * whose first address stands for the partner wherever an address is needed; the peer link resolves it again.
     */
    private String partner() {
        String t = text(ConfigKey.PARTNER);
        if (t == null || t.isEmpty() || IpAddress.parse(t).isPresent()) {
            return t == null || t.isEmpty() ? null : t;
        }
        if (!HOST_NAME.matcher(t).matches() || t.matches("[0-9.]+")) {
            invalid(ConfigKey.PARTNER, "is not an IPv4 or IPv6 address, nor a DNS name; use the partner's private"
                    + " address, e.g. 10.0.0.5, or its name, e.g. node-b.example.internal");
            return null;
        }
        try {
            return InetAddress.getAllByName(t)[0].getHostAddress();
        } catch (UnknownHostException e) {
            invalid(ConfigKey.PARTNER, "does not resolve (" + e.getMessage() + "); check the name in /etc/hosts or"
                    + " DNS, or give the partner's address");
            return null;
        }
    }

    /** The partner's DNS name, null when partner is an address (or missing). */
    private String partnerName() {
        String t = text(ConfigKey.PARTNER);
        return t == null || t.isEmpty() || IpAddress.parse(t).isPresent() ? null : t;
    }

    /** partner-fingerprint: one SHA-256 fingerprint, or two during a rotation of the partner's certificate. */
    private List<Fingerprint> partnerFingerprints() {
        String t = text(ConfigKey.PARTNER_FINGERPRINT);
        if (t == null || t.isBlank()) {
            return List.of();
        }
        List<Fingerprint> out = new ArrayList<>();
        for (String part : t.split(",")) {
            Optional<Fingerprint> f = Fingerprint.parse(part);
            if (f.isEmpty()) {
                invalid(ConfigKey.PARTNER_FINGERPRINT, "is not a SHA-256 fingerprint; copy it from GET /api/v1/pairing"
                        + " (ownFingerprint) on the partner, or from openssl x509 -noout -fingerprint -sha256 -in its"
                        + " certificate: 64 hex digits, colons allowed");
                return List.of();
            }
            out.add(f.get());
        }
        if (out.size() > 2) {
            invalid(ConfigKey.PARTNER_FINGERPRINT, "lists " + out.size() + " fingerprints; give the partner's current"
                    + " one, and its next one only while its certificate is being rotated");
            return List.of();
        }
        return out;
    }

    /** host-network: apply, or store-only. */
    private boolean hostNetwork() {
        String mode = text(ConfigKey.HOST_NETWORK);
        if (!mode.equals("apply") && !mode.equals("store-only")) {
            invalid(ConfigKey.HOST_NETWORK, "is neither apply nor store-only; use apply on an appliance, store-only"
                    + " where the node shares a machine whose network it must not change (a demo, a test)");
        }
        return !mode.equals("store-only");
    }

    /** The chrony keys: where the NTP servers go, and how chronyc is run. */
    private ChronyHost chrony() {
        String file = text(ConfigKey.CHRONY_SOURCES_FILE);
        Path sources = Path.of(file);
        if (!sources.isAbsolute() || sources.getFileName() == null
                || !SOURCES_FILE.matcher(sources.getFileName().toString()).matches()) {
            invalid(ConfigKey.CHRONY_SOURCES_FILE, "is not the absolute path of a *.sources file; chronyd reads only"
                    + " files named NAME.sources from its sourcedir directories, e.g. /etc/chrony/sources.d/hanode.sources");
        }
        String chronyc = text(ConfigKey.CHRONYC);
        if (chronyc.isEmpty() || chronyc.chars().anyMatch(Character::isWhitespace)) {
            invalid(ConfigKey.CHRONYC, "is not a program; give chronyc alone (a name looked up on PATH, or its path),"
                    + " and chronyd's socket with chrony-socket");
        }
        String socket = text(ConfigKey.CHRONY_SOCKET);
        if (socket != null && !socket.isEmpty() && !Path.of(socket).isAbsolute()) {
            invalid(ConfigKey.CHRONY_SOCKET, "is not an absolute path; give chronyd's command socket, e.g."
                    + " /run/chrony/chronyd.sock (bindcmdaddress in chrony.conf)");
        }
        Duration checkEvery = duration(ConfigKey.CLOCK_CHECK_INTERVAL);
        if (checkEvery != null && (checkEvery.compareTo(MIN_CLOCK_CHECK_INTERVAL) < 0
                || checkEvery.compareTo(MAX_CLOCK_CHECK_INTERVAL) > 0)) {
            invalid(ConfigKey.CLOCK_CHECK_INTERVAL, "is out of range; use 1s to 1h (30s is usual)");
        }
        return new ChronyHost(sources, chronyc, socket == null || socket.isEmpty() ? null : Path.of(socket),
                checkEvery == null ? Duration.ofSeconds(30) : checkEvery);
    }

    /** A program key's value: a name looked up on PATH or a path, without arguments (the node gives those). */
    private String program(ConfigKey key, String example) {
        String program = text(key);
        if (program.isEmpty() || program.chars().anyMatch(Character::isWhitespace)) {
            invalid(key, "is not a program; give " + key.key() + " alone (a name looked up on PATH, or its path), not"
                    + " a command such as '" + example + "'");
        }
        return program;
    }

    /** The host name and resolver keys: how the host name is set, and where the resolver's file is. */
    private NamingHost naming() {
        String command = text(ConfigKey.HOSTNAME_COMMAND).strip();
        if (command.isEmpty() || !COMMAND.matcher(command).matches()) {
            invalid(ConfigKey.HOSTNAME_COMMAND, "is not a command; give the program and its arguments separated by"
                    + " spaces, without quotes (it runs without a shell), e.g. hostnamectl set-hostname");
        }
        String file = text(ConfigKey.RESOLV_CONF);
        Path resolvConf = Path.of(file);
        if (!resolvConf.isAbsolute() || resolvConf.getFileName() == null) {
            invalid(ConfigKey.RESOLV_CONF, "is not the absolute path of a file; give the resolver's file, e.g."
                    + " /etc/resolv.conf");
        }
        return new NamingHost(List.of(command.split("\\s+")), resolvConf);
    }

    /** The witness keys, checked together; {@link WitnessSettings#NONE} without one (or after an error). */
    private WitnessSettings witness(HaMode mode, String primary, String partner, String nodeName) {
        WitnessType type = parse(ConfigKey.WITNESS, WitnessType::fromKey, WitnessType.NONE,
                "use none, etcd or azure-blob");
        if (type == WitnessType.NONE) {
            return WitnessSettings.NONE;
        }
        if (!mode.haEnabled()) {
            error(ConfigKey.WITNESS.key(), "witness (" + source(ConfigKey.WITNESS) + ") is " + type.key()
                    + ", but HA is off (ha-mode none): a witness arbitrates between the two nodes of a pair;"
                    + " set ha-mode, or set witness to none");
            return WitnessSettings.NONE;
        }
        int before = errors.size();
        List<URI> endpoints = witnessEndpoints(type);
        String name = text(ConfigKey.WITNESS_NAME);
        if (name == null || name.isEmpty()) {
            name = primary == null || partner == null ? "" : WitnessSettings.defaultName(type, primary, partner);
        } else if (type == WitnessType.AZURE_BLOB && !BLOB_NAME.matcher(name).matches()) {
            invalid(ConfigKey.WITNESS_NAME, "is not CONTAINER/BLOB; give a container name (3-63 lower-case letters,"
                    + " digits and single hyphens) and a blob name, e.g. hapair-witness/pair-1");
        }
        Duration ttl = values.containsKey(ConfigKey.WITNESS_LEASE_TTL) ? duration(ConfigKey.WITNESS_LEASE_TTL)
                : type.defaultLeaseTtl();
        if (ttl != null && (ttl.toMillis() % 1000 != 0 || ttl.compareTo(type.minLeaseTtl()) < 0
                || ttl.compareTo(type.maxLeaseTtl()) > 0)) {
            invalid(ConfigKey.WITNESS_LEASE_TTL, "is not a lease " + type.key() + " grants; use whole seconds from "
                    + type.minLeaseTtl().toSeconds() + "s to " + type.maxLeaseTtl().toSeconds() + "s");
        }
        String secret = witnessSecret(type);
        if (errors.size() > before || ttl == null) {
            return WitnessSettings.NONE;
        }
        return new WitnessSettings(type, endpoints, name, ttl, secret, nodeName);
    }

    private List<URI> witnessEndpoints(WitnessType type) {
        String t = text(ConfigKey.WITNESS_ENDPOINTS);
        String example = type == WitnessType.ETCD ? "etcd's client URLs, e.g. http://10.0.0.9:2379,http://10.0.0.10:2379"
                : "the storage account's blob service URL, e.g. https://hapairwitness.blob.core.windows.net";
        if (t == null || t.isEmpty()) {
            require(ConfigKey.WITNESS_ENDPOINTS, example);
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        for (String part : t.split(",")) {
            try {
                URI uri = new URI(part.trim());
                boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                // etcd's gateway paths go at the root; a blob service URL may carry Azurite's account path.
                boolean bare = uri.getRawQuery() == null && (type == WitnessType.AZURE_BLOB || uri.getRawPath() == null
                        || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
                if (!web || uri.getHost() == null || !bare) {
                    throw new URISyntaxException(part, "not a base URL");
                }
                out.add(uri);
            } catch (URISyntaxException e) {
                invalid(ConfigKey.WITNESS_ENDPOINTS, "is not a list of http(s) URLs; give " + example);
                return List.of();
            }
        }
        if (type == WitnessType.AZURE_BLOB && out.size() != 1) {
            invalid(ConfigKey.WITNESS_ENDPOINTS, "names " + out.size() + " URLs; give the one blob service URL, e.g."
                    + " https://hapairwitness.blob.core.windows.net");
        }
        return out;
    }

    /** The credentials from witness-secret-file, or null: etcd without authentication, azure-blob's managed identity. */
    private String witnessSecret(WitnessType type) {
        String t = text(ConfigKey.WITNESS_SECRET_FILE);
        if (t == null || t.isEmpty()) {
            return null;
        }
        Path path = Path.of(t);
        String secret;
        try {
            secret = SecretFile.read(path);
        } catch (SecretFile.Refused e) {
            error(ConfigKey.WITNESS_SECRET_FILE.key(), ConfigKey.WITNESS_SECRET_FILE.key() + " ("
                    + source(ConfigKey.WITNESS_SECRET_FILE) + "): '" + path + "' " + e.getMessage());
            return null;
        }
        if (type == WitnessType.ETCD && secret.indexOf(':') < 1) {
            error(ConfigKey.WITNESS_SECRET_FILE.key(), ConfigKey.WITNESS_SECRET_FILE.key() + " ("
                    + source(ConfigKey.WITNESS_SECRET_FILE) + "): '" + path + "' does not hold USER:PASSWORD; write"
                    + " the etcd user and its password on one line, separated by a colon");
        } else if (type == WitnessType.AZURE_BLOB && !secret.contains("AccountKey=") && !secret.contains("SharedAccessSignature=")) {
            error(ConfigKey.WITNESS_SECRET_FILE.key(), ConfigKey.WITNESS_SECRET_FILE.key() + " ("
                    + source(ConfigKey.WITNESS_SECRET_FILE) + "): '" + path + "' does not hold a storage connection"
                    + " string (with AccountKey= or SharedAccessSignature=); copy it from the storage account's"
                    + " access keys, or remove witness-secret-file to use the node's managed identity");
        }
        return secret;
    }

    /** The balancer self-check's topology file, checked as {@code hanode cloud} would; null when unset. */
    private Path balancerTopology(String primary) {
        String t = text(ConfigKey.BALANCER_CHECK_TOPOLOGY);
        if (t == null || t.isEmpty()) {
            return null;
        }
        Path file = Path.of(t);
        BalancerTopology.problem(file, primary).ifPresent(problem -> invalid(ConfigKey.BALANCER_CHECK_TOPOLOGY,
                problem));
        return file;
    }

    /** partner-ui-url without a trailing slash, or the partner's own API address; null without a partner. */
    private String partnerUiUrl(String partner, int apiPort) {
        String url = text(ConfigKey.PARTNER_UI_URL);
        if (url == null || url.isBlank()) {
            return partner == null ? null : "https://" + (partner.contains(":") ? "[" + partner + "]" : partner)
                    + ":" + apiPort;
        }
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
                throw new URISyntaxException(url, "not an https URL of a host");
            }
        } catch (URISyntaxException e) {
            invalid(ConfigKey.PARTNER_UI_URL, "is not an https URL of the partner's UI; give one like"
                    + " https://10.0.0.100:8442 (the balancer's frontend and the partner's NAT port)");
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private String text(ConfigKey key) {
        Value v = values.get(key);
        if (v != null) {
            return v.text().trim();
        }
        return key.defaultValue().orElse(null);
    }

    private Map<ConfigKey, ValueSource> sources() {
        Map<ConfigKey, ValueSource> out = new EnumMap<>(ConfigKey.class);
        values.forEach((key, value) -> out.put(key, value.source()));
        return out;
    }

    private String source(ConfigKey key) {
        Value v = values.get(key);
        return v == null ? "default" : "from " + v.source();
    }

    /** The longest UNIX socket path the node makes under {@code dataDir}, in bytes, as the kernel counts. */
    private static int longestSocketPath(String dataDir) {
        return Path.of(dataDir).toAbsolutePath().resolve(DataPlaneHost.DIRECTORY_IN_DATA_DIR)
                .resolve(DataPlaneHost.MASTER_SOCKET).toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private void require(ConfigKey key, String what) {
        if (key.fileKey().isPresent() && errors.stream().anyMatch(e -> e.field().equals(key.fileKey().get().key()))) {
            return; // its file was refused, and that error says what to do
        }
        error(key.key(), key.key() + " is missing: set it to " + what + " (YAML key '" + key.key() + "', flag "
                + key.flag() + " or environment variable " + key.envVar()
                + key.fileKey().map(f -> "; or name a file holding it with " + f.key()).orElse("") + ")");
    }

    private void invalid(ConfigKey key, String why) {
        error(key.key(), key.key() + " (" + source(key) + "): '" + text(key) + "' " + why);
    }

    private <T> T parse(ConfigKey key, java.util.function.Function<String, T> parser, T fallback, String fix) {
        try {
            return parser.apply(text(key));
        } catch (IllegalArgumentException e) {
            invalid(key, "is not valid; " + fix);
            return fallback;
        }
    }

    private int port(ConfigKey key) {
        String t = text(key);
        try {
            int p = Integer.parseInt(t);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        invalid(key, "is not a port; use a number from 1 to 65535");
        return -1;
    }

    private int count(ConfigKey key) {
        try {
            int n = Integer.parseInt(text(key));
            if (n >= 0 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        invalid(key, "is not a count; use a whole number from 0 to 100");
        return 0;
    }

    /** Bytes, or kibibytes and mebibytes with k and m: a socket buffer the kernel accepts. */
    private int size(ConfigKey key) {
        Matcher m = SIZE.matcher(text(key));
        if (m.matches()) {
            long bytes = Long.parseLong(m.group(1)) * switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "k" -> 1024L;
                case "m" -> 1024L * 1024;
                default -> 1L;
            };
            if (bytes >= MIN_SOCKET_BUFFER && bytes <= MAX_SOCKET_BUFFER) {
                return (int) bytes;
            }
        }
        invalid(key, "is not a size; use bytes, or a number with k or m, from 16k to 256m, e.g. 4m");
        return 0;
    }

    private boolean bool(ConfigKey key) {
        String t = text(key).toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "true": case "yes": case "on":
                return true;
            case "false": case "no": case "off":
                return false;
            default:
                invalid(key, "is not a boolean; use true or false");
                return false;
        }
    }

    private Duration duration(ConfigKey key) {
        try {
            return Durations.parse(text(key));
        } catch (IllegalArgumentException e) {
            invalid(key, "is not a duration; use a number with ms, s or m, e.g. 200ms or 5s");
            return null;
        }
    }

    private String address(ConfigKey key) {
        String t = text(key);
        if (t == null || t.isEmpty()) {
            return null;
        }
        if (IpAddress.parse(t).isEmpty()) {
            invalid(key, "is not an IPv4 or IPv6 address; use the node's private address, e.g. 10.0.0.5");
            return null;
        }
        return t;
    }

    private Path path(ConfigKey key) {
        String t = text(key);
        if (t == null || t.isEmpty()) {
            return null;
        }
        Path p = Path.of(t);
        if (!Files.isReadable(p)) {
            invalid(key, "is not a readable file; give the path of a PEM file");
        }
        return p;
    }
}
