package io.hapair.cloud.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The balancer's backend pool and the pair nodes (by name) that are members of it. */
public record BackendPool(String name, List<String> members) implements CloudPart {

    public BackendPool {
        // Sorted so that membership compares as a set, whatever order a cloud lists it in.
        members = List.copyOf(new TreeSet<>(members));
    }

    @Override
    public PartKind kind() {
        return PartKind.BACKEND_POOL;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("members", members);
        return fields;
    }

    @Override
    public String summary() {
        return "members " + (members.isEmpty() ? "(none)" : String.join(", ", members));
    }
}
