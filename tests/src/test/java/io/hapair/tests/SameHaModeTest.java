package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both nodes configured with the same HA mode: each reports the configuration error and serves as if alone. */
class SameHaModeTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(5);

    @ParameterizedTest(name = "both {0}")
    @ValueSource(strings = {"master", "slave"})
    void bothNodesReportTheConfigurationError(String mode) {
        String a = fixtures.nextAddress();
        String b = fixtures.nextAddress();
        List<HaNodeProcess> nodes = fixtures.nodes(NodeOptions.of("first-" + mode, mode, "prefer-master", a, b),
                NodeOptions.of("second-" + mode, mode, "prefer-master", b, a));

        for (HaNodeProcess node : nodes) {
            await(node.name() + " reports the error").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> node.status().path("configErrors").toString()
                            .contains("both nodes are configured as " + mode));
            assertThat(node.logOfThisRun()).contains("configuration error: both nodes are configured as " + mode);
            // Serving as if alone, as documented: neither waits for a partner it cannot pair with.
            await(node.name() + " serves").atMost(Patience.SETTLE).until(() -> node.healthCode() == 200);
        }
    }
}
