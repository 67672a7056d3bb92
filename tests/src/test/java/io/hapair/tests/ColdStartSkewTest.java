package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both nodes of a pair started together, as after a power cut or a deployment: whichever starts first,
 * the two never answer 200 at the same time, and the master ends active.
 */
class ColdStartSkewTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(116);

    @ParameterizedTest(name = "slave started {0} ms before the master")
    @ValueSource(longs = {0, 3_000})
    void pairStartedTogetherNeverHasBothNodesAnswering200(long slaveLead) throws Exception {
        String masterAddress = fixtures.nextAddress();
        String slaveAddress = fixtures.nextAddress();
        NodePair pair = fixtures.unstartedPair(
                NodeOptions.of("master-" + slaveLead, "master", "prefer-master", masterAddress, slaveAddress),
                NodeOptions.of("slave-" + slaveLead, "slave", "prefer-master", slaveAddress, masterAddress));

        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            pair.slave().start();
            TimeUnit.MILLISECONDS.sleep(slaveLead);
            pair.master().start();
            pair.awaitSettledWith(pair.master(), Patience.START);
            samples = poller.stop();
        }

        List<HealthPoller.Sample> bothActive = samples.stream().filter(s -> s.code(0) == 200 && s.code(1) == 200).toList();
        assertThat(bothActive).as(HealthPoller.describe(bothActive, samples)).isEmpty();
        assertThat(pair.slave().status().path("events").toString()).doesNotContain("partner never heard");
    }
}
