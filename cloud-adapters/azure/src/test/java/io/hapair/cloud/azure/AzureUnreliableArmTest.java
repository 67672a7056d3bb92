package io.hapair.cloud.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.InvalidTopologyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.hapair.cloud.azure.ArmDocuments.LB_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator sees when ARM, the network in between or the sign-in misbehave. */
class AzureUnreliableArmTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ArmStub stub = new ArmStub(arm);
    private AzureFixture pair;

    @BeforeEach
    void emptyBalancerAndUnboundNics() {
        pair = new AzureFixture(arm.baseUrl(), Map.of("timeout", "2s"));
        stub.emptyBalancerAndUnboundNics(pair);
    }

    @Test
    void proxyPageInsteadOfJsonNamesTheEndpointAndWhatCameBack() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody("<html><head><title>Proxy login</title></head><body>Sign in to continue</body></html>")));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("Azure Resource Manager at " + arm.baseUrl() + LB_PATH + "?api-version=")
            .hasMessageContaining("answered HTTP 200 with Content-Type text/html; charset=utf-8, not JSON: "
                + "\"<html><head><title>Proxy login</title>")
            .hasMessageContaining("check the endpoint URL and the proxy settings");
    }

    @Test
    void gatewayErrorPageIsSaidPlainlyToo() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(aResponse().withStatus(404)
            .withHeader("Content-Type", "text/plain").withBody("No route to that path")));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageContaining("answered HTTP 404 with Content-Type text/plain, not JSON: \"No route to that path\"");
    }

    @Test
    void truncatedJsonIsCalledMalformedNotUnreachable() {
        String cut = ArmDocuments.loadBalancer("W/\"lb-1\"").toString();
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json; charset=utf-8").withBody(cut.substring(0, cut.length() / 2))));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("Azure Resource Manager at " + arm.baseUrl() + LB_PATH + "?api-version=")
            .hasMessageContaining(" answered with malformed or truncated JSON (")
            .hasMessageNotContaining("cannot reach");
    }

    @Test
    void endpointThatNeverAnswersFailsWithinTheTimeLimit() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(ArmStub.json(200, ArmDocuments.loadBalancer("W/\"lb-1\""))
            .withFixedDelay(20_000)));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("no answer from Azure Resource Manager at " + arm.baseUrl() + LB_PATH)
            .hasMessageContaining(" within the command's time limit of 2s")
            .hasMessageContaining("allow more time with --timeout");
    }

    @Test
    void failedSignInIsTriedOnceAndSaysToRunAzLogin() {
        AtomicInteger signIns = new AtomicInteger();
        HttpPipelineSyncPolicy refusingSignIn = new HttpPipelineSyncPolicy() {
            @Override
            protected void beforeSendingRequest(HttpPipelineCallContext context) {
                signIns.incrementAndGet();
                throw new ClientAuthenticationException("DefaultAzureCredential failed to retrieve a token from the "
                    + "included credentials.\nAzureCliCredential: Please run 'az login' to set up account.", null);
            }
        };
        AzureProvider provider = AzureProvider.authenticatedBy(refusingSignIn, StaticTokenPolicy.QUICK_RETRY);
        CloudRun run = new CloudRun(pair.topology, provider.connect(pair.settings, pair.topology), pair.output::add);

        assertThatThrownBy(run::plan)
            .isInstanceOf(CloudException.class)
            .hasMessage("signing in to Azure failed (DefaultAzureCredential failed to retrieve a token from the "
                + "included credentials.); run `az login` and then the command again (or set AZURE_TENANT_ID, "
                + "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned)");
        assertThat(signIns).hasValue(1);
    }

    @Test
    void writeRefusedWhileAnotherOperationRunsIsRetriedThenApplied() {
        stub.stub(put(urlPathEqualTo(LB_PATH)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("free").willReturn(ArmStub.json(409, ArmDocuments.error("AnotherOperationInProgress",
                "Another operation on this or dependent resource is in progress."))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.writesTo(LB_PATH)).hasSize(2);
    }

    @Test
    void resourceBusyBeyondTheTimeLimitIsAFailedChangeWithItsReason() {
        stub.stub(put(urlPathEqualTo(LB_PATH)).willReturn(ArmStub.json(409, ArmDocuments.error(
            "AnotherOperationInProgress", "Another operation on this or dependent resource is in progress."))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("load balancer ilb-ha in resource group rg-ha stayed busy with another "
            + "operation (409 AnotherOperationInProgress").contains("within the command's time limit of 2s");
        assertThat(stub.writesTo(LB_PATH).size()).isGreaterThan(1);
    }

    @Test
    void subscriptionComesFromTheAzureCliWhenNotGiven(@TempDir Path bin) throws IOException {
        Path az = script(bin, "echo " + ArmDocuments.SUBSCRIPTION);

        CloudRun run = runWithout("azure.subscription", az);

        assertThat(run.plan()).isEqualTo(Outcome.PLANNED);
        assertThat(pair.output.get(0)).contains("(subscription " + ArmDocuments.SUBSCRIPTION + ")");
    }

    @Test
    void azureCliNotSignedInIsBadInputSayingToRunAzLogin(@TempDir Path bin) throws IOException {
        Path az = script(bin, "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1");

        assertThatThrownBy(() -> runWithout("azure.subscription", az))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessageStartingWith("azure.subscription: not given, and `" + az + " account show` found no signed-in "
                + "subscription (ERROR: Please run 'az login' to setup account.)")
            .hasMessageContaining("run `az login`");
    }

    @Test
    void missingAzureCliIsBadInputSayingToGiveTheSubscription(@TempDir Path bin) {
        assertThatThrownBy(() -> runWithout("azure.subscription", bin.resolve("az")))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessageContaining("not given, and the Azure CLI (" + bin.resolve("az") + ") that would tell it cannot "
                + "be run")
            .hasMessageContaining("give --subscription ID");
    }

    private CloudRun runWithout(String key, Path az) {
        Map<String, String> values = new HashMap<>(pair.settings.asMap());
        values.remove(key);
        AzureProvider provider = AzureProvider.authenticatedBy(new StaticTokenPolicy(), StaticTokenPolicy.QUICK_RETRY,
            az.toString());
        return new CloudRun(pair.topology, provider.connect(CloudSettings.of(values), pair.topology), pair.output::add);
    }

    private static Path script(Path bin, String body) throws IOException {
        Path az = bin.resolve("az");
        Files.writeString(az, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
        return az;
    }
}
