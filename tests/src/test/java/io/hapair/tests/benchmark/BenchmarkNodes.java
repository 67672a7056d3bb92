package io.hapair.tests.benchmark;

import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodePair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The node JVMs of the pair benchmarks: the JVM's defaults, plus {@code -Dbenchmark.nodeJvmArgs} (space-separated)
 * to profile them or to compare JVM options on the same load, for example
 * {@code -Dbenchmark.nodeJvmArgs=-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=/tmp/jfr/}
 * (a directory: one recording per node process, the slave's restart included) or {@code -XX:MaxNewSize=16m}.
 */
final class BenchmarkNodes {

    private static final String PROPERTY = "benchmark.nodeJvmArgs";

    private BenchmarkNodes() {
    }

    static List<String> jvmArgs() {
        String args = System.getProperty(PROPERTY, "").trim();
        return args.isEmpty() ? List.of() : Arrays.asList(args.split("\\s+"));
    }

    /** The table line that says which options the nodes ran with. */
    static String describe() {
        List<String> args = jvmArgs();
        return "node JVM options: " + (args.isEmpty() ? "the JVM's defaults" : "the defaults and " + String.join(" ", args))
                + " (-D" + PROPERTY + ")\n";
    }

    /**
     * Stops the nodes with SIGTERM, as systemd does, instead of the fixtures' kill -9: a flight recording with
     * {@code dumponexit=true} is written only by a JVM that exits.
     */
    static void stop(NodePair pair) {
        for (HaNodeProcess n : pair.nodes()) {
            n.sigterm();
        }
        for (HaNodeProcess n : pair.nodes()) {
            n.awaitExit(Duration.ofSeconds(60));
        }
    }
}
