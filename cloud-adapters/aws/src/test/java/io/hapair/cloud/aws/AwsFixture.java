package io.hapair.cloud.aws;

import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.run.PortSources;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pair behind NLB nlb-ha in eu-west-1, on instances i-0a1b... (node1, 10.0.1.4) and i-0f1e...
 * (node2, 10.0.1.5), publishing 443, managed against WireMock with fixed credentials.
 */
final class AwsFixture {

    static final int RETRY_ATTEMPTS = 3;
    // AWS's standard strategy (throttling codes included) with millisecond waits, so tests stay quick.
    static final RetryStrategy QUICK_RETRY = AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(RETRY_ATTEMPTS).backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
        .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5))).circuitBreakerEnabled(false)
        .build();
    static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create(
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    final List<String> output = new ArrayList<>();
    final CloudSettings settings;
    final PairTopology topology;

    AwsFixture(String endpoint, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
            "provider", "aws",
            "node1.address", "10.0.1.4",
            "node2.address", "10.0.1.5",
            "publishedPorts", "443",
            "clientSources", "10.0.0.0/16",
            "probeSources", "10.0.0.0/24,10.0.2.0/24",
            "aws.region", ElbXml.REGION,
            "aws.loadBalancer", ElbXml.BALANCER,
            "aws.node1Instance", NlbState.NODE1_INSTANCE,
            "aws.node2Instance", NlbState.NODE2_INSTANCE));
        values.put("aws.elbEndpoint", endpoint);
        values.put("aws.ec2Endpoint", endpoint);
        values.putAll(overrides);
        values.values().removeIf(String::isEmpty);
        this.settings = CloudSettings.of(values);
        this.topology = TopologySettings.read(settings, CloudShape.TARGET_GROUPS);
    }

    AwsProvider provider() {
        return AwsProvider.using(CREDENTIALS, QUICK_RETRY);
    }

    CloudRun run() {
        return CloudRun.open(settings, PortSources.none(), output::add, name -> provider());
    }

    String printed() {
        return String.join("\n", output);
    }
}
