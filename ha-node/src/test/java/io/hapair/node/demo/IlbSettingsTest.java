package io.hapair.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.demo.IlbSettings.Backend;
import io.hapair.node.demo.IlbSettings.Endpoint;
import io.hapair.node.demo.IlbSettings.LoadBalancingRule;
import io.hapair.node.demo.IlbSettings.NatRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IlbSettingsTest {

    @Test
    void pairWiringMatchesTheAzureLayoutOfDesignPorts() {
        IlbSettings settings = IlbSettings.forPair("127.0.0.10", "127.0.0.16", "127.0.0.1", "127.0.0.2", 8444, 8443);

        assertThat(settings.backends()).containsExactly(
                new Backend("node-1", "127.0.0.1", 8444, "/"), new Backend("node-2", "127.0.0.2", 8444, "/"));
        assertThat(settings.loadBalancingRules()).containsExactly(
                new LoadBalancingRule("health-check", new Endpoint("127.0.0.10", 8444), 8444));
        assertThat(settings.natRules()).containsExactly(
                new NatRule("node-1-api", new Endpoint("127.0.0.10", 8441), new Endpoint("127.0.0.1", 8443)),
                new NatRule("node-2-api", new Endpoint("127.0.0.10", 8442), new Endpoint("127.0.0.2", 8443)));
        assertThat(settings.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.healthyThreshold()).isEqualTo(2);
        assertThat(settings.probeTimeout()).isLessThan(settings.probeInterval());
    }

    @Test
    void probeTimeoutMustStayBelowTheInterval() {
        assertThatThrownBy(() -> withProbing(Duration.ofSeconds(1), Duration.ofSeconds(1), 2))
                .hasMessageContaining("probe timeout must be positive and below the probe interval");
    }

    @Test
    void rejectsNonPositiveIntervalAndZeroThreshold() {
        assertThatThrownBy(() -> withProbing(Duration.ZERO, Duration.ofMillis(1), 2))
                .hasMessageContaining("probe interval must be positive");
        assertThatThrownBy(() -> withProbing(Duration.ofSeconds(1), Duration.ofMillis(500), 0))
                .hasMessageContaining("healthy threshold must be at least 1");
    }

    @Test
    void rejectsTheSameFrontendOnTwoRules() {
        Endpoint shared = new Endpoint("127.0.0.10", 8444);

        assertThatThrownBy(() -> new IlbSettings(List.of(backend("node-1")),
                Duration.ofSeconds(1), Duration.ofMillis(500), 2,
                List.of(new LoadBalancingRule("lb", shared, 8444)),
                List.of(new NatRule("nat", shared, new Endpoint("127.0.0.1", 8443))), "127.0.0.16"))
                .hasMessageContaining("frontend 127.0.0.10:8444 is configured twice");
    }

    @Test
    void rejectsDuplicateBackendNamesAndBadPortsOrPaths() {
        assertThatThrownBy(() -> new IlbSettings(List.of(backend("node-1"), backend("node-1")),
                Duration.ofSeconds(1), Duration.ofMillis(500), 2, List.of(), List.of(), "127.0.0.16"))
                .hasMessageContaining("backend name node-1 is configured twice");
        assertThatThrownBy(() -> new Endpoint("127.0.0.10", 70000))
                .hasMessageContaining("port must be 1-65535, got 70000");
        assertThatThrownBy(() -> new Backend("node-1", "127.0.0.1", 8444, "health"))
                .hasMessageContaining("probe path must start with /");
    }

    private static IlbSettings withProbing(Duration interval, Duration timeout, int threshold) {
        return new IlbSettings(List.of(backend("node-1")), interval, timeout, threshold, List.of(), List.of(), "127.0.0.16");
    }

    private static Backend backend(String name) {
        return new Backend(name, "127.0.0.1", 8444, "/");
    }
}
