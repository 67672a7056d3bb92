package io.hapair.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's procedure for a new admin password without downtime, on a real pair under a 10 ms
 * poller: restart the standby with the new password, switch over, restart the other node with it.
 * A node answers 200 at every poll, and each node takes the new password and refuses the old one
 * once it runs with the new one.
 */
class AdminPasswordRotationTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(54, HanodeJar.launcherJvmOptions());

    private static final String NEW_PASSWORD = "rotated-admin-password-71c3";
    private static final UnaryOperator<NodeOptions> NEW = o -> o.with("--admin-password", NEW_PASSWORD);

    @Test
    void changingTheAdminPasswordOneNodeAtATimeKeepsANodeActiveAndEndsWithOnlyTheNewPassword() {
        // No preemption: under prefer-master a restarted master would take over by itself, an overlap of its own.
        RollingChange change = new RollingChange(fixtures, fixtures.pair("none", "--shutdown-drain", "1s"));
        String first = change.pair().awaitSettled(Patience.SETTLE).name();
        String second = change.pair().other(change.byName(first)).name();
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(change.pair().master(), change.pair().slave())) {
            poller.awaitSamples(5);
            change.restartStandby(second, NEW);
            assertThat(change.byName(first).apiAs(NodeOptions.PASSWORD, "GET", "/api/v1/ha/status").code())
                    .as("the active node, not yet changed, still takes the old password").isEqualTo(200);
            change.switchOverTo(second);
            change.restartStandby(first, NEW);
            samples = poller.stop();
        }

        change.assertOneNodeActive(samples);
        for (HaNodeProcess node : change.pair().nodes()) {
            assertThat(node.apiAs(NEW_PASSWORD, "GET", "/api/v1/ha/status").code())
                    .as("the new password at " + node.name()).isEqualTo(200);
            assertThat(node.apiAs(NodeOptions.PASSWORD, "GET", "/api/v1/ha/status").code())
                    .as("the old password at " + node.name()).isEqualTo(401);
        }
    }
}
