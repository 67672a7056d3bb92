package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.Deadline;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Gives each call, retries included, only the time the command has left: a call starting late gets
 * a shorter limit, and none starts once the deadline has passed.
 */
final class DeadlineInterceptor implements ExecutionInterceptor {

    private final Deadline deadline;
    private final String endpoint;

    DeadlineInterceptor(Deadline deadline, String endpoint) {
        this.deadline = deadline;
        this.endpoint = endpoint;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (deadline.passed()) {
            throw deadline.exceeded("AWS at " + endpoint, null);
        }
        if (context.request() instanceof AwsRequest request) {
            return request.toBuilder().overrideConfiguration(configuration -> configuration
                .apiCallTimeout(deadline.remaining())).build();
        }
        return context.request();
    }
}
