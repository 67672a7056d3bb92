package io.hapair.cloud.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.Context;

/**
 * Makes a PUT conditional on the ETag we read, so a write never overwrites a change someone made
 * after our read: ARM answers 412 instead. The generated network clients have no ETag parameter,
 * so the condition travels in the call's {@link Context}; only the PUT carries it, not the
 * long-running operation's polls.
 */
final class IfMatchPolicy extends HttpPipelineSyncPolicy {

    private static final String KEY = "hapair.if-match";
    // "*" as If-None-Match: create only if nobody created the resource meanwhile.
    private static final String ANY = "*";

    /** Write only if the resource still has this ETag. */
    static Context ifMatch(String etag) {
        return new Context(KEY, etag);
    }

    /** Write only if the resource does not exist yet. */
    static Context ifNoneExists() {
        return new Context(KEY, "");
    }

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        if (context.getHttpRequest().getHttpMethod() != HttpMethod.PUT) {
            return;
        }
        context.getData(KEY).map(String.class::cast).ifPresent(etag -> {
            if (etag.isEmpty()) {
                context.getHttpRequest().setHeader(HttpHeaderName.IF_NONE_MATCH, ANY);
            } else {
                context.getHttpRequest().setHeader(HttpHeaderName.IF_MATCH, etag);
            }
        });
    }
}
