package io.hapair.cloud.diagnose;

import io.hapair.cloud.topology.Protocol;

import java.util.Set;

/** One inbound flow to test against security rules: who sends, to which node address and port. */
public record Traffic(Protocol protocol, String sourceAddress, Set<String> sourceTags, String destinationAddress,
                      Set<String> destinationTags, int port) {
}
