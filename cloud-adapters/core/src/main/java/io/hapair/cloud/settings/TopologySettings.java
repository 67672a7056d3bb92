package io.hapair.cloud.settings;

import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Reads the provider-neutral part of the settings into a {@link PairTopology}. Only keys that are
 * present are applied; every default lives in {@link PairTopology.Builder}.
 */
public final class TopologySettings {

    /** Every provider-neutral key a topology file or flag may set. */
    public static final Set<String> KEYS = Set.of("provider", "namePrefix", "node1.address", "node2.address",
        "healthCheckPort", "peerPort", "apiPort", "sshPort", "node1.apiNatPort", "node2.apiNatPort",
        "node1.sshNatPort", "node2.sshNatPort", "probe.intervalSeconds", "probe.unhealthyThreshold",
        "idleTimeoutMinutes", "publishedPorts", "clientSources", "probeSources", "monitoringSources", "snmpPort",
        "firstSecurityPriority", "timeout");

    private TopologySettings() {
    }

    /** A topology of Azure's shape, the shape of the first provider. */
    public static PairTopology read(CloudSettings settings) {
        return read(settings, CloudShape.SHARED_POOL);
    }

    public static PairTopology read(CloudSettings settings, CloudShape shape) {
        PairTopology.Builder builder = PairTopology.builder().shape(shape)
            .node1Address(settings.required("node1.address", "give node 1's (the master's) private IPv4 address"))
            .node2Address(settings.required("node2.address", "give node 2's (the slave's) private IPv4 address"));
        settings.text("namePrefix").ifPresent(builder::namePrefix);
        apply(settings, "healthCheckPort", builder::healthCheckPort);
        apply(settings, "peerPort", builder::peerPort);
        apply(settings, "apiPort", builder::apiPort);
        apply(settings, "sshPort", builder::sshPort);
        apply(settings, "node1.apiNatPort", builder::node1ApiNatPort);
        apply(settings, "node2.apiNatPort", builder::node2ApiNatPort);
        apply(settings, "node1.sshNatPort", builder::node1SshNatPort);
        apply(settings, "node2.sshNatPort", builder::node2SshNatPort);
        apply(settings, "probe.intervalSeconds", builder::probeIntervalSeconds);
        apply(settings, "probe.unhealthyThreshold", builder::probeUnhealthyThreshold);
        apply(settings, "idleTimeoutMinutes", builder::idleTimeoutMinutes);
        apply(settings, "firstSecurityPriority", builder::firstSecurityPriority);
        apply(settings, "snmpPort", builder::snmpPort);
        settings.list("publishedPorts").map(items -> publishedPorts("publishedPorts", items))
            .ifPresent(builder::publishedPorts);
        settings.list("clientSources").ifPresent(builder::clientSources);
        settings.list("probeSources").ifPresent(builder::probeSources);
        settings.list("monitoringSources").ifPresent(builder::monitoringSources);
        return builder.build();
    }

    private static void apply(CloudSettings settings, String key, IntFunction<PairTopology.Builder> setter) {
        settings.integer(key).ifPresent(setter::apply);
    }

    /** How long a whole command may take: {@code timeout}, a DURATION such as 30s or 2m; 30 s by default. */
    public static Duration timeout(CloudSettings settings) {
        return settings.text("timeout").map(text -> {
            Duration limit = Deadline.parse(text);
            if (limit == null || limit.isZero()) {
                throw new InvalidTopologyException("timeout", "'" + text + "' is not a time limit",
                    "write a number and ms, s, m or h, e.g. 30s or 2m");
            }
            return limit;
        }).orElse(Deadline.DEFAULT);
    }

    /**
     * Published ports as the topology file and {@code --published-port} write them: PORT, PORT/tcp or
     * PORT/udp; a bad one is reported under {@code field}.
     */
    public static List<PublishedPort> publishedPorts(String field, List<String> items) {
        List<PublishedPort> ports = new ArrayList<>();
        for (String item : items) {
            String[] parts = item.split("/", 2);
            try {
                Protocol protocol = parts.length == 1 ? Protocol.TCP
                    : Protocol.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
                ports.add(new PublishedPort(Integer.parseInt(parts[0].trim()), protocol));
            } catch (IllegalArgumentException notAPort) {
                throw new InvalidTopologyException(field, "'" + item + "' is not a published port",
                    "write PORT, PORT/tcp or PORT/udp, e.g. 443 or 53/udp");
            }
        }
        return ports;
    }
}
