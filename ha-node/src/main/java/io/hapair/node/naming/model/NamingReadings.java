package io.hapair.node.naming.model;

import io.hapair.node.settings.Domain;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.Hostname;
import io.hapair.node.settings.NameServer;
import io.hapair.node.settings.SettingsType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host name, name servers and domain as stored beside what the host has: one {@link HostReading} per setting
 * that is stored (a setting that is not stored leaves the host's value alone, so there is nothing to drift from).
 */
public final class NamingReadings {

    private NamingReadings() {
    }

    /**
     * The readings.
     *
     * @param hostname       what the kernel calls the host; null when it could not be read
     * @param hostnameSource where {@code hostname} was read, or why it could not be
     * @param resolver       what the resolver's file holds; null when it could not be read
     * @param resolverSource where {@code resolver} was read, or why it could not be
     */
    public static List<HostReading> of(Optional<Hostname> storedHostname, Optional<NameServer> storedServers,
                                       Optional<Domain> storedDomain, String hostname, String hostnameSource,
                                       ResolvConf.Reading resolver, String resolverSource) {
        List<HostReading> out = new ArrayList<>();
        storedHostname.ifPresent(stored -> out.add(new HostReading(SettingsType.HOSTNAME.apiPath(), "name",
                stored.name(), hostname, hostnameSource)));
        storedServers.ifPresent(stored -> out.add(new HostReading(SettingsType.NAME_SERVER.apiPath(), "addresses",
                String.join(", ", stored.addresses()), resolver == null || resolver.nameServers().isEmpty() ? null
                        : String.join(", ", resolver.nameServers()), resolverSource)));
        storedDomain.ifPresent(stored -> out.add(new HostReading(SettingsType.DOMAIN.apiPath(), "name", stored.name(),
                resolver == null ? null : resolver.search(), resolverSource)));
        return out;
    }
}
