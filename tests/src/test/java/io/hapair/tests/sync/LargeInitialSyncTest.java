package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.Patience;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A partner that joins a node holding 10,000 virtual services gets them all, and the health port keeps answering. */
class LargeInitialSyncTest {

    static final int SERVICES = 10_000;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(36).aloneOnTheMachine();

    @Test
    void aJoiningPartnerGetsTenThousandVirtualServicesWhileHealthProbesKeepAnswering() {
        HaNodeProcess master = fixtures.node(fixtures.masterOptions("prefer-master"));
        HttpOnce.Answer imported = SettingsApi.of(master).importAll(SettingsApi.exportOf(SERVICES));
        assertThat(imported.code()).as(imported.body()).isEqualTo(200);

        try (BalancerProbes probes = fixtures.track(BalancerProbes.start(Duration.ofMillis(100), master))) {
            HaNodeProcess slave = fixtures.node(fixtures.slaveOptions("prefer-master"));
            SettingsApi onSlave = SettingsApi.of(slave);
            try (BalancerProbes slaveProbes = fixtures.track(BalancerProbes.start(Duration.ofMillis(100), slave))) {
                await("all services on the slave").atMost(Patience.START).pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions().until(() -> onSlave.ids(VS).size() == SERVICES);
                assertThat(probes.sent() + slaveProbes.sent()).isPositive();
                assertThat(probes.failures()).as("master's probes not answered within 1 s").isEmpty();
                assertThat(slaveProbes.failures()).as("slave's probes not answered within 1 s").isEmpty();
            }
        }
    }
}
