package io.hapair.cloud.run;

import io.hapair.cloud.diagnose.VirtualServicePort;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class PortSourcesTest {

    private static final PublishedPort TCP_443 = new PublishedPort(443, Protocol.TCP);
    private static final PublishedPort UDP_53 = new PublishedPort(53, Protocol.UDP);
    private static final PublishedPort TCP_8080 = new PublishedPort(8080, Protocol.TCP);

    @Test
    void theUnionHasEachPortOnceInTheOrderFirstNamedWithEveryOrigin() {
        PortSources sources = PortSources.none()
            .with(PortSources.TOPOLOGY, List.of(TCP_443, UDP_53))
            .with("--published-port", List.of(TCP_443, TCP_8080))
            .withVirtualServices(List.of(new VirtualServicePort("web", TCP_443), new VirtualServicePort("api", TCP_8080),
                new VirtualServicePort("web-b", TCP_443)));

        assertThat(sources.ports()).containsExactly(TCP_443, UDP_53, TCP_8080);
        assertThat(sources.summary()).hasValue("published ports: 443/tcp (topology file, --published-port, "
            + "virtual service web, virtual service web-b), 53/udp (topology file), 8080/tcp (--published-port, "
            + "virtual service api)");
    }

    @Test
    void aPortNamedTwiceByOneSourceCountsOnce() {
        PortSources sources = PortSources.none().with("--published-port", List.of(TCP_443, TCP_443));

        assertThat(sources.ports()).containsExactly(TCP_443);
        assertThat(sources.summary()).hasValue("published ports: 443/tcp (--published-port)");
    }

    @Test
    void earlierSourcesComeFirstAndTheVirtualServicesAreKeptForDiagnose() {
        VirtualServicePort api = new VirtualServicePort("api", TCP_8080);
        PortSources later = PortSources.none().with("--published-port", List.of(TCP_443))
            .withVirtualServices(List.of(api));

        PortSources sources = PortSources.none().with(PortSources.TOPOLOGY, List.of(UDP_53, TCP_443)).and(later);

        assertThat(sources.ports()).containsExactly(UDP_53, TCP_443, TCP_8080);
        assertThat(sources.summary()).hasValue("published ports: 53/udp (topology file), 443/tcp (topology file, "
            + "--published-port), 8080/tcp (virtual service api)");
        assertThat(sources.virtualServices()).containsExactly(api);
    }

    @Test
    void aNodesSnmpAgentPublishesNothingAndOutlivesTheMergeWithTheTopologysPorts() {
        PortSources node = PortSources.none().withVirtualServices(List.of(new VirtualServicePort("api", TCP_8080)))
            .withSnmpAgent(OptionalInt.of(161));

        PortSources sources = PortSources.none().with(PortSources.TOPOLOGY, List.of(TCP_443)).and(node);

        assertThat(sources.snmpAgentPort()).hasValue(161);
        assertThat(sources.ports()).containsExactly(TCP_443, TCP_8080);
        assertThat(PortSources.none().with(PortSources.TOPOLOGY, List.of(TCP_443)).snmpAgentPort()).isEmpty();
    }

    @Test
    void noPortsNoSummary() {
        assertThat(PortSources.none().with(PortSources.TOPOLOGY, List.of()).summary()).isEmpty();
    }
}
