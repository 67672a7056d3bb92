package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.diagnose.Finding;
import io.hapair.node.balancer.BalancerReport;
import io.hapair.node.geo.DnsStats;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.role.TransitionReason;
import io.hapair.node.selfcheck.model.CheckTarget;
import io.hapair.node.selfcheck.model.Reachability;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Prometheus text the node serves, as a scraper reads it. */
class NodeMetricsTest {

    private final NodeMetrics metrics = new NodeMetrics(
            new NodeIdentity("node-2", HaMode.SLAVE, PreferredServer.PREFER_MASTER, "1", 8444),
            () -> Activity.ACTIVE, new PeerStats(), new DnsStats(), null);

    @Test
    void aTransitionIsCountedUnderItsReasonsStableTagAndDirection() {
        metrics.transition(Activity.ACTIVE, TransitionReason.PARTNER_DEAD);
        metrics.transition(Activity.ACTIVE, TransitionReason.PARTNER_DEAD);
        metrics.transition(Activity.STANDBY, TransitionReason.PREFER_MASTER);

        assertThat(metrics.scrape())
                .contains("hanode_transitions_total{reason=\"partner-dead\",to=\"active\"} 2.0")
                .contains("hanode_transitions_total{reason=\"prefer-master\",to=\"standby\"} 1.0");
    }

    @Test
    void maintenanceAndTheSelfCheckAreScrapedAsTheyAreNow() {
        AtomicBoolean inMaintenance = new AtomicBoolean();
        CheckTarget gateway = CheckTarget.parseList("gateway").get(0);
        Reachability reachability = new Reachability(CheckTarget.parseList("gateway, tcp:10.0.0.9:80"));
        metrics.maintenance(inMaintenance::get);
        metrics.selfCheck(reachability::targets);
        assertThat(metrics.scrape()).contains("hanode_maintenance 0.0", "hanode_self_check_targets_lost 0.0",
                "hanode_self_check_target_up{target=\"gateway\"} 1.0");

        inMaintenance.set(true);
        reachability.record(gateway, false, "no IPv4 default route");
        reachability.record(gateway, false, "no IPv4 default route");

        assertThat(metrics.scrape()).contains("hanode_maintenance 1.0", "hanode_self_check_targets_lost 1.0",
                "hanode_self_check_target_up{target=\"gateway\"} 0.0",
                "hanode_self_check_target_up{target=\"tcp:10.0.0.9:80\"} 1.0");
    }

    @Test
    void peerLinkCountersAreScrapedUnderTheNamesTheReadmeDocuments() {
        assertThat(metrics.scrape()).contains("hanode_peer_refused_total 0.0", "hanode_heartbeats_received_total 0.0",
                "hanode_heartbeat_datagrams_sent_total 0.0", "hanode_heartbeat_datagrams_received_total 0.0",
                "hanode_heartbeat_datagrams_late_total 0.0", "hanode_heartbeat_datagrams_refused_total 0.0",
                "hanode_partner_process_gone_total 0.0");
    }

    @Test
    void aFailedBalancerCheckIsNoCountOfFindingsAndKeepsTheLastSuccessTime() {
        Finding warning = new Finding(Finding.Check.FAILS_OPEN, "target group tg", "fails open", "register both",
                Finding.Severity.WARNING);
        BalancerReport ran = BalancerReport.ran(1_700_000_000_000L, List.of(warning));
        AtomicReference<BalancerReport> report = new AtomicReference<>(ran);
        metrics.balancerCheck(report::get);
        metrics.balancerCheckRan(ran);

        assertThat(metrics.scrape()).contains("hanode_balancer_check_findings{severity=\"problem\"} 0.0",
                "hanode_balancer_check_findings{severity=\"warning\"} 1.0",
                "hanode_balancer_check_runs_total{outcome=\"ok\"} 1.0",
                "hanode_balancer_check_last_success_timestamp_seconds 1.7E9");

        report.set(ran.failed(1_700_000_300_000L, "permission denied"));
        metrics.balancerCheckRan(report.get());

        assertThat(metrics.scrape()).contains("hanode_balancer_check_findings{severity=\"problem\"} NaN",
                "hanode_balancer_check_findings{severity=\"warning\"} NaN",
                "hanode_balancer_check_runs_total{outcome=\"failed\"} 1.0",
                "hanode_balancer_check_last_success_timestamp_seconds 1.7E9");
    }

    @Test
    void everyReasonTagIsAValidLowerCaseLabelValueFreeOfNodeNamesAndDetail() {
        for (TransitionReason reason : TransitionReason.values()) {
            assertThat(reason.tag()).as(reason.name()).matches("[a-z]+(-[a-z]+)*");
        }
    }
}
