package io.hapair.cloud.topology;

/** How the balancer probes a node: only HTTP tells the active node (200) from the standby (503). */
public enum ProbeProtocol {
    HTTP,
    HTTPS,
    TCP
}
