package io.hapair.geo;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How this unit checks a {@code default} GEO cluster: the site is asked directly, as a load balancer
 * asks a real server. Local clusters follow the pair's state and remote ones their own API, so only
 * default clusters have a check.
 *
 * @param type tcp: the port accepts a connection; http and https: a GET gets {@code expectStatus};
 *     none: not checked, always up
 * @param port where the site is asked; absent for none
 * @param path for http and https only; absolute, such as {@code /health}
 * @param expectStatus for http and https only: the one status that counts as up
 */
public record GeoCheck(Type type, Integer port, String path, Integer expectStatus) {

    // Port 80 and 443: a GEO cluster is usually a web site, and these are where it listens.
    public static final int DEFAULT_HTTP_PORT = 80;
    public static final int DEFAULT_HTTPS_PORT = 443;
    // What a healthy web site answers to a plain GET of its root.
    public static final int DEFAULT_EXPECT_STATUS = 200;

    /** The check of a default cluster that names none: it needs nothing from the site but a listening port. */
    public static final GeoCheck DEFAULT = new GeoCheck(null, null, null, null);

    public enum Type {
        @JsonProperty("tcp") TCP,
        @JsonProperty("http") HTTP,
        @JsonProperty("https") HTTPS,
        @JsonProperty("none") NONE
    }

    public GeoCheck {
        type = type == null ? Type.TCP : type; // as DEFAULT above
        if (type != Type.NONE && port == null) {
            port = type == Type.HTTPS ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
        }
        if (type == Type.HTTP || type == Type.HTTPS) {
            path = path == null ? "/" : path; // the site's root: every web site answers there
            expectStatus = expectStatus == null ? DEFAULT_EXPECT_STATUS : expectStatus;
        }
    }

    /** Whether this unit asks the site at all. */
    public boolean active() {
        return type != Type.NONE;
    }
}
