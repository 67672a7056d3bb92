package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.topology.InvalidTopologyException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.net.URI;
import java.util.Optional;

/**
 * Builds the SDK clients: the JDK's URL connection (Netty stays Vert.x's), the region, the
 * credentials, the retry strategy, and the endpoint override that VPC endpoints and tests use.
 */
final class AwsConnection {

    /**
     * The SDK's standard mode retries throttling (ELB's Throttling, EC2's RequestLimitExceeded) and
     * transient errors with exponential backoff and jitter, throttling with the longer base delay.
     * Five attempts ride out a burst, about half a minute at worst; then the operator gets a clear
     * error instead of a long hang.
     */
    static final String ELB = "elasticloadbalancing";
    static final String EC2 = "ec2";

    static final RetryStrategy DEFAULT_RETRY = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5)
        .build();

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final RetryStrategy retry;
    private final Deadline deadline;

    AwsConnection(String region, AwsCredentialsProvider credentials, RetryStrategy retry, Deadline deadline) {
        this.region = Region.of(region);
        this.credentials = credentials;
        this.retry = retry;
        this.deadline = deadline;
    }

    /** The region of the SDK's chain: AWS_REGION, the profile, or the instance's metadata. */
    static String regionFromChain() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException none) {
            throw new InvalidTopologyException("aws.region", "missing, and the SDK finds none (" + none.getMessage()
                + ")", "give --region, e.g. eu-west-1, or set AWS_REGION");
        }
    }

    ElasticLoadBalancingV2Client elb(Optional<URI> endpoint) {
        return configure(ElasticLoadBalancingV2Client.builder(), endpoint, endpoint(ELB, endpoint).url()).build();
    }

    Ec2Client ec2(Optional<URI> endpoint) {
        return configure(Ec2Client.builder(), endpoint, endpoint(EC2, endpoint).url()).build();
    }

    /** Where a service is reached, for error messages, with the command's deadline. */
    ServiceEndpoint endpoint(String service, Optional<URI> endpoint) {
        return new ServiceEndpoint(endpoint.map(URI::toString)
            .orElse("https://" + service + "." + region.id() + ".amazonaws.com"), deadline);
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
                                                                                      Optional<URI> endpoint,
                                                                                      String url) {
        // The socket may wait as long as the command may; the deadline interceptor shortens each call.
        builder.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(deadline.limit())
                .socketTimeout(deadline.limit()))
            .region(region).credentialsProvider(credentials)
            .overrideConfiguration(configuration -> configuration.retryStrategy(retry)
                .addExecutionInterceptor(new DeadlineInterceptor(deadline, url))
                .addExecutionInterceptor(new QueryAnswerInterceptor()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
