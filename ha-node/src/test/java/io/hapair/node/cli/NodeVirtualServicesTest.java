package io.hapair.node.cli;

import io.hapair.cloud.diagnose.VirtualServicePort;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a node's list of virtual services becomes the ports the balancer publishes. */
class NodeVirtualServicesTest {

    @Test
    void udpServicesListenOnUdpAndEveryOtherProtocolOnTcp() {
        NodeVirtualServices.Listing listing = NodeVirtualServices.listing(new JsonObject("""
            {"items": [
              {"id": "dns", "document": {"name": "dns", "port": 53, "protocol": "udp", "enabled": true}},
              {"id": "site", "document": {"name": "site", "port": 443, "protocol": "https", "enabled": true}},
              {"id": "web", "document": {"name": "web", "port": 80, "protocol": "http"}},
              {"id": "db", "document": {"name": "db", "port": 5432, "protocol": "tcp", "enabled": false}}
            ]}"""));

        assertThat(listing.enabled()).containsExactly(
            new VirtualServicePort("dns", new PublishedPort(53, Protocol.UDP)),
            new VirtualServicePort("site", new PublishedPort(443, Protocol.TCP)),
            new VirtualServicePort("web", new PublishedPort(80, Protocol.TCP)));
        assertThat(listing.disabled()).containsExactly("db");
    }

    @Test
    void anAnswerThatIsNoListOfVirtualServicesIsRefused() {
        assertThatThrownBy(() -> NodeVirtualServices.listing(new JsonObject("{\"node\": \"solo\"}")))
            .hasMessage("no items");
        assertThatThrownBy(() -> NodeVirtualServices.listing(new JsonObject("""
            {"items": [{"id": "web", "document": {"name": "web", "protocol": "http"}}]}""")))
            .hasMessage("item 0 has no name or port");
    }
}
