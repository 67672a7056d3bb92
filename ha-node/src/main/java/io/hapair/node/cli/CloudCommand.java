package io.hapair.node.cli;

import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.run.CloudProviders;
import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.run.PortSources;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologyFile;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.InvalidTopologyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code hanode cloud plan | apply | diagnose}: wires the pair's cloud balancer from a topology file,
 * flags and, with {@code --from-node}, a node's virtual services. A thin shell: flags become settings,
 * {@link CloudRun} does the work, outcomes become exit codes. Exit codes: 0 converged or nothing to do
 * (plan: a plan was printed), 1 changes failed, problems found, apply declined or the
 * {@code --from-node} node could not be asked, 2 bad input.
 */
@Command(name = "cloud", mixinStandardHelpOptions = true,
    description = "Plan, apply and diagnose the cloud balancer's wiring for this pair.",
    subcommands = {CloudCommand.Plan.class, CloudCommand.Apply.class, CloudCommand.Diagnose.class})
public final class CloudCommand implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    // Past the deadline, the adapters' own timeout errors (which name the endpoint) usually come first.
    private static final Duration GRACE = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    private final Function<String, CloudProvider> providers;
    private final InputStream answers;

    public CloudCommand() {
        this(CloudProviders::named, System.in);
    }

    /** For tests: providers connected to a stand-in cloud, and prompt answers from a stream. */
    CloudCommand(Function<String, CloudProvider> providers, InputStream answers) {
        this.providers = providers;
        this.answers = answers;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The flags every subcommand takes; provider flags come from their own classes. */
    static final class TargetOptions {
        private static final String PUBLISHED_PORT = "--published-port";
        private final Map<String, String> flags = new LinkedHashMap<>();

        @Option(names = "--topology", paramLabel = "FILE", description = "topology file (YAML); flags override it")
        Path topology;

        @Mixin
        AzureFlags azure = new AzureFlags();

        @Mixin
        AwsFlags aws = new AwsFlags();

        @Option(names = "--provider", paramLabel = "NAME", description = "cloud provider, azure or aws; default: azure "
            + "(provider)")
        void provider(String value) {
            flags.put("provider", value);
        }

        @Option(names = "--name-prefix", paramLabel = "PREFIX", description = "prefix of every part the pair owns; "
            + "default: hapair- (namePrefix)")
        void namePrefix(String value) {
            flags.put("namePrefix", value);
        }

        @Option(names = "--node1-address", paramLabel = "ADDRESS", description = "node 1's (master's) private "
            + "address (node1.address)")
        void node1Address(String value) {
            flags.put("node1.address", value);
        }

        @Option(names = "--node2-address", paramLabel = "ADDRESS", description = "node 2's (slave's) private address "
            + "(node2.address)")
        void node2Address(String value) {
            flags.put("node2.address", value);
        }

        @Option(names = "--health-check-port", paramLabel = "PORT", description = "HA Check Port the balancer probes;"
            + " default: 8444 (healthCheckPort)")
        void healthCheckPort(String value) {
            flags.put("healthCheckPort", value);
        }

        @Option(names = PUBLISHED_PORT, paramLabel = "PORT[/udp]", split = ",", description = "virtual-service "
            + "port to publish through the balancer, repeatable; added to the topology file's publishedPorts")
        List<String> publishedPorts = new ArrayList<>();

        @Option(names = "--from-node", paramLabel = "URL", description = "also publish the ports of this node's "
            + "enabled virtual services, read from its API, e.g. https://10.0.1.4:8443 (with --node-password and "
            + "--node-cacert or --insecure-node-api); diagnose then checks each one's rules")
        String fromNode;

        @Mixin
        NodeApiFlags nodeApi = new NodeApiFlags();

        @Option(names = "--timeout", paramLabel = "DURATION", description = "time limit for the whole command's "
            + "calls to the cloud (sign-in, reads, writes, retries), e.g. 45s or 2m; the apply prompt does not count; "
            + "default: 30s (timeout)")
        void timeout(String value) {
            flags.put("timeout", value);
        }

        @Option(names = "--verbose", description = "also log the cloud SDKs' INFO lines (to standard error; "
            + "default: warnings and errors only)")
        boolean verbose;

        @Option(names = "--client-source", paramLabel = "SOURCE", split = ",", description = "who may reach the UI, "
            + "SSH and published ports, repeatable: a prefix, Azure tag or AWS group; default on Azure: VirtualNetwork "
            + "(clientSources)")
        void clientSources(List<String> values) {
            flags.put("clientSources", String.join(",", values));
        }

        @Option(names = "--probe-source", paramLabel = "SOURCE", split = ",", description = "where the balancer's "
            + "probes come from, repeatable: on AWS the NLB's subnets or its security group; default on Azure: "
            + "AzureLoadBalancer (probeSources)")
        void probeSources(List<String> values) {
            flags.put("probeSources", String.join(",", values));
        }

        @Option(names = "--monitoring-source", paramLabel = "SOURCE", split = ",", description = "where the SNMP "
            + "managers that poll the nodes are, repeatable: a prefix, Azure tag or AWS group; allows UDP to "
            + "--snmp-port on both nodes; default: none (monitoringSources)")
        void monitoringSources(List<String> values) {
            flags.put("monitoringSources", String.join(",", values));
        }

        @Option(names = "--snmp-port", paramLabel = "PORT", description = "the UDP port the nodes' SNMP agents answer "
            + "on (the snmp setting's port); default: 161 (snmpPort)")
        void snmpPort(String value) {
            flags.put("snmpPort", value);
        }

        /** File first, then flags on top; the provider defaults to azure, the first one supported. */
        CloudSettings settings() {
            CloudSettings base = topology == null ? CloudSettings.of(Map.of()) : TopologyFile.read(topology);
            if (!base.has("provider") && !flags.containsKey("provider")) {
                base = base.overriddenBy(Map.of("provider", "azure"));
            }
            return base.overriddenBy(flags).overriddenBy(azure.settings).overriddenBy(aws.settings);
        }

        /**
         * The ports named by flags and by the {@code --from-node} node, and its SNMP agent's; the topology file's join
         * them in the run.
         */
        PortSources ports(PrintWriter out) throws ApiClientOptions.Unanswered {
            PortSources flagged = PortSources.none().with(PUBLISHED_PORT,
                TopologySettings.publishedPorts(PUBLISHED_PORT, publishedPorts));
            return fromNode == null ? flagged
                : flagged.withVirtualServices(NodeVirtualServices.read(fromNode, nodeApi, out))
                    .withSnmpAgent(NodeSnmpAgent.read(fromNode, nodeApi, out));
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would change (dry run); changes nothing.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        CloudCommand cloud;
        @Mixin
        TargetOptions target;

        @Override
        public Integer call() {
            return cloud.execute(target, run -> run.plan());
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Show the plan, ask, then change the cloud to match it; a second run changes nothing.")
    static final class Apply implements Callable<Integer> {
        @ParentCommand
        CloudCommand cloud;
        @Mixin
        TargetOptions target;
        @Option(names = "--yes", description = "apply without asking")
        boolean yes;

        @Override
        public Integer call() {
            return cloud.execute(target, run -> run.apply(plan -> yes || cloud.confirm(plan.size())));
        }
    }

    @Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Read the live setup and report the misconfigurations that break cloud HA, each with its fix.")
    static final class Diagnose implements Callable<Integer> {
        @ParentCommand
        CloudCommand cloud;
        @Mixin
        TargetOptions target;

        @Override
        public Integer call() {
            return cloud.execute(target, run -> run.diagnose(NodeCheckPorts.ask(run.topology(), target.nodeApi,
                cloud.spec.commandLine().getOut())));
        }
    }

    private int execute(TargetOptions target, Function<CloudRun, CloudRun.Outcome> command) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (CliLogging logging = CliLogging.toStandardError(target.verbose)) {
            CloudSettings settings = target.settings();
            Duration limit = TopologySettings.timeout(settings);
            PortSources ports = target.ports(out);
            CloudRun.Outcome outcome = withinDeadline(limit, () -> CloudRun.open(settings, ports, line -> {
                out.println(line);
                out.flush();
            }, providers), command);
            return switch (outcome) {
                case CONVERGED, PLANNED, APPLIED -> OK;
                case FAILED, PROBLEMS_FOUND, DECLINED -> FAILED;
            };
        } catch (InvalidTopologyException badInput) {
            err.println("bad input: " + badInput.getMessage());
            return BAD_INPUT;
        } catch (CloudException failure) {
            err.println("error: " + failure.getMessage());
            return FAILED;
        } catch (ApiClientOptions.Unanswered node) {
            err.println((node.exitCode == BAD_INPUT ? "bad input: " : "error: ") + node.getMessage());
            return node.exitCode;
        }
    }

    /**
     * Opens the run (signing in, say) and runs the command, but waits only until the deadline (plus
     * a moment for the adapters' own, more precise timeout errors): the SDKs bound their calls, this
     * bounds what they do not (a credential chain, say). Until the run has its deadline, one of the
     * same limit stands in; the run's stands still at the apply prompt.
     */
    private static CloudRun.Outcome withinDeadline(Duration limit, Supplier<CloudRun> open,
                                                   Function<CloudRun, CloudRun.Outcome> command) {
        AtomicReference<Deadline> deadline = new AtomicReference<>(Deadline.after(limit));
        FutureTask<CloudRun.Outcome> task = new FutureTask<>(() -> {
            CloudRun run = open.get();
            deadline.set(run.deadline());
            return command.apply(run);
        });
        Thread worker = new Thread(task, "hanode-cloud");
        worker.setDaemon(true);
        worker.start();
        try {
            while (true) {
                try {
                    return task.get(deadline.get().remaining().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException late) {
                    if (deadline.get().passed()) {
                        worker.interrupt();
                        throw new CloudException("no answer from the cloud or its sign-in within the command's time "
                            + "limit of " + Deadline.format(limit) + "; nothing more is sent, but a write already sent "
                            + "may still complete", "run `hanode cloud plan` to see where things stand; check the "
                            + "network, proxy and credentials, or allow more time with --timeout, e.g. --timeout 2m",
                            late);
                    }
                }
            }
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            throw new CloudException("interrupted", "run the command again", interrupted);
        }
    }

    private boolean confirm(int changes) {
        PrintWriter out = spec.commandLine().getOut();
        out.print("apply these " + changes + " change(s)? [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                out.println();
                out.println("no answer on standard input; pass --yes to apply without the prompt");
                return false;
            }
            return answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes");
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
