package io.hapair.node.settings;

import io.hapair.geo.IpAddress;

/**
 * A server behind a virtual service.
 *
 * @param address where connections go (canonical form)
 * @param port where connections go; a real server may listen on another port than the service
 * @param weight its share of new connections, from 0 to 256 (HAProxy's range); 0 takes no new connections but
 *     keeps the ones it has
 * @param enabled a disabled real server is kept but gets no new connections
 * @param backup gets connections only while no other enabled real server of the service is healthy
 */
public record RealServer(String address, Integer port, Integer weight, Boolean enabled, Boolean backup) {

    // Weight 1 for all gives weighted scheduling an equal share per server until the operator says otherwise.
    public static final int DEFAULT_WEIGHT = 1;
    // HAProxy's range (a larger weight fails its configuration check).
    public static final int MAX_WEIGHT = 256;

    public RealServer {
        address = IpAddress.canonical(address);
        weight = weight == null ? DEFAULT_WEIGHT : weight;
        enabled = enabled == null ? Boolean.TRUE : enabled; // written to take traffic; disabling is the explicit act
        backup = backup == null ? Boolean.FALSE : backup; // a backup is a deliberate choice
    }
}
