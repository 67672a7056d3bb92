package io.hapair.node.config;

import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.run.CloudProviders;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologyFile;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks {@code balancer-check-topology} at start, as far as it can be checked without the cloud: the
 * file reads as a topology of a known provider, without unknown settings, and names this node. A bad
 * file then stops the start with the fix instead of failing every run of the self-check. The provider's
 * own settings (subscription, balancer name) are checked by the first run, which connects.
 */
final class BalancerTopology {

    private static final String TOPOLOGY_FLAG = "--topology";

    private BalancerTopology() {
    }

    /** What is wrong with the file, said after its quoted path; empty when nothing is. */
    static Optional<String> problem(Path file, String primaryAddress) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.of("is not a readable file; give the path of the pair's topology file (the YAML file"
                    + " of hanode cloud --topology), e.g. /etc/hanode/cloud-topology.yaml");
        }
        PairTopology topology;
        try {
            CloudSettings settings = TopologyFile.read(file);
            CloudProvider provider = CloudProviders.named(settings.required("provider",
                    "name the cloud, e.g. provider: azure"));
            Set<String> known = new HashSet<>(TopologySettings.KEYS);
            known.addAll(provider.settingKeys());
            settings.rejectUnknown(known);
            topology = TopologySettings.read(settings, provider.shape());
        } catch (InvalidTopologyException bad) {
            // The file's own problems (YAML syntax) are reported by TopologyFile under the CLI's flag name.
            String why = bad.field().equals(TOPOLOGY_FLAG) ? bad.getMessage().substring(TOPOLOGY_FLAG.length() + 2)
                    : bad.getMessage();
            return Optional.of("is not a usable topology file: " + why);
        }
        if (primaryAddress != null && topology.nodes().stream().noneMatch(n -> n.address().equals(primaryAddress))) {
            return Optional.of("does not name this node: neither node1.address (" + topology.node1().address()
                    + ") nor node2.address (" + topology.node2().address() + ") is its primary-address "
                    + primaryAddress + "; give the pair's topology, the same file on both nodes");
        }
        return Optional.empty();
    }
}
