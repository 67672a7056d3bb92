package io.hapair.node.dataplane.model;

import java.util.List;

/**
 * One virtual service as the data plane sees it.
 *
 * @param name the virtual service's name
 * @param up whether any real server takes connections (HAProxy's backend status)
 * @param currentSessions client connections open now
 * @param totalSessions client connections since the data plane last reloaded
 * @param bytesIn bytes from clients
 * @param bytesOut bytes to clients
 * @param realServers in the order of the configuration
 */
public record ServiceStats(String name, boolean up, long currentSessions, long totalSessions, long bytesIn,
                           long bytesOut, List<RealServerStats> realServers) {

    public ServiceStats {
        realServers = List.copyOf(realServers);
    }
}
