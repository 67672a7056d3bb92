package io.hapair.cloud.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.cloud.adapter.UnexpectedAnswers;

import java.io.IOException;
import java.util.Locale;

/**
 * Checks that an answer with a body is ARM's JSON, and a successful one well-formed JSON, before the
 * SDK's deserializer sees it: a proxy's HTML page would otherwise surface as "Unsupported text
 * Content-Type", and JSON cut short as an I/O error read as "cannot reach Azure Resource Manager".
 * Sits outside the retry policy, so it judges the answer that is final.
 */
final class ArmAnswerPolicy extends HttpPipelineSyncPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "Azure Resource Manager";

    @Override
    protected HttpResponse afterReceivedResponse(HttpPipelineCallContext context, HttpResponse response) {
        int status = response.getStatusCode();
        HttpResponse buffered = response.buffer();
        byte[] body = buffered.getBodyAsBinaryData().toBytes();
        if (body.length == 0) {
            return buffered;
        }
        String endpoint = context.getHttpRequest().getUrl().toString();
        String contentType = buffered.getHeaderValue(HttpHeaderName.CONTENT_TYPE);
        // Errors too: a gateway's 502 page would otherwise fail in the SDK's error deserializer.
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw UnexpectedAnswers.notTheApiFormat(API, endpoint, status, "JSON", contentType, body);
        }
        if (status < 200 || status > 299) {
            return buffered;
        }
        try {
            JSON.readTree(body);
        } catch (JacksonException broken) {
            throw UnexpectedAnswers.malformed(API, endpoint, "JSON", body, broken.getOriginalMessage());
        } catch (IOException unreadable) {
            throw UnexpectedAnswers.malformed(API, endpoint, "JSON", body, unreadable.getMessage());
        }
        return buffered;
    }
}
