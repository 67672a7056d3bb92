package io.hapair.node.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key, once: its spelling in YAML, as a flag and as an environment variable, its
 * default and why. {@link ConfigLoader} reads them; the CLI turns each into a flag.
 */
public enum ConfigKey {
    // Names the node in logs, status and the partner's view; the host name is what operators recognise.
    NODE_NAME("node-name", "NAME", null, "Name of this node in logs and status (default: the host name)"),
    // HA off unless asked: a node started without a partner must not wait for one.
    HA_MODE("ha-mode", "MODE", "none", "HA mode: master, slave or none (HA off)"),
    // prefer-master is what most operators expect: traffic returns to the master when it is healthy again.
    SWITCH_TO_PREFERRED("switch-to-preferred", "POLICY", "prefer-master",
            "Switch to preferred server: prefer-master or none (no preemption)"),
    PARTNER("partner", "ADDRESS", null,
            "The partner node's address, or its DNS name: resolved at start and again at each reconnect of the peer"
                    + " link (required when HA is on)"),
    // Loopback keeps a node that is started without settings off the network; set the NIC address in a cloud.
    PRIMARY_ADDRESS("primary-address", "ADDRESS", "127.0.0.1",
            "This node's primary address: health check, peer link and API bind to it"),
    // 8444 is the HA check port the cloud balancer's probe and rule are set up for; equal on both nodes.
    HEALTH_CHECK_PORT("health-check-port", "PORT", "8444", "Health-check port probed by the cloud balancer"),
    // Off: only the primary address answers, so a probe through another interface cannot mislead the balancer.
    HEALTH_CHECK_ALL_INTERFACES("health-check-all-interfaces", "BOOL", "false",
            "Answer the health check on all interfaces instead of the primary address"),
    // 6973 is the pair's peer port for heartbeats and settings sync.
    PEER_PORT("peer-port", "PORT", "6973", "Peer link port (TCP: TLS for sync and commands; UDP: heartbeats)"),
    // Both nodes normally use the same peer port; differing ports exist for tests on one host.
    PARTNER_PEER_PORT("partner-peer-port", "PORT", null, "The partner's peer link port (default: peer-port)"),
    // 8443: the UI/API port the balancer's NAT rules 8441/8442 point at.
    API_PORT("api-port", "PORT", "8443", "HTTPS port of the web UI and REST API"),
    // Operators often reach the UI only through the balancer's NAT rules, where the partner is another
    // port of the same frontend; the default is the partner's own address, right on a flat network.
    PARTNER_UI_URL("partner-ui-url", "URL", null,
            "The partner's web UI as operators reach it, e.g. https://10.0.0.100:8442 through the balancer's"
                    + " NAT rule (default: https://partner:api-port)"),
    // FHS location for state that survives restarts: certificates, later the settings store.
    DATA_DIR("data-dir", "DIR", "/var/lib/hanode", "Data directory (certificates, state)"),
    PAIRING_SECRET("pairing-secret", "SECRET", null,
            "Shared secret of the pair: authenticates the peer link (required when HA is on, 16+ characters;"
                    + " as a flag it shows in ps: use pairing-secret-file)"),
    // A file keeps the secret out of ps and /proc/PID/environ of other users' view.
    PAIRING_SECRET_FILE("pairing-secret-file", "FILE", null,
            "File holding pairing-secret (one line; not readable by group or others)"),
    // Unset: outside a rotation a node accepts only the one current secret.
    PAIRING_SECRET_PREVIOUS("pairing-secret-previous", "SECRET", null,
            "The pair's secret before a rotation, still accepted from (and offered to) the partner until both"
                    + " nodes have the new pairing-secret; remove it then"),
    PAIRING_SECRET_PREVIOUS_FILE("pairing-secret-previous-file", "FILE", null,
            "File holding pairing-secret-previous (one line; not readable by group or others)"),
    // Unset: the partner's certificate is pinned on first contact (trust on first use) in data-dir.
    PARTNER_FINGERPRINT("partner-fingerprint", "FINGERPRINTS", null,
            "SHA-256 fingerprint of the partner's peer-link certificate, as GET /api/v1/pairing shows it on the"
                    + " partner; two separated by a comma during a certificate rotation (default: pin the"
                    + " partner's certificate on first contact)"),
    ADMIN_PASSWORD("admin-password", "PASSWORD", null,
            "Password of the API/UI user 'bal' (required; as a flag it shows in ps: use admin-password-file)"),
    ADMIN_PASSWORD_FILE("admin-password-file", "FILE", null,
            "File holding admin-password (one line; not readable by group or others)"),
    // Heartbeats are UDP datagrams, so a lost one costs only itself (no TCP retransmission holds up the
    // next). The three timings are chosen together for two goals at once, with random loss p = 30%
    // between the nodes: no false takeover, and a silent death taken over within 1 s.
    // 50 ms: 20 datagrams of ~0.5 KB per second each way, nothing on any network, and 16 chances in
    // dead-after for the partner to be heard.
    HEARTBEAT_INTERVAL("heartbeat-interval", "DURATION", "50ms", "How often each node sends a heartbeat"),
    // 400 ms (8 heartbeats): only logged and shown, so it may trip now and then under heavy loss
    // (a run of 7+ losses at p = 30%: 0.3^7 = 2e-4 per heartbeat, about twice per 10 minutes).
    PARTNER_SUSPECT_AFTER("partner-suspect-after", "DURATION", "400ms", "Silence after which the partner is suspected"),
    // 800 ms: a false takeover needs every heartbeat of 800 ms lost, 16 of them (15 allowing for timer
    // jitter). At p = 30%: 0.3^15 = 1.4e-8 per heartbeat; 10 minutes hold 12,000 heartbeats, so the
    // expected number of false takeovers is 12,000 x 0.7 x 1.4e-8 = 1.2e-4 per 10 minutes (one in
    // some 60 days of unbroken 30% loss; at 10% loss, 1e-11). A silent death is taken over 800 ms
    // after the last heartbeat heard, plus one role tick (heartbeat-interval / 4): under 850 ms,
    // leaving 150 ms of a 1 s budget for a busy host. A process death with its host up does not wait
    // for this at all (its port refuses the reconnect).
    PARTNER_DEAD_AFTER("partner-dead-after", "DURATION", "800ms",
            "Silence after which the partner is declared dead and the survivor takes over"),
    // 10 s: when both nodes start together the master's peer link must reach the slave before the slave
    // serves alone. That takes the start-time skew (3 s) plus however much longer the master's start to
    // its peer port takes than the slave's: 1-2 s on an idle host, up to 7 s measured from exec on a
    // 2-core host shared with builds. A slave whose master is truly gone pays it once, at its start.
    SLAVE_START_WAIT("slave-start-wait", "DURATION", "10s",
            "A starting slave that has not heard its master answers 503 this long (at least partner-dead-after,"
                    + " which the master waits) before serving alone, so a pair started together never has both"
                    + " active"),
    // Three probe intervals of the cloud balancer's default 5 s: one lost probe is not an outage.
    UNCONNECTED_AFTER("unconnected-after", "DURATION", "15s",
            "No probe within this window shows the node as Unconnected"),
    // Azure's probes come from 168.63.129.16. A node cannot tell which cloud it is in, so on AWS set
    // the NLB's subnets (its probes come from its private addresses there), e.g. 10.0.1.0/24, 10.0.2.0/24.
    PROBE_SOURCES("probe-sources", "LIST", ProbeSources.AZURE,
            "Addresses or CIDR networks the balancer probes from, comma-separated, or any: only their requests"
                    + " count as the balancer seeing this node (others still get the answer); on AWS the NLB's"
                    + " subnets"),
    // Two: HAProxy's default rise and Azure's unhealthy threshold; the old active node steps down only
    // after the balancer has seen the new one answer 200 this many times.
    HANDOVER_PROBES("handover-probes", "COUNT", "2",
            "Probes the new active node must answer 200 before the old one steps down (0: one heartbeat)"),
    // 11 s: the Azure default probe (5 s x 2 failures) needs 10 s to mark a node down; one more second
    // of margin. Established connections keep flowing to a node until its balancer stops sending.
    SHUTDOWN_DRAIN("shutdown-drain", "DURATION", "11s",
            "After handing over on shutdown, keep serving this long so the balancer can mark the node down"),
    // 120 s: pushes carry every change at once; the full comparison only catches what a cut link lost.
    ANTI_ENTROPY_INTERVAL("anti-entropy-interval", "DURATION", "120s",
            "How often the nodes compare all synced settings (also on every reconnect and on sync now)"),
    // 53: where resolvers ask; binding it needs root or CAP_NET_BIND_SERVICE, tests use a high port.
    DNS_PORT("dns-port", "PORT", "53", "GEO DNS port (UDP and TCP)"),
    // The primary address: the one the pair's GEO address and the balancer's rules point at.
    DNS_ADDRESS("dns-address", "ADDRESS", null, "Address the GEO DNS server binds to (default: primary-address)"),
    // 1 MiB: Linux keeps twice that, about 2,500 queued queries per UDP socket (a query takes 832 bytes of
    // it on loopback), 100 ms at 25,000 queries/s on a core; its default (256 queries) overflowed at 50,000/s.
    DNS_RECEIVE_BUFFER("dns-receive-buffer", "SIZE", "1m",
            "Receive buffer of each GEO DNS UDP socket: bytes, or with k or m (at most net.core.rmem_max)"),
    // 5 s: the cloud balancer's own probe interval; a remote site is dropped from answers about as fast
    // as a balancer would drop it.
    GEO_POLL_INTERVAL("geo-poll-interval", "DURATION", "5s", "How often remote GEO clusters are polled and default GEO clusters checked"),
    // 2 s: well under the interval, and ample for an HTTPS round trip between sites.
    GEO_POLL_TIMEOUT("geo-poll-timeout", "DURATION", "2s",
            "A GEO poll or check that does not answer within this failed (two in a row: the cluster is down)"),
    // 30 s: changes are sent to GEO partners at once; this comparison only repairs what a partner missed
    // while it was down or unreachable, and costs one small digest request per partner when nothing differs.
    GEO_SYNC_INTERVAL("geo-sync-interval", "DURATION", "30s",
            "How often an active node compares its GEO settings with every GEO partner (changes are sent at once)"),
    // Debian's haproxy package puts it on the PATH; another build (or a test's stand-in) goes by its path.
    HAPROXY("haproxy", "FILE", "haproxy",
            "The HAProxy program of the data plane: a name is looked up on PATH, or give its path"),
    // Debian's chrony reads /etc/chrony/sources.d (sourcedir in its chrony.conf); a file of the node's own there
    // leaves the sources of chrony's own configuration (its pool) as they are.
    CHRONY_SOURCES_FILE("chrony-sources-file", "FILE", "/etc/chrony/sources.d/hanode.sources",
            "File the synced NTP servers are written to as chrony sources: a *.sources file in a directory chronyd"
                    + " reads with sourcedir"),
    // Debian's chrony package puts it on the PATH.
    CHRONYC("chronyc", "FILE", "chronyc",
            "The chronyc program the node reloads chrony's sources and reads the clock's state with: a name is looked"
                    + " up on PATH, or give its path"),
    // chronyc's own default tries chronyd's socket, then 127.0.0.1 and ::1 (which answer reads, not reloads).
    CHRONY_SOCKET("chrony-socket", "SOCKET", null,
            "chronyd's command socket, as chronyc -h takes it (default: chronyc's own, /run/chrony/chronyd.sock)"),
    // apply: an appliance's settings do what they say; a demo or test node sharing a machine must not change it.
    HOST_NETWORK("host-network", "MODE", "apply",
            "apply: the node-local network settings (addresses, routes, VLANs, ...) take effect on the host with"
                    + " iproute2, each change as a confirmed commit; store-only: they are kept and shown, the host's"
                    + " network is left alone"),
    // 120 s: time to reach the node again through the changed network and confirm, as the issue that asked for it says.
    NETWORK_CONFIRM_TIMEOUT("network-confirm-timeout", "DURATION", "120s",
            "How long an applied network change waits for confirmation before it is rolled back by itself"),
    // 30 s: the clock drifts slowly; a check costs one chronyc run. Each change of the NTP servers checks at once too.
    CLOCK_CHECK_INTERVAL("clock-check-interval", "DURATION", "30s",
            "How often the node reads the clock's state from chrony (chronyc -c tracking) for status and /metrics"),
    // Debian's iproute2 package puts it on the PATH.
    IP("ip", "FILE", "ip",
            "The iproute2 ip program the node reads and sets the node-local network settings (addresses, routes,"
                    + " VLANs, VXLANs, gateways) with: a name is looked up on PATH, or give its path"),
    // Debian's ethtool package puts it on the PATH; only a forced speed and duplex needs it.
    ETHTOOL("ethtool", "FILE", "ethtool",
            "The ethtool program the node sets an interface's speed and duplex with: a name is looked up on PATH,"
                    + " or give its path"),
    // Debian's tcpdump package puts it on the PATH; only packet captures asked for in the UI or API run it.
    TCPDUMP("tcpdump", "FILE", "tcpdump",
            "The tcpdump program packet captures (/api/v1/capture) run with: a name is looked up on PATH, or give its"
                    + " path"),
    // systemd's hostnamectl sets the static and the transient name (systemd-hostnamed writes /etc/hostname); the
    // node's user may through the polkit rule the deployments install.
    HOSTNAME_COMMAND("hostname-command", "COMMAND", "hostnamectl set-hostname",
            "The command that sets the host name, given the name as one more argument: words separated by spaces,"
                    + " no quotes (a test in a UTS namespace gives hostname)"),
    RESOLV_CONF("resolv-conf", "FILE", "/etc/resolv.conf",
            "The resolver's file the stored name servers and domain are written to"),
    // None: without a witness the pair behaves as it always did; a witness is extra infrastructure to run.
    WITNESS("witness", "TYPE", "none",
            "External witness whose lease a node must hold to become active while its partner is silent:"
                    + " none, etcd or azure-blob"),
    WITNESS_ENDPOINTS("witness-endpoints", "URLS", null,
            "etcd: its client URLs, comma separated (http://10.0.0.9:2379); azure-blob: the blob service URL"
                    + " (https://ACCOUNT.blob.core.windows.net)"),
    // Derived from both nodes' addresses, so both nodes of a pair agree without configuring it.
    WITNESS_NAME("witness-name", "NAME", null,
            "etcd: the key of the pair's lease; azure-blob: CONTAINER/BLOB (default: from both nodes' addresses,"
                    + " the same on both)"),
    // Per store: etcd 3s, azure-blob 15s (the shortest blob lease); see WitnessType.
    WITNESS_LEASE_TTL("witness-lease-ttl", "DURATION", null,
            "How long the lease outlives its holder's last renewal; a dead active node's partner takes over"
                    + " only after it (default 3s for etcd, 15s for azure-blob, the shortest blob lease)"),
    // The node's managed identity needs no secret at all; a file keeps one out of ps and the environment.
    WITNESS_SECRET_FILE("witness-secret-file", "FILE", null,
            "File holding the witness credentials: etcd USER:PASSWORD, or an Azure storage connection string"
                    + " instead of the node's managed identity (not readable by group or others)"),
    // Off unless a topology names the balancer: the node cannot guess it, and the check needs read access.
    BALANCER_CHECK_TOPOLOGY("balancer-check-topology", "FILE", null,
            "Topology file of the pair's cloud balancer (as for hanode cloud --topology): the node then runs"
                    + " hanode cloud diagnose itself, with its managed identity or instance profile, and shows the"
                    + " findings in status, on the Home page and in /metrics (default: no self-check)"),
    // 5 min: a misconfiguration shows within minutes, and a read of the balancer, its NICs or targets and
    // its security rules is a handful of read calls, far below the clouds' throttling limits.
    BALANCER_CHECK_INTERVAL("balancer-check-interval", "DURATION", "5m",
            "How often the balancer self-check runs (at least 30s)"),
    // 5 s: a full disk or a read-only data directory shows (and hands over) within seconds; one check reads a few
    // /proc files and creates one file.
    HEALTH_CHECK_INTERVAL("health-check-interval", "DURATION", "5s",
            "How often the node measures its health inputs (data directory, disk, memory, load, CPU steal, clock,"
                    + " certificates, sync lag); 1s to 1h"),
    // 20 %: time to clean up or grow the disk before it fills; 5 %: the settings store may fail to write any moment.
    HEALTH_DISK_FREE_WARNING("health-disk-free-warning", "PERCENT", "20",
            "Free space of the data directory's file system below which the disk input is a Warning"),
    HEALTH_DISK_FREE_CRITICAL("health-disk-free-critical", "PERCENT", "5",
            "Free space of the data directory's file system below which the disk input is Critical (the node hands"
                    + " over)"),
    // 10 %: the kernel starts reclaiming page cache hard; 3 %: the OOM killer is near.
    HEALTH_MEMORY_AVAILABLE_WARNING("health-memory-available-warning", "PERCENT", "10",
            "MemAvailable of MemTotal (/proc/meminfo) below which the memory input is a Warning"),
    HEALTH_MEMORY_AVAILABLE_CRITICAL("health-memory-available-critical", "PERCENT", "3",
            "MemAvailable of MemTotal below which the memory input is Critical (the node hands over)"),
    // 2 per CPU: runnable work queues behind every CPU; HAProxy's latency grows.
    HEALTH_LOAD_WARNING("health-load-warning", "NUMBER", "2",
            "One-minute load average per CPU (/proc/loadavg) above which the load input is a Warning"),
    // 20 %: a noisy neighbour or an exhausted burst credit takes a fifth of the VM's CPU.
    HEALTH_CPU_STEAL_WARNING("health-cpu-steal-warning", "PERCENT", "20",
            "CPU time stolen by the hypervisor between two checks (/proc/stat) above which the input is a Warning"),
    // 30 days: a monthly look at the dashboard catches a certificate before it expires.
    HEALTH_CERTIFICATE_WARNING_DAYS("health-certificate-warning-days", "DAYS", "30",
            "Days before the node's own certificate, the administration certificate or a virtual-service certificate"
                    + " expires from which its input is a Warning (the node's own certificate is Critical once expired)"),
    // 30 s: pushes are acknowledged in milliseconds; half a minute without is a partner that cannot take changes.
    SYNC_LAG_WARNING("sync-lag-warning", "DURATION", "30s",
            "Age of the oldest change the partner has not acknowledged from which the sync state is Warning"),
    // Off: which addresses tell that this node's network works differs per site (its gateway, a real server, an
    // upstream router); the operator names them.
    SELF_CHECK("self-check", "LIST", null,
            "Reachability targets this node checks from its own address, comma-separated: gateway (ping the IPv4"
                    + " default gateway), icmp:ADDRESS (ping), tcp:ADDRESS:PORT (TCP connect; tcp:[IPv6]:PORT), at most"
                    + " 8; a node that lost targets while its partner lost none hands over (default: no self-check)"),
    // 2 s: a lost target shows within two checks (4 s), well inside a balancer's own probe window.
    SELF_CHECK_INTERVAL("self-check-interval", "DURATION", "2s",
            "How often each self-check target is checked (500ms to 1m); a target is lost after 2 failed checks"
                    + " in a row"),
    // 1 s: a gateway or a server on the same network answers within milliseconds.
    SELF_CHECK_TIMEOUT("self-check-timeout", "DURATION", "1s",
            "How long one self-check may wait for its answer; shorter than self-check-interval"),
    // Debian's iputils-ping package puts it on the PATH; only icmp: and gateway targets need it.
    PING("ping", "FILE", "ping",
            "The iputils ping program the self-check pings its targets with (-I: from this node's address): a name"
                    + " is looked up on PATH, or give its path"),
    TLS_CERT("tls-cert", "FILE", null, "PEM certificate for the API (default: self-signed, generated in data-dir)"),
    TLS_KEY("tls-key", "FILE", null, "PEM private key for tls-cert");

    private final String key;
    private final String label;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String label, String defaultValue, String description) {
        this.key = key;
        this.label = label;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public String envVar() {
        return "HANODE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String label() {
        return label;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return this == PAIRING_SECRET || this == PAIRING_SECRET_PREVIOUS || this == ADMIN_PASSWORD;
    }

    /** The key naming a file that holds this secret, or empty when the value cannot come from a file. */
    public Optional<ConfigKey> fileKey() {
        return switch (this) {
            case PAIRING_SECRET -> Optional.of(PAIRING_SECRET_FILE);
            case PAIRING_SECRET_PREVIOUS -> Optional.of(PAIRING_SECRET_PREVIOUS_FILE);
            case ADMIN_PASSWORD -> Optional.of(ADMIN_PASSWORD_FILE);
            default -> Optional.empty();
        };
    }

    public static Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
