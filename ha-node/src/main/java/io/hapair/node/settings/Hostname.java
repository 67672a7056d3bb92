package io.hapair.node.settings;

import java.util.Locale;

/**
 * The node's host name (node-local: the two nodes must tell themselves apart).
 *
 * @param name one DNS label such as lb-1, stored in lower case
 */
public record Hostname(String name) {

    public Hostname {
        name = name == null ? null : name.toLowerCase(Locale.ROOT);
    }
}
