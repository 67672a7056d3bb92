package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.RetryStrategy;

import java.util.Set;
import java.util.function.Supplier;

/** {@code --provider aws}: reads the {@code aws.*} settings and connects the NLB adapter. */
public final class AwsProvider implements CloudProvider {

    private final Supplier<AwsCredentialsProvider> credentials;
    private final RetryStrategy retry;

    /** Credentials from the SDK's default chain (environment, profile, SSO, web identity, instance role). */
    public AwsProvider() {
        this(() -> DefaultCredentialsProvider.builder().build(), AwsConnection.DEFAULT_RETRY);
    }

    private AwsProvider(Supplier<AwsCredentialsProvider> credentials, RetryStrategy retry) {
        this.credentials = credentials;
        this.retry = retry;
    }

    /** For callers that bring their own credentials and retry limits; tests use it to reach WireMock quickly. */
    public static AwsProvider using(AwsCredentialsProvider credentials, RetryStrategy retry) {
        return new AwsProvider(() -> credentials, retry);
    }

    @Override
    public String name() {
        return "aws";
    }

    /** A target group per listener, each with its own targets and health check; allow-only security groups. */
    @Override
    public CloudShape shape() {
        return CloudShape.TARGET_GROUPS;
    }

    @Override
    public Set<String> settingKeys() {
        return AwsTarget.KEYS;
    }

    @Override
    public CloudAdapter connect(CloudSettings settings, PairTopology topology) {
        return connect(settings, topology, Deadline.after(TopologySettings.timeout(settings)));
    }

    @Override
    public CloudAdapter connect(CloudSettings settings, PairTopology topology, Deadline deadline) {
        AwsLimits.check(topology, settings);
        AwsTarget target = AwsTarget.from(settings, topology.namePrefix());
        String region = target.region().orElseGet(AwsConnection::regionFromChain);
        AwsCredentialsProvider provider = credentials.get();
        try {
            // Resolved here, once, so that missing credentials read as such and not as a failed call.
            provider.resolveCredentials();
        } catch (SdkClientException missing) {
            throw AwsErrors.noCredentials(missing);
        }
        AwsConnection connection = new AwsConnection(region, provider, retry, deadline);
        return new AwsLoadBalancerAdapter(target, region, topology,
            new NlbRepository(connection.elb(target.elbEndpoint()),
                connection.endpoint(AwsConnection.ELB, target.elbEndpoint())),
            new Ec2Repository(connection.ec2(target.ec2Endpoint()),
                connection.endpoint(AwsConnection.EC2, target.ec2Endpoint())));
    }
}
