package io.hapair.node.settings;

import java.util.Locale;

/**
 * The node's DNS domain (node-local).
 *
 * @param name such as example.com, stored in lower case
 */
public record Domain(String name) {

    public Domain {
        name = name == null ? null : name.toLowerCase(Locale.ROOT);
    }
}
