package io.hapair.node.runtime;

import io.hapair.cloud.diagnose.Finding;
import io.hapair.node.balancer.BalancerReport;
import io.hapair.node.dataplane.model.RealServerStats;
import io.hapair.node.dataplane.model.ServerStatus;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.geo.DnsStats;
import io.hapair.node.health.model.HealthReport;
import io.hapair.node.health.model.HealthRules;
import io.hapair.node.http.FailedLogins;
import io.hapair.node.ntp.model.ClockState;
import io.hapair.node.pairing.PartnerTrust;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.role.Activity;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.TransitionReason;
import io.hapair.node.selfcheck.model.Reachability;
import io.hapair.node.snmp.SnmpAgent;
import io.hapair.node.sync.SyncState;
import io.hapair.node.syslog.SyslogStats;
import io.hapair.node.witness.WitnessKeeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Prometheus metrics of one node: role, activity, transitions by reason, probes, heartbeat RTT, refusals,
 * GEO DNS queries by result and transport, failed and throttled logins, the witness lease, the balancer
 * self-check, the node's health levels, the sync lag.
 */
public final class NodeMetrics implements FailedLogins.Counts {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter probesActive;
    private final Counter probesStandby;
    private final Map<FailedLogins.Method, Counter> loginFailures = new EnumMap<>(FailedLogins.Method.class);
    private final Map<FailedLogins.Method, Counter> loginsThrottled = new EnumMap<>(FailedLogins.Method.class);
    private final List<Meter> syslogMeters = new ArrayList<>();

    private final MultiGauge vsUp = gauge("hanode_vs_up",
            "1 when the virtual service has a real server that takes connections (HAProxy's view)");
    private final MultiGauge vsSessions = gauge("hanode_vs_sessions", "Client connections open now");
    private final MultiGauge vsSessionsTotal = gauge("hanode_vs_sessions_since_reload",
            "Client connections since the data plane last reloaded");
    private final MultiGauge vsBytesIn = gauge("hanode_vs_bytes_in_since_reload",
            "Bytes from clients since the data plane last reloaded");
    private final MultiGauge vsBytesOut = gauge("hanode_vs_bytes_out_since_reload",
            "Bytes to clients since the data plane last reloaded");
    private final MultiGauge realServerUp = gauge("hanode_real_server_up",
            "1 when the real server takes connections: its checks pass and it is neither disabled nor drained");
    private final MultiGauge realServerSessions = gauge("hanode_real_server_sessions", "Connections open now");
    private final MultiGauge realServerSessionsTotal = gauge("hanode_real_server_sessions_since_reload",
            "Connections since the data plane last reloaded");
    private final MultiGauge realServerCheckFailures = gauge("hanode_real_server_check_failures_since_reload",
            "Failed health checks since the data plane last reloaded");

