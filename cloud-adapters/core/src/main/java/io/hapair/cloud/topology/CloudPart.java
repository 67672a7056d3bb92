package io.hapair.cloud.topology;

import java.util.Map;

/**
 * One named part of the cloud side of a pair, as plain values. Desired parts come from
 * {@link PairTopology}; observed parts are what an adapter read. The planner compares parts of the
 * same kind and name field by field, so {@link #fields()} lists every field that matters, in a stable
 * order, with values that compare by {@code equals}.
 */
public sealed interface CloudPart permits BackendPool, HealthProbe, BalancingRule, NatRule, SecurityRule {

    String name();

    PartKind kind();

    /** The compared fields, in display order; a missing value is the empty string. */
    Map<String, Object> fields();

    /** One line for plans, e.g. "HTTP :8444 path / every 5 s, unhealthy after 2". */
    String summary();
}
