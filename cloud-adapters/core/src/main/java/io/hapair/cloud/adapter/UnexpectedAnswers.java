package io.hapair.cloud.adapter;

import java.nio.charset.StandardCharsets;

/**
 * An answer a cloud API would never give: a success whose body is not the API's format (a proxy's
 * or captive portal's HTML page, say), or is cut short. Said plainly, with the endpoint and what
 * came back, instead of the SDK's parser error or a stack trace.
 */
public final class UnexpectedAnswers {

    // Enough of a body to recognise a proxy's page, short enough for one line.
    private static final int SHOWN_BYTES = 80;

    private UnexpectedAnswers() {
    }

    /**
     * @param api      what was asked, e.g. "Azure Resource Manager"
     * @param endpoint the URL asked
     * @param status   the HTTP status of the answer
     * @param expected the format the API answers in, e.g. "JSON"
     */
    public static CloudException notTheApiFormat(String api, String endpoint, int status, String expected,
                                                 String contentType, byte[] body) {
        return new CloudException(api + " at " + endpoint + " answered HTTP " + status + " with "
            + describe(contentType) + ", not " + expected + ": \"" + start(body) + "\"",
            "a proxy or gateway answered instead of the API: check the endpoint URL and the proxy settings "
                + "(HTTPS_PROXY, NO_PROXY)", null);
    }

    /** The body was the API's format but broke off or does not parse. */
    public static CloudException malformed(String api, String endpoint, String expected, byte[] body,
                                           String parserMessage) {
        return new CloudException(api + " at " + endpoint + " answered with malformed or truncated " + expected
            + " (" + body.length + " bytes, " + parserMessage + "), starting \"" + start(body) + "\"",
            "run the command again; if it persists, a proxy may be cutting answers short", null);
    }

    private static String describe(String contentType) {
        return contentType == null || contentType.isBlank() ? "no Content-Type" : "Content-Type " + contentType;
    }

    private static String start(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, SHOWN_BYTES), StandardCharsets.UTF_8);
        return text.replaceAll("\\s+", " ").trim() + (body.length > SHOWN_BYTES ? "..." : "");
    }
}
