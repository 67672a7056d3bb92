package io.hapair.cloud.azure;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;

import java.util.Set;
import java.util.function.Function;

/** {@code --provider azure}: reads the {@code azure.*} settings and connects the Azure adapter. */
public final class AzureProvider implements CloudProvider {

    private final Function<AzureTarget, NetworkManagementClient> connector;

    /** Signs in through {@code DefaultAzureCredential}; this is what the CLI uses. */
    public AzureProvider() {
        this(ArmConnection::withDefaultCredential);
    }

    private AzureProvider(Function<AzureTarget, NetworkManagementClient> connector) {
        this.connector = connector;
    }

    /**
     * For callers that bring their own authentication (a fixed token, say) and retry limits; tests
     * use it to reach a plain-HTTP stand-in for ARM, to which bearer tokens are never sent.
     */
    public static AzureProvider authenticatedBy(HttpPipelinePolicy authentication, RetryOptions retry) {
        return new AzureProvider(target -> ArmConnection.connect(target, authentication, retry));
    }

    @Override
    public String name() {
        return "azure";
    }

    /** One pool and probe shared by the balancer's rules; an NSG of prioritized allow and deny rules. */
    @Override
    public CloudShape shape() {
        return CloudShape.SHARED_POOL;
    }

    @Override
    public Set<String> settingKeys() {
        return AzureTarget.KEYS;
    }

    @Override
    public CloudAdapter connect(CloudSettings settings, PairTopology topology) {
        AzureTarget target = AzureTarget.from(settings);
        return new AzureLoadBalancerAdapter(target, topology,
            new AzureNetworkRepository(connector.apply(target), target.armEndpoint()));
    }
}
