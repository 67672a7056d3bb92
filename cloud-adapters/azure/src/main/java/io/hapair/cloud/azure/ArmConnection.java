package io.hapair.cloud.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;

import io.hapair.cloud.adapter.CauseChain;
import io.hapair.cloud.adapter.Deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Builds the SDK's network client on our own HTTP pipeline: the JDK HTTP client (Netty stays
 * Vert.x's), a check that answers are ARM's JSON, conditional writes, ARM's retry and throttling
 * behaviour held to the command's deadline, and authentication. The endpoint comes from the
 * target, which is how tests reach WireMock.
 */
final class ArmConnection {

    // ARM throttles per subscription and answers 429 with Retry-After, which the policy honours.
    // Four retries ride out a burst within the command's deadline, which ends them in any case.
    static final RetryOptions DEFAULT_RETRY = new RetryOptions(new ExponentialBackoffOptions()
        .setMaxRetries(4).setBaseDelay(Duration.ofSeconds(2)).setMaxDelay(Duration.ofSeconds(10)));

    private ArmConnection() {
    }

    /** Signs in through the standard chain: environment, workload or managed identity, Azure CLI. */
    static NetworkManagementClient withDefaultCredential(AzureTarget target, Deadline deadline) {
        TokenCredential credential = new DefaultAzureCredentialBuilder().build();
        // ARM's token audience is its own endpoint, e.g. https://management.azure.com/.default.
        String scope = target.armEndpoint() + "/.default";
        return connect(target, new BearerTokenAuthenticationPolicy(credential, scope), DEFAULT_RETRY, deadline);
    }

    static NetworkManagementClient connect(AzureTarget target, HttpPipelinePolicy authentication, RetryOptions retry,
                                           Deadline deadline) {
        HttpPipeline pipeline = new HttpPipelineBuilder()
            .httpClient(new JdkHttpClientBuilder().connectionTimeout(deadline.limit()).build())
            .policies(new RequestIdPolicy(), new ArmAnswerPolicy(), new IfMatchPolicy(),
                new RetryPolicy(retryTransientOnly(retry)), new DeadlinePolicy(deadline), authentication)
            .build();
        AzureEnvironment environment = new AzureEnvironment(Map.of("resourceManagerEndpointUrl",
            target.armEndpoint()));
        return NetworkManager.authenticate(pipeline, new AzureProfile(null, target.subscription(), environment))
            .serviceClient();
    }

    /**
     * Retries what ARM's answer or a network hiccup calls for, but not a failed sign-in (which would
     * run {@code az} and the rest of the credential chain again for the same answer), an answer that
     * is not ARM's, or a command out of time.
     */
    private static RetryOptions retryTransientOnly(RetryOptions retry) {
        ExponentialBackoff statusRules = new ExponentialBackoff(retry.getExponentialBackoffOptions());
        return new RetryOptions(retry.getExponentialBackoffOptions()).setShouldRetryCondition(
            (RequestRetryCondition condition) -> condition.getResponse() != null
                ? statusRules.shouldRetry(condition.getResponse())
                : !CauseChain.contains(condition.getThrowable(), ClientAuthenticationException.class)
                    && (CauseChain.contains(condition.getThrowable(), IOException.class)
                        || CauseChain.contains(condition.getThrowable(), TimeoutException.class)));
    }
}
