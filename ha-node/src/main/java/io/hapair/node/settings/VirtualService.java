package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hapair.geo.IpAddress;
import java.util.List;

/**
 * A virtual service: the port clients connect to, and the real servers behind it.
 *
 * <p>Each node's data plane listens for it on the node's own address (primary-address) at
 * {@code port}: behind the cloud balancer, with floating IP off, a client's connection to the
 * balancer's frontend arrives at the active node's own address. So one document serves on both
 * nodes as it is, and two services on one port clash on a node whatever their published addresses.
 *
 * @param name the id of the document; unique among virtual services
 * @param address the published address: the cloud balancer's frontend address clients use (canonical
 *     form, so one address has one spelling); not a bind address, the data plane shows it as the
 *     listener's description
 * @param port where the data plane listens on each node, and the published port
 * @param protocol tcp forwards bytes; http and https also understand requests; https terminates TLS
 * @param certificates https only: the names of the virtual-service certificates presented, the
 *     default first (the others are chosen by the name a client asks for, SNI)
 * @param scheduling how a new connection picks a real server
 * @param persistence whether a client keeps going to the same real server
 * @param idleTimeoutSeconds how long an idle connection is kept
 * @param healthCheck how real servers are checked
 * @param enabled a disabled service is kept but does not listen
 * @param realServers where connections go, in the operator's order
 */
public record VirtualService(String name, String address, Integer port, Protocol protocol, List<String> certificates,
                             Scheduling scheduling, Persistence persistence, Integer idleTimeoutSeconds,
                             HealthCheck healthCheck, Boolean enabled, List<RealServer> realServers) {

    // Four minutes, the cloud balancer's idle timeout (DESIGN.md): a longer one would keep flows the
    // balancer in front has already dropped.
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 240;
    private static final Integer DEFAULT_IDLE_TIMEOUT = DEFAULT_IDLE_TIMEOUT_SECONDS;

    @Unsupported(value = "udp", because = "the data plane, HAProxy's free edition, balances tcp, http and https "
            + "only")
    public enum Protocol {
        @JsonProperty("tcp") TCP,
        @JsonProperty("http") HTTP,
        @JsonProperty("https") HTTPS;

        /** Whether the data plane reads requests (http, https), rather than forwarding bytes (tcp). */
        public boolean http() {
            return this != TCP;
        }
    }

    /**
     * Round robin and least connection use the real servers' weights either way: with the default
     * weight 1 everywhere they are the unweighted kinds. The weighted names stay for operators who
     * think in them.
     */
    public enum Scheduling {
        @JsonProperty("round-robin") ROUND_ROBIN,
        @JsonProperty("weighted-round-robin") WEIGHTED_ROUND_ROBIN,
        @JsonProperty("least-connection") LEAST_CONNECTION,
        @JsonProperty("weighted-least-connection") WEIGHTED_LEAST_CONNECTION,
        @JsonProperty("source-ip-hash") SOURCE_IP_HASH
    }

    public VirtualService {
        address = IpAddress.canonical(address);
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        // Round robin needs no weights, so it does what an operator expects before choosing.
        scheduling = scheduling == null ? Scheduling.ROUND_ROBIN : scheduling;
        // The defaults, when given or read back from the store, are the shared instances: a node holds every
        // stored service, and most use them (80 bytes a service, 0.8 MB at 10,000).
        persistence = persistence == null || persistence.equals(Persistence.NONE) ? Persistence.NONE : persistence;
        idleTimeoutSeconds = idleTimeoutSeconds == null || idleTimeoutSeconds == DEFAULT_IDLE_TIMEOUT_SECONDS
                ? DEFAULT_IDLE_TIMEOUT : idleTimeoutSeconds;
        healthCheck = healthCheck == null || healthCheck.equals(HealthCheck.TCP_CONNECT) ? HealthCheck.TCP_CONNECT
                : healthCheck;
        // A service is written to be served; disabling one is the explicit act.
        enabled = enabled == null ? Boolean.TRUE : enabled;
        realServers = realServers == null ? List.of() : List.copyOf(realServers);
    }
}
