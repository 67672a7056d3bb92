package io.hapair.node.dataplane.model;

/**
 * A rendered real server and what HAProxy's runtime API can change of it without a reload.
 *
 * @param ref the real server
 * @param backend HAProxy's proxy name: the virtual service's name
 * @param server HAProxy's server name: address:port, so that its state follows it across reloads
 *     however the operator reorders the list
 * @param weight as rendered
 * @param enabled false renders it disabled (maintenance)
 */
public record ServerSetting(RealServerRef ref, String backend, String server, int weight, boolean enabled) {

    static String serverName(String address, int port) {
        return address + ":" + port;
    }
}
