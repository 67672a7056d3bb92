package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A slave on another software version (an upgrade half done): no settings cross, both say why, failover still works. */
class SoftwareVersionMismatchTest {

    private static final String OTHER_VERSION = "9.9.9";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(33);

    @Test
    void noSettingsCrossBothNodesSayWhyAndTheSlaveStillTakesOver() {
        List<String> jvm = new ArrayList<>(NodeOptions.LIGHT_JVM);
        jvm.add("-Dhanode.software-version=" + OTHER_VERSION);
        NodePair pair = fixtures.pairOf("prefer-master", fixtures.masterOptions("prefer-master"),
                fixtures.slaveOptions("prefer-master").withJvmArgs(jvm));
        SettingsApi master = SettingsApi.of(pair.master());
        SettingsApi slave = SettingsApi.of(pair.slave());

        // The settle check probed the health ports; a standby that no balancer probes takes synced writes.
        SettingsApi.awaitUnconnected(pair.slave());
        assertThat(master.create(VS, SettingsApi.virtualService("from-master", 80)).code()).isEqualTo(201);
        assertThat(slave.create(VS, SettingsApi.virtualService("from-slave", 81)).code()).isEqualTo(201);
        await("both nodes say why they do not sync").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> !master.syncStatus().path("refusal").isNull() && !slave.syncStatus().path("refusal").isNull());
        assertThat(master.syncStatus().path("refusal").asText()).contains(OTHER_VERSION).contains("upgrade the standby");
        assertThat(slave.syncStatus().path("refusal").asText()).contains("partner runs software")
                .contains("upgrade the standby");
        assertThat(master.syncStatus().path("state").asText()).isEqualTo("refused");
        HttpOnce.Answer syncNow = pair.master().api("POST", "/api/v1/sync/now");
        assertThat(syncNow.code()).isEqualTo(409);
        assertThat(syncNow.body()).contains(OTHER_VERSION);

        // Pushes arrive in milliseconds between equal versions; here nothing may arrive for the whole window.
        await("each node keeps only its own").during(Patience.HOLD).atMost(Patience.HOLD.multipliedBy(3))
                .until(() -> slave.ids(VS).equals(Set.of("from-slave")) && master.ids(VS).equals(Set.of("from-master")));

        pair.master().kill9();
        await("the slave takes over").atMost(Patience.SETTLE).until(() -> pair.slave().healthCode() == 200);
    }
}
