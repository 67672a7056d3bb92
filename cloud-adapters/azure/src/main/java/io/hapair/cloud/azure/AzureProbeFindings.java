package io.hapair.cloud.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancingRuleInner;
import com.azure.resourcemanager.network.fluent.models.ProbeInner;
import com.azure.resourcemanager.network.models.ProbeNoHealthyBackendsBehavior;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.diagnose.Finding.Severity;
import io.hapair.cloud.topology.PairTopology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What only an Azure probe's own settings show, for the probes the balancer's rules use: its two
 * consecutive-probe counts against the pair's, and whether it fails open.
 */
final class AzureProbeFindings {

    private AzureProbeFindings() {
    }

    static List<Finding> of(PairTopology topology, LoadBalancerInner balancer) {
        List<LoadBalancingRuleInner> rules = balancer.loadBalancingRules() == null ? List.of()
            : balancer.loadBalancingRules();
        Set<String> used = rules.stream().map(LoadBalancingRuleInner::probe).filter(Objects::nonNull)
            .map(SubResource::id).map(ArmId::lastSegment).collect(Collectors.toSet());
        List<Finding> findings = new ArrayList<>();
        for (ProbeInner probe : balancer.probes() == null ? List.<ProbeInner>of() : balancer.probes()) {
            if (used.contains(probe.name())) {
                counts(topology, probe, findings);
                failOpen(probe, findings);
            }
        }
        return findings;
    }

    private static void counts(PairTopology topology, ProbeInner probe, List<Finding> findings) {
        int wanted = topology.probe().unhealthyThreshold();
        int threshold = ArmReading.probeThreshold(probe);
        int count = ArmReading.valueOr(probe.numberOfProbes(), ArmReading.ARM_DEFAULT_PROBE_COUNT);
        if (threshold == wanted && count == wanted) {
            return;
        }
        String subject = "probe " + probe.name();
        String settings = "probeThreshold " + threshold + (probe.probeThreshold() == null ? " (unset: ARM's default)" : "")
            + ", numberOfProbes " + count;
        boolean ours = topology.owns(probe.name());
        if (threshold != wanted) {
            int interval = ArmReading.valueOr(probe.intervalInSeconds(), topology.probe().intervalSeconds());
            findings.add(new Finding(Check.PROBE_COUNT_DIFFERS, subject, settings + ": the balancer takes a node out "
                + "after " + threshold + " failed probe(s) in a row (" + threshold * interval + " s) and back after as "
                + "many passed ones, where the pair's failover timing expects " + wanted,
                "set probeThreshold and numberOfProbes to " + wanted + (ours ? " (`hanode cloud apply` writes both)"
                    : " on " + probe.name())));
        } else {
            findings.add(new Finding(Check.PROBE_COUNT_DIFFERS, subject, settings + ": numberOfProbes, the older "
                + "setting that probeThreshold replaced, differs from the pair's " + wanted + "; tools and older API "
                + "versions that still read it show other timing than the balancer uses",
                "set numberOfProbes to " + wanted + " like probeThreshold (in the template or module that made "
                    + probe.name() + ")", Severity.WARNING));
        }
    }

    /** Azure's equivalent of the NLB's fail-open, but a setting: Azure's default does not. */
    private static void failOpen(ProbeInner probe, List<Finding> findings) {
        if (ProbeNoHealthyBackendsBehavior.ALL_PROBED_UP.equals(probe.noHealthyBackendsBehavior())) {
            findings.add(new Finding(Check.FAILS_OPEN, "probe " + probe.name(), "noHealthyBackendsBehavior is "
                + "AllProbedUp: when both nodes fail this probe, the balancer sends traffic to both (fail-open), the "
                + "standby too",
                "set noHealthyBackendsBehavior to AllProbedDown (Azure's default), and never let both nodes fail "
                    + "their health check together", Severity.WARNING));
        }
    }
}
