package io.hapair.cloud.run;

import io.hapair.cloud.topology.InvalidTopologyException;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the provider a command names among those on the class path, or in the release jar's nested jar
 * of cloud SDKs ({@link CloudClasses}).
 */
public final class CloudProviders {

    private CloudProviders() {
    }

    public static CloudProvider named(String name) {
        List<CloudProvider> available = ServiceLoader.load(CloudProvider.class, CloudClasses.loader()).stream()
            .map(ServiceLoader.Provider::get).toList();
        return available.stream().filter(provider -> provider.name().equals(name)).findFirst()
            .orElseThrow(() -> new InvalidTopologyException("provider", "'" + name + "' is not supported",
                "use one of: " + available.stream().map(CloudProvider::name).sorted()
                    .collect(Collectors.joining(", "))));
    }
}
