package io.hapair.node.settings;

/**
 * The SNMP agent (v2c, read only).
 *
 * @param enabled whether the agent answers at all
 * @param community the read community; required when enabled
 * @param location the sysLocation the agent reports
 * @param contact the sysContact the agent reports
 */
public record SnmpSettings(Boolean enabled, String community, String location, String contact) {

    public SnmpSettings {
        // Off: an agent answers to anyone who knows the community, so it starts only when an operator chose one.
        enabled = enabled == null ? Boolean.FALSE : enabled;
    }
}
