package io.hapair.cloud.topology;

/** Whether the balancer pins a client to one node; a pair wants {@code NONE} so a failover moves everyone. */
public enum SessionPersistence {
    NONE,
    CLIENT_IP,
    CLIENT_IP_AND_PROTOCOL
}
