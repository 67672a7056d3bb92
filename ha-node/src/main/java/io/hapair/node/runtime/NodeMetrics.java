package io.hapair.node.runtime;

import io.hapair.node.geo.DnsStats;
import io.hapair.node.http.FailedLogins;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.role.Activity;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.TransitionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prometheus metrics of one node: role, activity, transitions by reason, probes, heartbeat RTT, refusals,
 * GEO DNS queries by result and transport, failed and throttled logins.
 */
public final class NodeMetrics implements FailedLogins.Counts {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter probesActive;
    private final Counter probesStandby;
    private final Map<FailedLogins.Method, Counter> loginFailures = new EnumMap<>(FailedLogins.Method.class);
    private final Map<FailedLogins.Method, Counter> loginsThrottled = new EnumMap<>(FailedLogins.Method.class);

    public NodeMetrics(NodeIdentity self, Supplier<Activity> activity, PeerStats peer, DnsStats dns) {
        Gauge.builder("hanode_role", () -> 1).tag("node", self.nodeName()).tag("mode", self.mode().key())
                .tag("version", self.softwareVersion()).description("Configured HA mode of this node").register(registry);
        Gauge.builder("hanode_active", () -> activity.get() == Activity.ACTIVE ? 1 : 0)
                .description("1 when this node answers 200 on the health-check port").register(registry);
        probesActive = Counter.builder("hanode_probes_total").tag("answer", "200")
                .description("Health-check probes answered").register(registry);
        probesStandby = Counter.builder("hanode_probes_total").tag("answer", "503")
                .description("Health-check probes answered").register(registry);
        if (peer != null) {
            Gauge.builder("hanode_heartbeat_rtt_seconds", () -> peer.lastRttMillis() < 0 ? Double.NaN : peer.lastRttMillis() / 1000.0)
                    .description("Round-trip time of the last heartbeat echo").register(registry);
            FunctionCounter.builder("hanode_peer_refused_total", peer, PeerStats::refused)
                    .description("Peer connections or frames refused (wrong secret, wrong source, malformed)").register(registry);
            FunctionCounter.builder("hanode_heartbeats_received_total", peer, PeerStats::heartbeatsReceived)
                    .description("Authenticated heartbeats received from the partner").register(registry);
        }
        for (DnsStats.Result result : DnsStats.Result.values()) {
            for (DnsStats.Transport transport : DnsStats.Transport.values()) {
                FunctionCounter.builder("hanode_dns_queries_total", dns, d -> d.count(result, transport))
                        .tag("result", result.tag()).tag("transport", transport.tag())
                        .description("GEO DNS packets received, by what became of them (malformed: dropped unanswered)")
                        .register(registry);
            }
        }
        // Not a result: a truncated answer is counted by its rcode above as well.
        FunctionCounter.builder("hanode_dns_truncated_total", dns, DnsStats::truncated)
                .description("GEO DNS answers sent over UDP with TC set, for the client to ask again over TCP")
                .register(registry);
        for (FailedLogins.Method method : FailedLogins.Method.values()) {
            loginFailures.put(method, Counter.builder("hanode_auth_failures_total").tag("method", method.tag())
                    .description("Logins with a wrong user or password, by how they were sent").register(registry));
            loginsThrottled.put(method, Counter.builder("hanode_auth_throttled_total").tag("method", method.tag())
                    .description("Logins refused unchecked (429) because their address failed too often")
                    .register(registry));
        }
    }

    @Override
    public void loginFailed(FailedLogins.Method method) {
        loginFailures.get(method).increment();
    }

    @Override
    public void loginThrottled(FailedLogins.Method method) {
        loginsThrottled.get(method).increment();
    }

    public void probe(boolean answeredActive) {
        (answeredActive ? probesActive : probesStandby).increment();
    }

    /** Counts a transition under its reason's stable tag, e.g. {@code reason="partner-dead"}. */
    public void transition(Activity to, TransitionReason reason) {
        Counter.builder("hanode_transitions_total").tag("to", to.name().toLowerCase())
                .tag("reason", reason.tag()).description("Activity transitions by reason").register(registry)
                .increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
