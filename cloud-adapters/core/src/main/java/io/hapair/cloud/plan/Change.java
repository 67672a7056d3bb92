package io.hapair.cloud.plan;

import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.PartKind;

import java.util.List;
import java.util.stream.Collectors;

/** One step of a plan: add a missing part, update the fields that differ, or remove an owned part. */
public sealed interface Change {

    /** The part as it should be (add, update) or as it is (remove). */
    CloudPart part();

    /** One line for a dry run, e.g. "~ update health probe hapair-health-probe: intervalSeconds 15 -> 5". */
    String describe();

    default PartKind kind() {
        return part().kind();
    }

    default String name() {
        return part().name();
    }

    /** A desired part that does not exist yet. */
    record Add(CloudPart part) implements Change {
        @Override
        public String describe() {
            return "+ add " + kind().label() + " " + name() + ": " + part.summary();
        }
    }

    /** An existing part with the same name whose fields differ from the desired ones. */
    record Update(CloudPart observed, CloudPart part, List<FieldChange> differences) implements Change {
        public Update {
            differences = List.copyOf(differences);
        }

        @Override
        public String describe() {
            return "~ update " + kind().label() + " " + name() + ": "
                + differences.stream().map(FieldChange::toString).collect(Collectors.joining(", "));
        }
    }

    /** A part this pair owns (by name prefix) that the topology no longer wants. */
    record Remove(CloudPart part) implements Change {
        @Override
        public String describe() {
            return "- remove " + kind().label() + " " + name() + ": " + part.summary();
        }
    }
}
