package io.hapair.node.settings;

/**
 * Settings of the web user interface that both nodes share.
 *
 * @param sessionTimeoutSeconds how long an idle WUI session stays logged in
 */
public record WuiSettings(Integer sessionTimeoutSeconds) {

    // Half an hour: long enough for a change that needs reading, short enough for a browser left open.
    public static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 1800;

    public WuiSettings {
        sessionTimeoutSeconds = sessionTimeoutSeconds == null ? DEFAULT_SESSION_TIMEOUT_SECONDS : sessionTimeoutSeconds;
    }
}
