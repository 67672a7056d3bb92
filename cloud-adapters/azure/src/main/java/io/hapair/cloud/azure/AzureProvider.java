package io.hapair.cloud.azure;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code --provider azure}: reads the {@code azure.*} settings and connects the Azure adapter. */
public final class AzureProvider implements CloudProvider {

    private static final String AZ = "az";

    private final BiFunction<AzureTarget, Deadline, NetworkManagementClient> connector;
    private final AzureCliSubscription subscriptions;
    private final Duration busyRetryDelay;

    /**
     * Signs in through {@code DefaultAzureCredential}; this is what the CLI uses. Without
     * {@code azure.subscription} it asks the Azure CLI which one {@code az login} selected.
     */
    public AzureProvider() {
        this(ArmConnection::withDefaultCredential, ArmConnection.DEFAULT_RETRY, AZ);
    }

    private AzureProvider(BiFunction<AzureTarget, Deadline, NetworkManagementClient> connector, RetryOptions retry,
                          String az) {
        this.connector = connector;
        this.subscriptions = new AzureCliSubscription(az);
        this.busyRetryDelay = retry.getExponentialBackoffOptions().getBaseDelay();
    }

    /**
     * For callers that bring their own authentication (a fixed token, say) and retry limits; tests
     * use it to reach a plain-HTTP stand-in for ARM, to which bearer tokens are never sent.
     */
    public static AzureProvider authenticatedBy(HttpPipelinePolicy authentication, RetryOptions retry) {
        return authenticatedBy(authentication, retry, AZ);
    }

    /** As {@link #authenticatedBy(HttpPipelinePolicy, RetryOptions)}, asking {@code az} at that path for a missing subscription. */
    static AzureProvider authenticatedBy(HttpPipelinePolicy authentication, RetryOptions retry, String az) {
        return new AzureProvider((target, deadline) -> ArmConnection.connect(target, authentication, retry, deadline),
            retry, az);
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
        return connect(settings, topology, Deadline.after(TopologySettings.timeout(settings)));
    }

    @Override
    public CloudAdapter connect(CloudSettings settings, PairTopology topology, Deadline deadline) {
        CloudSettings complete = settings.has("azure.subscription") ? settings
            : settings.overriddenBy(Map.of("azure.subscription", subscriptions.lookUp(deadline)));
        AzureTarget target = AzureTarget.from(complete);
        return new AzureLoadBalancerAdapter(target, topology, new AzureNetworkRepository(
            connector.apply(target, deadline), target.armEndpoint(), deadline, busyRetryDelay));
    }
}
