package io.hapair.node.dataplane.model;

/**
 * One real server as the data plane sees it.
 *
 * @param ref the real server
 * @param status its state
 * @param statusText HAProxy's own words, such as "UP 1/2" (failing once, not yet taken out)
 * @param weight the weight it has now (the runtime API may have changed it)
 * @param currentSessions connections open now
 * @param totalSessions connections since the data plane last reloaded
 * @param bytesIn bytes from clients to the server
 * @param bytesOut bytes from the server to clients
 * @param checkFailures failed health checks
 * @param lastCheck the last health check's result, such as "L7STS 503: Layer7 wrong status (Service
 *     Unavailable)": HAProxy's code, its meaning and what the server said; "INI: Initializing" before the first
 */
public record RealServerStats(RealServerRef ref, ServerStatus status, String statusText, int weight,
                              long currentSessions, long totalSessions, long bytesIn, long bytesOut,
                              long checkFailures, String lastCheck) {
}
