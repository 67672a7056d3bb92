package io.hapair.cloud.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one of the pair's target groups and its listener must look like: derived from the desired
 * parts by {@link TargetGroupSpecs}, compared with what exists by {@link TargetGroupWrites}.
 *
 * @param kind        {@link PairTags#BALANCING_RULE} or {@link PairTags#NAT_RULE}
 * @param protocol    ELB's protocol name, TCP, UDP or TCP_UDP, for the group and its listener alike
 * @param port        the nodes' port; fixed once the group exists
 * @param attributes  only the attributes the pair manages; others are left as they are
 * @param instanceIds the targets, registered on {@code port}
 */
record TargetGroupSpec(String name, String kind, String protocol, int port, HealthCheck healthCheck,
                       Map<String, String> attributes, List<String> instanceIds, int listenerPort) {

    TargetGroupSpec {
        // Kept in order, so that writes list the attributes as the spec does.
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        instanceIds = List.copyOf(instanceIds);
    }
}
