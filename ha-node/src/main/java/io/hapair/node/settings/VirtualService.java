package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hapair.geo.IpAddress;
import java.util.List;

/**
 * A virtual service: the address and port clients connect to, and the real servers behind it.
 *
 * @param name the id of the document; unique among virtual services
 * @param address where clients connect (canonical form, so one address has one spelling)
 * @param port where clients connect
 * @param protocol tcp and udp forward bytes; http and https also understand requests
 * @param scheduling how a new connection picks a real server
 * @param persistence whether a client keeps going to the same real server
 * @param idleTimeoutSeconds how long an idle connection is kept
 * @param healthCheck how real servers are checked
 * @param enabled a disabled service is kept but does not listen
 * @param realServers where connections go, in the operator's order
 */
public record VirtualService(String name, String address, Integer port, Protocol protocol, Scheduling scheduling,
                             Persistence persistence, Integer idleTimeoutSeconds, HealthCheck healthCheck,
                             Boolean enabled, List<RealServer> realServers) {

    // Four minutes, the cloud balancer's idle timeout (DESIGN.md): a longer one would keep flows the
    // balancer in front has already dropped.
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 240;

    public enum Protocol {
        @JsonProperty("tcp") TCP,
        @JsonProperty("udp") UDP,
        @JsonProperty("http") HTTP,
        @JsonProperty("https") HTTPS;

        /** The transport a listener binds: two services on one address and port clash when this is equal. */
        public String transport() {
            return this == UDP ? "udp" : "tcp";
        }
    }

    public enum Scheduling {
        @JsonProperty("round-robin") ROUND_ROBIN,
        @JsonProperty("weighted-round-robin") WEIGHTED_ROUND_ROBIN,
        @JsonProperty("least-connection") LEAST_CONNECTION,
        @JsonProperty("weighted-least-connection") WEIGHTED_LEAST_CONNECTION,
        @JsonProperty("source-ip-hash") SOURCE_IP_HASH
    }

    public VirtualService {
        address = IpAddress.canonical(address);
        // Round robin needs no weights, so it does what an operator expects before choosing.
        scheduling = scheduling == null ? Scheduling.ROUND_ROBIN : scheduling;
        persistence = persistence == null ? Persistence.NONE : persistence;
        idleTimeoutSeconds = idleTimeoutSeconds == null ? DEFAULT_IDLE_TIMEOUT_SECONDS : idleTimeoutSeconds;
        healthCheck = healthCheck == null ? HealthCheck.TCP_CONNECT : healthCheck;
        // A service is written to be served; disabling one is the explicit act.
        enabled = enabled == null ? Boolean.TRUE : enabled;
        realServers = realServers == null ? List.of() : List.copyOf(realServers);
    }
}
