package io.hapair.node.dataplane.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The node-side facts every rendering uses: where the listeners bind and where the data plane keeps
 * its files.
 *
 * @param ownAddress the node's own address (primary-address): every virtual service listens there,
 *     because behind the cloud balancer (floating IP off) traffic arrives at the node's own address
 * @param directory the data plane's directory (absolute): configuration, sockets, certificates, state
 * @param reservedPorts TCP ports the node itself listens on at {@code ownAddress}, with what listens
 *     (such as 8443 -> "the node's API"); a virtual service on one of them is refused before HAProxy
 *     would fail to bind it
 */
public record DataPlaneHost(String ownAddress, String directory, Map<Integer, String> reservedPorts) {

    /** The data plane's directory under a node's data-dir. */
    public static final String DIRECTORY_IN_DATA_DIR = "data-plane";
    /** HAProxy's master CLI: reload, process list. */
    public static final String MASTER_SOCKET = "haproxy-master.sock";
    /** HAProxy's runtime API (admin level): statistics, server state and weight without a reload. */
    public static final String STATS_SOCKET = "haproxy.sock";
    public static final String CONFIG = "haproxy.cfg";
    public static final String PID_FILE = "haproxy.pid";
    /** Server states dumped before a reload and read back by the new worker. */
    public static final String STATE_FILE = "haproxy.state";
    /** Certificates of https services, one PEM file (chain, then key) each. */
    public static final String CERTIFICATES = "certs";

    public DataPlaneHost {
        reservedPorts = Map.copyOf(new TreeMap<>(reservedPorts));
    }

    /** The absolute path of a file in the directory, such as {@link #STATS_SOCKET}. */
    public String path(String name) {
        return directory + "/" + name;
    }
}
