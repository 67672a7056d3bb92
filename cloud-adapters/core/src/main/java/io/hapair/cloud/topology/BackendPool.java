package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A balancer's backend pool and the pair nodes (by name) that are members of it. {@code drain} is
 * empty where the cloud has no such setting (Azure); then it is neither planned nor compared.
 */
public record BackendPool(String name, List<String> members, Optional<Drain> drain) implements CloudPart {

    public BackendPool {
        // Sorted so that membership compares as a set, whatever order a cloud lists it in.
        members = List.copyOf(new TreeSet<>(members));
    }

    /** A pool of a cloud without draining settings. */
    public BackendPool(String name, List<String> members) {
        this(name, members, Optional.empty());
    }

    @Override
    public PartKind kind() {
        return PartKind.BACKEND_POOL;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("members", members);
        drain.ifPresent(value -> fields.put("drain", value));
        return fields;
    }

    @Override
    public String summary() {
        return "members " + (members.isEmpty() ? "(none)" : String.join(", ", members))
            + drain.map(value -> ", drain " + value).orElse("");
    }
}
