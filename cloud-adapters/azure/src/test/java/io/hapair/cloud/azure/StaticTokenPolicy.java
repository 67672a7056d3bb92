package io.hapair.cloud.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;

import java.time.Duration;

/** A fixed bearer token, for a plain-HTTP stand-in for ARM (the SDK's bearer policy insists on HTTPS). */
final class StaticTokenPolicy extends HttpPipelineSyncPolicy {

    static final String TOKEN = "Bearer test-token";

    // Retries as in production, but quick, so throttling tests wait on Retry-After only.
    static final RetryOptions QUICK_RETRY = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(2)
        .setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofSeconds(2)));

    static AzureProvider provider() {
        HttpPipelinePolicy token = new StaticTokenPolicy();
        return AzureProvider.authenticatedBy(token, QUICK_RETRY);
    }

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, TOKEN);
    }
}
