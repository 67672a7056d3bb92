package io.hapair.cloud.run;

import io.hapair.cloud.adapter.ApplyReport;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.adapter.Progress;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Severity;
import io.hapair.cloud.diagnose.PairDiagnosis;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.plan.PlanPrinter;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PublishedPort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code cloud plan | apply | diagnose} commands for any provider, as a flat chain of steps. The
 * CLI only parses flags into {@link CloudSettings}, calls one method and maps the {@link Outcome} to
 * an exit code. Bad input surfaces as {@code InvalidTopologyException}, cloud failures that stop a
 * command as {@code CloudException}.
 */
public final class CloudRun {

    /** How a command ended. */
    public enum Outcome {
        /** Nothing to do: the cloud side matches, or diagnostics found nothing wrong. */
        CONVERGED,
        /** A plan with changes was printed; nothing was changed. */
        PLANNED,
        /** Every change was applied. */
        APPLIED,
        /** The operator answered no at the prompt; nothing was changed. */
        DECLINED,
        /** At least one change failed. */
        FAILED,
        /** Diagnostics found misconfigurations. */
        PROBLEMS_FOUND
    }

    /** Asks the operator to approve a plan before anything is written. */
    @FunctionalInterface
    public interface Confirmation {
        boolean approve(List<Change> plan);
    }

    private static final String PUBLISHED_PORTS = "publishedPorts";

    private final CloudAdapter adapter;
    private final PairTopology topology;
    private final PortSources ports;
    private final PairReconciler reconciler;
    private final Progress out;
    private final Deadline deadline;

    public CloudRun(PairTopology topology, CloudAdapter adapter, Progress out) {
        this(topology, PortSources.none(), adapter, out, Deadline.after(Deadline.DEFAULT));
    }

    private CloudRun(PairTopology topology, PortSources ports, CloudAdapter adapter, Progress out, Deadline deadline) {
        this.adapter = adapter;
        this.topology = topology;
        this.ports = ports;
        this.reconciler = new PairReconciler(topology, adapter, out);
        this.out = out;
        this.deadline = deadline;
    }

    /** Checks the settings, picks the provider they name and connects its adapter. */
    public static CloudRun open(CloudSettings settings, Progress out) {
        return open(settings, PortSources.none(), out, CloudProviders::named);
    }

    /**
     * As {@link #open(CloudSettings, Progress)}, with providers looked up by the given function; the
     * pair publishes the settings' own ports and {@code more} (from flags and a node's virtual services).
     */
    public static CloudRun open(CloudSettings settings, PortSources more, Progress out,
                                Function<String, CloudProvider> providers) {
        CloudProvider provider = providers.apply(
            settings.required("provider", "name the cloud, e.g. --provider azure"));
        Set<String> known = new HashSet<>(TopologySettings.KEYS);
        known.addAll(provider.settingKeys());
        settings.rejectUnknown(known);
        PortSources ports = PortSources.none().with(PortSources.TOPOLOGY, settings.list(PUBLISHED_PORTS)
            .map(items -> TopologySettings.publishedPorts(PUBLISHED_PORTS, items)).orElse(List.of())).and(more);
        CloudSettings published = settings.overriddenBy(Map.of(PUBLISHED_PORTS,
            ports.ports().stream().map(PublishedPort::toString).collect(Collectors.joining(","))));
        PairTopology topology;
        try {
            topology = TopologySettings.read(published, provider.shape());
        } catch (InvalidTopologyException bad) {
            throw bad.field().equals(PUBLISHED_PORTS) ? withOrigins(bad, ports) : bad;
        }
        Deadline deadline = Deadline.after(TopologySettings.timeout(published));
        return new CloudRun(topology, ports, provider.connect(published, topology, deadline), out, deadline);
    }

    /** A published port that clashes says where it came from: the operator may not have typed it. */
    private static InvalidTopologyException withOrigins(InvalidTopologyException bad, PortSources ports) {
        String problemAndFix = bad.getMessage().substring(PUBLISHED_PORTS.length() + 2);
        return new InvalidTopologyException(PUBLISHED_PORTS, problemAndFix, ports.summary().orElseThrow());
    }

    /** The time this run's cloud calls may take ({@code timeout}); the apply prompt does not count. */
    public Deadline deadline() {
        return deadline;
    }

    /** The pair's desired cloud side, as read from the settings: its nodes, ports and parts. */
    public PairTopology topology() {
        return topology;
    }

    public Outcome plan() {
        start();
        List<Change> plan = reconciler.plan();
        PlanPrinter.lines(plan).forEach(out::line);
        return plan.isEmpty() ? Outcome.CONVERGED : Outcome.PLANNED;
    }

    public Outcome apply(Confirmation confirmation) {
        start();
        List<Change> plan = reconciler.plan();
        PlanPrinter.lines(plan).forEach(out::line);
        if (plan.isEmpty()) {
            return Outcome.CONVERGED;
        }
        if (!deadline.excluding(() -> confirmation.approve(plan))) {
            out.line("not applied: declined at the prompt; nothing was changed");
            return Outcome.DECLINED;
        }
        ApplyReport report = reconciler.apply(plan);
        report.lines().forEach(out::line);
        return report.succeeded() ? Outcome.APPLIED : Outcome.FAILED;
    }

    /**
     * Also checks the ports of the virtual services this run was opened with.
     *
     * @param reportedCheckPorts each node's configured health-check port, for the nodes that could
     *                           be asked (empty when none could)
     */
    public Outcome diagnose(Map<String, Integer> reportedCheckPorts) {
        start();
        List<Finding> findings = findings(reportedCheckPorts);
        findings.forEach(finding -> out.line(finding.toString()));
        long problems = findings.stream().filter(finding -> finding.severity() == Severity.PROBLEM).count();
        out.line(problems == 0 ? "no problems found" : problems + " problem(s) found");
        return problems == 0 ? Outcome.CONVERGED : Outcome.PROBLEMS_FOUND;
    }

    /**
     * What {@link #diagnose} reports, as data and without printing: for a node that checks its own
     * balancer and shows the findings in its status.
     *
     * @param reportedCheckPorts as for {@link #diagnose}
     */
    public List<Finding> findings(Map<String, Integer> reportedCheckPorts) {
        ObservedPair observed = adapter.observe();
        List<Finding> findings = new ArrayList<>(PairDiagnosis.diagnose(topology, observed, adapter.networkFacts(),
            reportedCheckPorts, ports.virtualServices()));
        findings.addAll(adapter.providerFindings());
        ports.snmpAgentPort().ifPresent(port -> PairDiagnosis.snmpAgent(topology, port).ifPresent(findings::add));
        return findings;
    }

    /** Which cloud, and which ports the pair publishes and why. */
    private void start() {
        out.line(adapter.target());
        ports.summary().ifPresent(out::line);
    }
}
