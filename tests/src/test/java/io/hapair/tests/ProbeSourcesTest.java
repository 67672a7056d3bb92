package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.demo.IlbSettings;
import io.hapair.node.demo.IlbSimulator;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only the balancer's probes count as "the balancer has seen this node": an operator curling 8444, as
 * the troubleshooting guide suggests, gets the answer but takes no part in a handover. The balancer
 * is the demo's ILB simulator, probing from the address the nodes' probe-sources names.
 */
class ProbeSourcesTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(114);

    private static final String PROBE_SOURCE = "127.20.114.100";
    private static final String FRONTEND = "127.20.114.10";
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void anOperatorsCurlOfTheNewActiveNodeIsNoHandoverStepButTheBalancersProbesAre() throws Exception {
        // A slower dead-after lengthens the handover timeout (11 s), which the half-done switchover must stay within.
        NodePair pair = fixtures.pair("prefer-master", "--probe-sources", PROBE_SOURCE,
                "--partner-suspect-after", "1s", "--partner-dead-after", "3s");
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        assertThat(master.status().path("display").asText())
                .as("the fixture's curls of 8444 while the pair settled are no balancer probes").isEqualTo("Master Unconnected");

        IlbSimulator before = simulator(master, slave);
        await("the balancer reaches both nodes").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> master.status().path("connected").asBoolean() && slave.status().path("connected").asBoolean());
        before.stop().await(10, TimeUnit.SECONDS);

        HttpOnce.Answer away = master.switchover();
        assertThat(away.code()).as(away.body()).isEqualTo(202);
        await("slave active").atMost(Patience.SETTLE).until(() -> slave.healthCode() == 200);
        for (int i = 0; i < 5; i++) {
            assertThat(slave.healthCode()).as("an operator's curl of the new active node").isEqualTo(200);
        }
        await("master keeps answering 200: only an operator has seen the slave active")
                .during(Patience.HOLD).atMost(Patience.SETTLE).until(() -> master.healthCode() == 200);

        IlbSimulator after = simulator(master, slave);
        await("master steps down once the balancer has seen the slave answer 200").atMost(Patience.SETTLE)
                .until(() -> master.healthCode() == 503);
        pair.awaitSettledWith(slave, Patience.SETTLE);
        after.stop().await(10, TimeUnit.SECONDS);
    }

    private IlbSimulator simulator(HaNodeProcess master, HaNodeProcess slave) throws Exception {
        IlbSimulator ilb = new IlbSimulator(vertx, IlbSettings.forPair(FRONTEND, PROBE_SOURCE, master.address(),
                slave.address(), master.options().healthPort(), master.options().apiPort()));
        ilb.start().await(10, TimeUnit.SECONDS);
        return ilb;
    }
}
