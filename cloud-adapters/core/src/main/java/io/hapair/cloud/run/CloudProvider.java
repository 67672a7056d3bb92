package io.hapair.cloud.run;

import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;

import java.util.Set;

/**
 * A cloud the pair can be wired in, found through {@link java.util.ServiceLoader}: a provider module
 * lists its implementation in {@code META-INF/services/io.hapair.cloud.run.CloudProvider}, and the
 * CLI's {@code --provider NAME} picks it without knowing its classes.
 */
public interface CloudProvider {

    /** The {@code --provider} value, e.g. "azure". */
    String name();

    /** The provider's own setting keys, e.g. "azure.resourceGroup"; all must start with {@code name() + "."}. */
    Set<String> settingKeys();

    /** How this cloud's balancer and firewall are built, which shapes the pair's topology. */
    CloudShape shape();

    /**
     * Checks the provider's settings (bad input names the key) and connects an adapter whose calls
     * share one deadline, of the settings' {@code timeout} from now.
     */
    CloudAdapter connect(CloudSettings settings, PairTopology topology);

    /** As {@link #connect(CloudSettings, PairTopology)}, with every call held to the command's deadline. */
    default CloudAdapter connect(CloudSettings settings, PairTopology topology, Deadline deadline) {
        return connect(settings, topology);
    }
}
