package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the real servers of a virtual service are checked.
 *
 * @param type tcp-connect: the port accepts a connection; http: a request gets the expected status
 * @param method for http only
 * @param path for http only; absolute, such as {@code /health}
 * @param expectedStatus for http only
 * @param intervalSeconds time between two checks of one real server
 * @param retries failed checks in a row that take a real server out (HAProxy's fall)
 * @param rise passed checks in a row that bring it back
 */
public record HealthCheck(Type type, Method method, String path, Integer expectedStatus, Integer intervalSeconds,
                          Integer retries, Integer rise) {

    // The cloud balancer's own cadence (DESIGN.md: probe every 5 s, unhealthy after 2), so a dead real
    // server leaves its service about as fast as a dead node leaves the cloud pool.
    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_RETRIES = 2;
    // HAProxy's own default: two good answers in a row, so one lucky answer of a flapping server is not enough.
    public static final int DEFAULT_RISE = 2;

    /** The check a service gets when it names none: it needs nothing from a server but a listening port. */
    public static final HealthCheck TCP_CONNECT = new HealthCheck(Type.TCP_CONNECT, null, null, null, null, null,
            null);

    public enum Type {
        @JsonProperty("tcp-connect") TCP_CONNECT,
        @JsonProperty("http") HTTP
    }

    /** HTTP method names are upper case on the wire, so they are here too. */
    public enum Method {
        @JsonProperty("GET") GET,
        @JsonProperty("HEAD") HEAD,
        @JsonProperty("POST") POST
    }

    public HealthCheck {
        type = type == null ? Type.TCP_CONNECT : type; // as TCP_CONNECT above
        if (type == Type.HTTP) {
            method = method == null ? Method.GET : method; // what a browser or curl sends
            path = path == null ? "/" : path;
            expectedStatus = expectedStatus == null ? 200 : expectedStatus;
        }
        intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        retries = retries == null ? DEFAULT_RETRIES : retries;
        rise = rise == null ? DEFAULT_RISE : rise;
    }
}
