package io.hapair.node.config;

import io.hapair.node.naming.NamingHost;
import io.hapair.node.ntp.ChronyHost;
import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.role.RoleTiming;
import io.hapair.node.selfcheck.SelfCheckSettings;
import io.hapair.node.witness.WitnessSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node's typed configuration, built and validated by {@link ConfigLoader} only.
 *
 * @param hostNetworkApplied    whether the node-local network settings take effect on the host (host-network: apply)
 *                              or are only stored (store-only)
 * @param networkConfirmTimeout how long an applied network change waits for an operator's confirmation
 * @param tcpdump               the tcpdump program of packet captures
 * @param balancerCheckTopology the topology file of the balancer self-check; null when it is off
 * @param health                how often the health inputs are measured, and their thresholds
 * @param selfCheck             the self-detector's targets and timing; no targets when it is off
 * @param partnerFingerprints   the partner certificates partner-fingerprint trusts; empty: pin on first contact
 * @param partnerName           the partner's DNS name when partner gives one (partner is then its address at start);
 *                              null when partner is an address
 */
public record NodeConfig(
        String nodeName,
        HaMode haMode,
        PreferredServer preferred,
        String partner,
        String primaryAddress,
        int healthCheckPort,
        boolean healthCheckAllInterfaces,
        ProbeSources probeSources,
        int peerPort,
        int partnerPeerPort,
        int apiPort,
        Path dataDir,
        String pairingSecret,
        String pairingSecretPrevious,
        String adminPassword,
        RoleTiming timing,
        Duration shutdownDrain,
        Duration antiEntropyInterval,
        Path tlsCert,
        Path tlsKey,
        String dnsAddress,
        int dnsPort,
        int dnsReceiveBuffer,
        Duration geoPollInterval,
        Duration geoPollTimeout,
        Duration geoSyncInterval,
        String partnerUiUrl,
        String haproxy,
        ChronyHost chrony,
        boolean hostNetworkApplied,
        Duration networkConfirmTimeout,
        String ip,
        String ethtool,
        String tcpdump,
        NamingHost naming,
        WitnessSettings witness,
        Path balancerCheckTopology,
        Duration balancerCheckInterval,
        HealthSettings health,
        SelfCheckSettings selfCheck,
        List<Fingerprint> partnerFingerprints,
        String partnerName,
        Map<ConfigKey, ValueSource> sources) {

    public NodeConfig {
        partnerFingerprints = List.copyOf(partnerFingerprints);
        sources = Map.copyOf(sources);
    }

    public String healthCheckBindAddress() {
        return healthCheckAllInterfaces ? "0.0.0.0" : primaryAddress;
    }

    /** partner as the operator gave it: the DNS name, or the address. */
    public String partnerAsConfigured() {
        return partnerName != null ? partnerName : partner;
    }

    /** Where the running value of {@code key} came from. */
    public ValueSource sourceOf(ConfigKey key) {
        return sources.getOrDefault(key, ValueSource.DEFAULT);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "NodeConfig[name=" + nodeName + ", mode=" + haMode.key() + ", preferred=" + preferred.key()
                + ", partner=" + partner + ", primary=" + primaryAddress + ", check=" + healthCheckPort
                + (healthCheckAllInterfaces ? " (all interfaces)" : "") + ", peer=" + peerPort + ", api=" + apiPort
                + ", data=" + dataDir + "]";
    }
}
