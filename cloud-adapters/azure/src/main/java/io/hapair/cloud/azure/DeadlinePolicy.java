package io.hapair.cloud.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import io.hapair.cloud.adapter.Deadline;

/**
 * Holds every attempt to the command's deadline: none starts once it has passed, and each may wait
 * for its answer only as long as the command has left (the JDK client honours the per-request
 * response timeout). Sits inside the retry policy, so retries come out of the same budget.
 */
final class DeadlinePolicy extends HttpPipelineSyncPolicy {

    // The JDK HTTP client's per-request response timeout, read from the call's context.
    private static final String RESPONSE_TIMEOUT = "azure-response-timeout";

    private final Deadline deadline;

    DeadlinePolicy(Deadline deadline) {
        this.deadline = deadline;
    }

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        if (deadline.passed()) {
            throw deadline.exceeded("Azure Resource Manager at " + context.getHttpRequest().getUrl(), null);
        }
        context.setData(RESPONSE_TIMEOUT, deadline.remaining());
    }
}
