package io.hapair.node.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hapair.geo.plan.GeoPlanner;
import io.hapair.geo.plan.GeoTopology;
import io.hapair.geo.plan.TopologyException;
import io.hapair.geo.plan.UnitPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hanode geo plan TOPOLOGY.yaml}: every unit's remote GEO access and GEO partners lists. */
@Command(name = "geo", mixinStandardHelpOptions = true, description = "GEO planning.",
        subcommands = GeoCommand.Plan.class)
public final class GeoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Print, for every HA pair and standalone unit of a topology, its remote GEO access"
                    + " list and its GEO partners list.", "Rule: " + GeoPlanner.RULE + ".",
                    "Topology (YAML):",
                    "  pairs:      [{name: pair-a, master: 172.24.1.5, slave: 172.24.1.6}]",
                    "  standalone: [{name: unit-c, address: 172.24.1.9}]",
                    "Exit codes: 0 planned, 2 bad topology (every problem is printed with its fix)."})
    static final class Plan implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TOPOLOGY.yaml", description = "HA pairs and standalone units")
        Path topologyFile;

        /** The file's shape; {@code standalone} is singular as operators write it. */
        record TopologyYaml(List<GeoTopology.Pair> pairs, List<GeoTopology.Standalone> standalone) {
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                TopologyYaml yaml = new ObjectMapper(new YAMLFactory())
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(topologyFile.toFile(), TopologyYaml.class);
                if (yaml == null) {
                    yaml = new TopologyYaml(null, null);
                }
                List<UnitPlan> plans = GeoPlanner.plan(new GeoTopology(yaml.pairs(), yaml.standalone()));
                out.println("# " + GeoPlanner.RULE);
                plans.forEach(plan -> print(plan, out));
                return 0;
            } catch (TopologyException e) {
                e.problems().forEach(p -> err.println(topologyFile + ": " + p));
            } catch (JsonMappingException e) {
                err.println(topologyFile + ": " + e.getPathReference() + ": " + e.getOriginalMessage()
                        + "; see 'hanode geo plan --help' for the topology's shape");
            } catch (IOException e) {
                err.println(topologyFile + ": cannot read (" + e.getMessage() + "); give a readable YAML file");
            }
            return HaNodeCommand.EXIT_BAD_INPUT;
        }

        private static void print(UnitPlan plan, PrintWriter out) {
            List<String> nodes = plan.addresses();
            out.println();
            out.println(plan.name() + (nodes.size() == 2
                    ? " (HA pair: master " + nodes.get(0) + ", slave " + nodes.get(1) + ")"
                    : " (standalone " + nodes.get(0) + ")"));
            out.println("  remote GEO access: " + listed(plan.remoteGeoAccess()));
            out.println("  GEO partners:      " + listed(plan.geoPartners()));
        }

        private static String listed(List<String> addresses) {
            return addresses.isEmpty() ? "(none)" : String.join(", ", addresses);
        }
    }
}
