package io.hapair.cloud.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that mark what belongs to a pair. A resource is the pair's when it carries the pair id;
 * a target group must also carry the name prefix. Untagged resources are never changed or deleted,
 * whatever their name.
 */
record PairTags(String pairId) {

    static final String PAIR = "hapair:pair";
    /** On target groups: whether it serves a load-balancing rule or a NAT rule (one node's management port). */
    static final String KIND = "hapair:kind";
    /** On security group rules: the security rule part they carry out (one part is one rule per source). */
    static final String PART = "hapair:part";
    static final String BALANCING_RULE = "balancing-rule";
    static final String NAT_RULE = "nat-rule";

    boolean owns(Map<String, String> tags) {
        return pairId.equals(tags.get(PAIR));
    }

    Map<String, String> targetGroup(String kind) {
        return tags(KIND, kind);
    }

    Map<String, String> listener() {
        return Map.of(PAIR, pairId);
    }

    Map<String, String> securityRule(String part) {
        return tags(PART, part);
    }

    private Map<String, String> tags(String key, String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PAIR, pairId);
        tags.put(key, value);
        return tags;
    }
}
