package io.hapair.node;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.azure.AzureProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WireMock stand-in of Azure Resource Manager for the tests that run the Azure adapter in the node or
 * the CLI: one pair (balancer ilb-pair, NICs nic-node1/nic-node2, NSG nsg-pair, subnet snet-nodes) in
 * resource group rg-pair, answered from the JSON files under test resources {@code /arm}.
 */
public final class ArmStandIn {

    public static final String SUBSCRIPTION = "0b7c3a1e-5d2f-4a6b-9c8d-7e6f5a4b3c2d";
    public static final String NETWORK = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-pair/providers/Microsoft.Network";
    public static final String LB = NETWORK + "/loadBalancers/ilb-pair";
    public static final String NIC1 = NETWORK + "/networkInterfaces/nic-node1";
    public static final String NIC2 = NETWORK + "/networkInterfaces/nic-node2";
    public static final String NSG = NETWORK + "/networkSecurityGroups/nsg-pair";
    public static final String SUBNET = NETWORK + "/virtualNetworks/vnet-pair/subnets/snet-nodes";

    // The node addresses in the NIC files.
    private static final String FILE_NODE1 = "10.1.0.4";
    private static final String FILE_NODE2 = "10.1.0.5";

    private ArmStandIn() {
    }

    /**
     * The Azure adapter signed in with a fixed token (ARM over plain HTTP: the SDK's bearer policy would
     * refuse to send one), retrying a failed call {@code retries} times after 10 ms.
     */
    public static AzureProvider provider(int retries) {
        HttpPipelinePolicy token = (context, next) -> {
            context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer stand-in");
            return next.process();
        };
        return AzureProvider.authenticatedBy(token, new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(retries).setBaseDelay(Duration.ofMillis(10))));
    }

    /** An empty balancer, the nodes' NICs (in no pool) with the files' addresses, the NSG and the subnet. */
    public static void serveUnwiredPair(WireMockExtension arm) {
        serveUnwiredPair(arm, FILE_NODE1, FILE_NODE2);
    }

    /** As {@link #serveUnwiredPair(WireMockExtension)}, with the NICs holding the given addresses. */
    public static void serveUnwiredPair(WireMockExtension arm, String node1, String node2) {
        answer(arm, LB, fixture("loadbalancer-empty.json"));
        answer(arm, NIC1, fixture("nic-node1.json").replace(FILE_NODE1, node1));
        answer(arm, NIC2, fixture("nic-node2.json").replace(FILE_NODE2, node2));
        answer(arm, NSG, fixture("nsg.json"));
        answer(arm, SUBNET, fixture("subnet.json"));
    }

    public static void answer(WireMockExtension arm, String path, String body) {
        arm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    public static String fixture(String file) {
        try (InputStream body = ArmStandIn.class.getResourceAsStream("/arm/" + file)) {
            if (body == null) {
                throw new IllegalArgumentException("no test resource /arm/" + file);
            }
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
