package io.hapair.node.settings;

import java.util.Objects;

/**
 * One stored setting beside what the host actually has, for the drift view of Local Administration: each
 * part that gives a setting its effect on the host (syslog, chrony, the SNMP agent, the network, the host
 * name and resolver) reads the host back and reports one of these per item it manages.
 *
 * @param setting the settings type's API path name, such as {@code routes} or {@code ntp-servers}
 * @param item    which document or part of it, such as a route's name or {@code eth0 mtu}
 * @param stored  what the stored setting asks for, as the operator would write it; null when nothing is stored and
 *                the host's value is only shown (an address the cloud's DHCP gives)
 * @param actual  what the host has, in the same form; null when the host has nothing for it
 * @param source  where {@code actual} was read (a command or a file), or why it could not be read
 */
public record HostReading(String setting, String item, String stored, String actual, String source) {

    /** Whether the host differs from what is stored; a value the node was not asked to set is no drift. */
    public boolean drift() {
        return stored != null && !Objects.equals(stored, actual);
    }
}