    /** {@code witness} is null without a witness: its gauges are then left out. */
    public NodeMetrics(NodeIdentity self, Supplier<Activity> activity, PeerStats peer, DnsStats dns,
                       WitnessKeeper witness) {
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
                    .description("Peer connections, frames or heartbeat datagrams refused (wrong secret, wrong source,"
                            + " malformed, replayed)").register(registry);
            FunctionCounter.builder("hanode_heartbeat_datagrams_sent_total", peer, PeerStats::datagramsSent)
                    .description("Heartbeat datagrams sent to the partner").register(registry);
            FunctionCounter.builder("hanode_heartbeat_datagrams_received_total", peer, PeerStats::datagramsReceived)
                    .description("Heartbeat datagrams received from the partner, authentic and newest").register(registry);
            FunctionCounter.builder("hanode_heartbeat_datagrams_late_total", peer, PeerStats::datagramsLate)
                    .description("Authentic heartbeat datagrams overtaken by a newer one in transit (dropped)")
                    .register(registry);
            FunctionCounter.builder("hanode_heartbeat_datagrams_refused_total", peer, PeerStats::datagramsRefused)
                    .description("Heartbeat datagrams refused (also in hanode_peer_refused_total)").register(registry);
            FunctionCounter.builder("hanode_partner_process_gone_total", peer, PeerStats::partnerGone)
                    .description("Times the partner's process was found gone: its peer port refused a reconnect")
                    .register(registry);
            FunctionCounter.builder("hanode_heartbeats_received_total", peer, PeerStats::heartbeatsReceived)
                    .description("Authenticated heartbeats received from the partner").register(registry);
        }
        if (witness != null) {
            Gauge.builder("hanode_witness_held", () -> witness.held() ? 1 : 0)
                    .description("1 while this node holds the pair's witness lease").register(registry);
            Gauge.builder("hanode_witness_reachable", () -> witness.reachable() ? 1 : 0)
                    .description("1 when the witness answered the last request").register(registry);
            Gauge.builder("hanode_witness_fencing_token", witness::token)
                    .description("Fencing token of the witness lease this node holds, 0 when it holds none")
                    .register(registry);
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

    /**
     * The data plane's series from its latest statistics, labelled by virtual service ({@code vs}) and real
     * server ({@code server}, address:port). Gauges, not counters: HAProxy's session and byte totals start
     * again from zero at every reload. Services and servers that are gone leave the scrape.
     */
    public void dataPlane(List<ServiceStats> services) {
        List<MultiGauge.Row<?>> up = new ArrayList<>();
        List<MultiGauge.Row<?>> sessions = new ArrayList<>();
        List<MultiGauge.Row<?>> sessionsTotal = new ArrayList<>();
        List<MultiGauge.Row<?>> bytesIn = new ArrayList<>();
        List<MultiGauge.Row<?>> bytesOut = new ArrayList<>();
        List<MultiGauge.Row<?>> serverUp = new ArrayList<>();
        List<MultiGauge.Row<?>> serverSessions = new ArrayList<>();
        List<MultiGauge.Row<?>> serverSessionsTotal = new ArrayList<>();
        List<MultiGauge.Row<?>> checkFailures = new ArrayList<>();
        for (ServiceStats s : services) {
            Tags vs = Tags.of("vs", s.name());
            up.add(MultiGauge.Row.of(vs, s.up() ? 1 : 0));
            sessions.add(MultiGauge.Row.of(vs, s.currentSessions()));
            sessionsTotal.add(MultiGauge.Row.of(vs, s.totalSessions()));
            bytesIn.add(MultiGauge.Row.of(vs, s.bytesIn()));
            bytesOut.add(MultiGauge.Row.of(vs, s.bytesOut()));
            for (RealServerStats r : s.realServers()) {
                Tags server = vs.and("server", r.ref().address() + ":" + r.ref().port());
                serverUp.add(MultiGauge.Row.of(server, r.status() == ServerStatus.UP ? 1 : 0));
                serverSessions.add(MultiGauge.Row.of(server, r.currentSessions()));
                serverSessionsTotal.add(MultiGauge.Row.of(server, r.totalSessions()));
                checkFailures.add(MultiGauge.Row.of(server, r.checkFailures()));
            }
        }
        vsUp.register(up, true);
        vsSessions.register(sessions, true);
        vsSessionsTotal.register(sessionsTotal, true);
        vsBytesIn.register(bytesIn, true);
        vsBytesOut.register(bytesOut, true);
        realServerUp.register(serverUp, true);
        realServerSessions.register(serverSessions, true);
        realServerSessionsTotal.register(serverSessionsTotal, true);
        realServerCheckFailures.register(checkFailures, true);
    }

    private MultiGauge gauge(String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** Trusted pairing: how often the partner presented a certificate that is not trusted. */
    public void pairing(PartnerTrust trust) {
        // Micrometer holds the state object weakly: the node's own PartnerTrust, not a method reference to it.
        FunctionCounter.builder("hanode_partner_certificate_refused_total", trust, PartnerTrust::refusals)
                .description("Peer connections refused because the partner presented another certificate than the one"
                        + " pinned or configured (also in hanode_peer_refused_total)").register(registry);
    }

    /**
     * The balancer self-check's series: findings of the last run by severity and the time of the last run
     * that read the balancer (both NaN until one did; findings also NaN after a failed run, which found
     * nothing out), and runs by outcome from zero.
     */
    public void balancerCheck(Supplier<BalancerReport> report) {
        for (Finding.Severity severity : Finding.Severity.values()) {
            Gauge.builder("hanode_balancer_check_findings", () -> report.get().count(severity).stream()
                            .mapToDouble(n -> n).findFirst().orElse(Double.NaN))
                    .tag("severity", severity.name().toLowerCase())
                    .description("What the last balancer self-check found, by severity; NaN when it could not read"
                            + " the balancer (see hanode_balancer_check_runs_total{outcome=\"failed\"})")
                    .register(registry);
        }
        Gauge.builder("hanode_balancer_check_last_success_timestamp_seconds",
                        () -> report.get().lastSuccessAt() > 0 ? report.get().lastSuccessAt() / 1000.0 : Double.NaN)
                .description("When a balancer self-check last read the balancer (found problems or not)")
                .register(registry);
        for (BalancerReport.Outcome outcome : BalancerReport.Outcome.values()) {
            if (outcome != BalancerReport.Outcome.PENDING) {
                balancerRuns(outcome);
            }
        }
    }

    /** Maintenance mode: 1 while an operator keeps this node out of service. */
    public void maintenance(BooleanSupplier inMaintenance) {
        Gauge.builder("hanode_maintenance", () -> inMaintenance.getAsBoolean() ? 1 : 0)
                .description("1 while this node is in maintenance: it answers 503 and never takes over")
                .register(registry);
    }

    /** The self-check's series: each target's reachability from this node's address, and the count lost. */
    public void selfCheck(Supplier<List<Reachability.TargetState>> states) {
        Gauge.builder("hanode_self_check_targets_lost", () -> states.get().stream().filter(Reachability.TargetState::lost)
                        .count())
                .description("Self-check targets lost (2 failed checks in a row); the partner compares its own count")
                .register(registry);
        for (Reachability.TargetState target : states.get()) {
            String name = target.target();
            Gauge.builder("hanode_self_check_target_up", () -> states.get().stream()
                            .filter(s -> s.target().equals(name)).anyMatch(s -> !s.lost()) ? 1 : 0)
                    .tag("target", name)
                    .description("1 while the self-check target answers this node (or has not been lost yet)")
                    .register(registry);
        }
    }

    /**
     * The clock's series: whether chrony keeps it synchronised, and its offset (NaN unless synchronised); and whether
     * chrony has the stored NTP servers.
     */
    public void clock(Supplier<ClockState> clock, BooleanSupplier sourcesApplied) {
        Gauge.builder("hanode_clock_synchronized", () -> clock.get().synchronised() ? 1 : 0)
                .description("1 when chrony keeps the system clock synchronised to a source (chronyc tracking)")
                .register(registry);
        Gauge.builder("hanode_clock_offset_seconds", () -> {
            Double offset = clock.get().offsetSeconds();
            return offset == null ? Double.NaN : offset;
        }).description("How far the system clock is behind NTP time (negative: ahead), as chrony says; NaN unless"
                + " synchronised").register(registry);
        Gauge.builder("hanode_ntp_sources_applied", () -> sourcesApplied.getAsBoolean() ? 1 : 0)
                .description("1 when chrony has read the stored NTP servers (sources file written, chronyc reload"
                        + " sources worked); the reason otherwise is the status's clock.lastError")
                .register(registry);
    }

    /**
     * The SNMP agent's series: notifications by outcome (sent to the network, acknowledged informs, failed), and
     * whether the agent listens as the stored settings ask.
     */
    public void snmp(SnmpAgent.NotificationCounts notifications, BooleanSupplier asStored) {
        String help = "SNMP notifications (traps and informs) to the trap targets: sent, acknowledged (informs) or"
                + " failed (not sent, or an inform never acknowledged)";
        FunctionCounter.builder("hanode_snmp_notifications_total", notifications,
                SnmpAgent.NotificationCounts::sentCount).tag("outcome", "sent").description(help).register(registry);
        FunctionCounter.builder("hanode_snmp_notifications_total", notifications,
                SnmpAgent.NotificationCounts::acknowledgedCount).tag("outcome", "acknowledged").description(help)
                .register(registry);
        FunctionCounter.builder("hanode_snmp_notifications_total", notifications,
                SnmpAgent.NotificationCounts::failedCount).tag("outcome", "failed").description(help)
                .register(registry);
        Gauge.builder("hanode_snmp_agent_as_stored", () -> asStored.getAsBoolean() ? 1 : 0)
                .description("1 when the SNMP agent runs as the stored settings ask (listening, or off when disabled);"
                        + " the node's log says why not").register(registry);
    }

    /**
     * The syslog targets' series, replacing the previous targets': messages sent and dropped, and whether the last
     * attempt to send worked. A target that is changed starts again from zero, as a new sender.
     */
    public synchronized void syslogTargets(Collection<? extends SyslogStats> targets) {
        syslogMeters.forEach(registry::remove);
        syslogMeters.clear();
        for (SyslogStats t : targets) {
            syslogMeters.add(FunctionCounter.builder("hanode_syslog_messages_total", t, SyslogStats::sent)
                    .tag("target", t.label()).tag("outcome", "sent")
                    .description("Messages of the node's log sent to the syslog target, or dropped before that"
                            + " (queue full while the target was unreachable, or a name that does not resolve)")
                    .register(registry));
            syslogMeters.add(FunctionCounter.builder("hanode_syslog_messages_total", t, SyslogStats::dropped)
                    .tag("target", t.label()).tag("outcome", "dropped")
                    .description("Messages of the node's log sent to the syslog target, or dropped before that"
                            + " (queue full while the target was unreachable, or a name that does not resolve)")
                    .register(registry));
            syslogMeters.add(Gauge.builder("hanode_syslog_target_up", t, s -> s.up() ? 1 : 0)
                    .tag("target", t.label())
                    .description("1 when the last attempt to send to (or connect to) the syslog target worked")
                    .register(registry));
        }
    }

    /**
     * The node's health: its level (0 normal, 1 warning, 2 critical: unhealthy, the partner takes over) and each
     * input's, labelled {@code input}; an input not measured (yet, or on this node) is NaN.
     */
    public void health(Supplier<HealthReport> report) {
        Gauge.builder("hanode_health_level", () -> report.get().level().ordinal())
                .description("The node's health level, its worst input's: 0 normal, 1 warning, 2 critical (unhealthy)")
                .register(registry);
        for (String input : List.of(HealthRules.DATA_PLANE, HealthRules.DATA_DIRECTORY, HealthRules.DISK,
                HealthRules.MEMORY, HealthRules.LOAD, HealthRules.CPU_STEAL, HealthRules.CLOCK, HealthRules.CERTIFICATE,
                HealthRules.ADMIN_CERTIFICATE, HealthRules.VS_CERTIFICATES, HealthRules.SYNC_LAG)) {
            Gauge.builder("hanode_health_input_level", () -> report.get().inputs().stream()
                            .filter(i -> i.name().equals(input)).mapToDouble(i -> i.level().ordinal()).findFirst()
                            .orElse(Double.NaN))
                    .tag("input", input)
                    .description("Level of one health input: 0 normal, 1 warning, 2 critical; NaN when not measured")
                    .register(registry);
        }
    }

    /**
     * The settings sync's series: the age of the oldest change the partner has not acknowledged (0 when none), and the
     * changes pending (sent, not acknowledged) and unsent (the link was down or lost).
     */
    public void sync(SyncState state) {
        Gauge.builder("hanode_sync_lag_seconds", () -> state.syncLagMillis(System.currentTimeMillis()) / 1000.0)
                .description("Age of the oldest settings change the partner has not acknowledged; 0 when none is"
                        + " outstanding").register(registry);
        Gauge.builder("hanode_sync_pending_changes", state::pendingChanges)
                .description("Settings changes sent to the partner and not acknowledged yet").register(registry);
        Gauge.builder("hanode_sync_unsent_changes", state::unsentChanges)
                .description("Settings changes not sent (the peer link was down, or lost before the acknowledgement);"
                        + " the comparison on reconnect sends them").register(registry);
    }

    /** Counts one finished run of the balancer self-check. */
    public void balancerCheckRan(BalancerReport report) {
        balancerRuns(report.outcome()).increment();
    }

    private Counter balancerRuns(BalancerReport.Outcome outcome) {
        return Counter.builder("hanode_balancer_check_runs_total").tag("outcome", outcome.tag())
                .description("Balancer self-check runs by outcome: ok, findings (problems found) or failed (the"
                        + " balancer could not be read)").register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
