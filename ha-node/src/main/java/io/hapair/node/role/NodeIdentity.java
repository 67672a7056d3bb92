package io.hapair.node.role;

/** The fixed facts about this node that its heartbeats carry and the rules compare. */
public record NodeIdentity(String nodeName, HaMode mode, PreferredServer preferred, String softwareVersion, int checkPort) {
}
