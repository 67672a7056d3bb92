package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A standby that the balancer probes takes only node-local writes; synced settings are changed on the active node. */
class StandbyAdministrationTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(35);

    @Test
    void aProbedStandbyRefusesSyncedWritesButTakesNodeLocalOnesAndAnswersReads() {
        NodePair pair = fixtures.pair("prefer-master");
        SettingsApi master = SettingsApi.of(pair.master());
        SettingsApi slave = SettingsApi.of(pair.slave());
        try (BalancerProbes probes = fixtures.track(BalancerProbes.start(Duration.ofSeconds(1), pair.master(),
                pair.slave()))) {
            await("the slave sees the balancer's probes").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> pair.slave().status().path("connected").asBoolean());

            HttpOnce.Answer refused = slave.create(VS, SettingsApi.virtualService("on-standby", 80));
            assertThat(refused.code()).isEqualTo(403);
            assertThat(refused.body()).contains("standby: local administration only");
            assertThat(slave.put("snmp", "{\"enabled\":false}").code()).isEqualTo(403);
            assertThat(slave.importAll(SettingsApi.exportOf(1)).code()).isEqualTo(403);

            assertThat(slave.put("hostname", "{\"name\":\"lb-2\"}").code()).isIn(200, 201);
            assertThat(master.create(VS, SettingsApi.virtualService("on-active", 81)).code()).isEqualTo(201);
            await("the active node's change on the standby").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> slave.document(VS, "on-active").isPresent());
            assertThat(slave.ids(VS)).containsExactly("on-active");
            assertThat(slave.delete(VS, "on-active").code()).isEqualTo(403);
            assertThat(probes.failures()).isEmpty();
        }
    }
}
