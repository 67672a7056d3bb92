package io.hapair.cloud.azure;

import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.PairTopology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A pair in resource group rg-ha behind ilb-ha, with NICs nic-node1 and nic-node2, managed against WireMock. */
final class AzureFixture {

    final List<String> output = new ArrayList<>();
    final CloudSettings settings;
    final PairTopology topology;

    AzureFixture(String armEndpoint, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
            "provider", "azure",
            "node1.address", "10.0.1.4",
            "node2.address", "10.0.1.5",
            "publishedPorts", "443",
            "azure.subscription", ArmDocuments.SUBSCRIPTION,
            "azure.resourceGroup", ArmDocuments.GROUP,
            "azure.loadBalancer", ArmDocuments.BALANCER,
            "azure.node1Nic", "nic-node1",
            "azure.node2Nic", "nic-node2",
            "azure.armEndpoint", armEndpoint));
        values.putAll(overrides);
        this.settings = CloudSettings.of(values);
        this.topology = TopologySettings.read(settings);
    }

    CloudAdapter adapter() {
        return StaticTokenPolicy.provider().connect(settings, topology);
    }

    CloudRun run() {
        return new CloudRun(topology, adapter(), output::add);
    }

    String printed() {
        return String.join("\n", output);
    }
}
