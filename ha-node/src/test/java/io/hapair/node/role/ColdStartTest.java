package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cold-start rule of {@link RoleMachine}: a pair whose nodes start together, in either order and
 * seconds apart, never has both nodes answering 200, and a node whose partner is absent still serves.
 */
class ColdStartTest {

    private static final int TRIALS = 50;
    private static final long MAX_SKEW = 3_000;
    // A node takes 1-2 s from exec to its peer port listening on an idle host, up to 7 s on a loaded one;
    // a cold TLS handshake 1 s more.
    private static final long JVM_START_MIN = 1_000;
    private static final long JVM_START_MAX = 7_000;
    private static final long HANDSHAKE = 1_000;

    /**
     * Trial i starts the slave {@code skew} ms after the master (negative: before it), from -3 s to +3 s,
     * each node's JVM taking its own 1-7 s to start listening.
     */
    static Stream<Arguments> skews() {
        Random random = new Random(13);
        return IntStream.range(0, TRIALS).mapToObj(i -> Arguments.of(
                -MAX_SKEW + i * 2 * MAX_SKEW / (TRIALS - 1),
                JVM_START_MIN + random.nextInt((int) (JVM_START_MAX - JVM_START_MIN + 1)),
                JVM_START_MIN + random.nextInt((int) (JVM_START_MAX - JVM_START_MIN + 1)),
                random.nextBoolean() ? PreferredServer.PREFER_MASTER : PreferredServer.NONE));
    }

    @ParameterizedTest(name = "slave starts {0} ms after the master; JVM starts {1} / {2} ms; {3}")
    @MethodSource("skews")
    void pairStartedTogetherWithSkewNeverHasBothNodesAnswering200(long slaveSkew, long masterJvm, long slaveJvm,
            PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred);
        pair.handshakeMillis = HANDSHAKE;
        long masterListens = pair.now + Math.max(0, -slaveSkew) + masterJvm;
        long slaveListens = pair.now + Math.max(0, slaveSkew) + slaveJvm;
        runUntil(pair, Math.min(masterListens, slaveListens));
        (masterListens <= slaveListens ? pair.master : pair.slave).start();
        runUntil(pair, Math.max(masterListens, slaveListens));
        (masterListens <= slaveListens ? pair.slave : pair.master).start();
        pair.run(10_000);

        assertThat(pair.overlapMillis).as("time both nodes answered 200").isZero();
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = HaMode.class, names = {"MASTER", "SLAVE"})
    void nodeWhosePartnerIsAbsentServesAloneAfterItsStartUpWait(HaMode mode) {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        SimulatedPair.Node node = mode == HaMode.MASTER ? pair.master : pair.slave;
        long wait = mode == HaMode.MASTER ? SimulatedPair.TIMING.deadAfter().toMillis()
                : SimulatedPair.TIMING.slaveStartWait().toMillis();
        node.start();

        long serving = pair.runUntilActive(node, 30_000);

        assertThat(serving).isBetween(wait, wait + 100);
        assertThat(node.reasons).containsExactly(TransitionReason.PARTNER_NEVER_HEARD);
    }

    @Test
    void slaveWaitsAtLeastPartnerDeadAfterWhenThatIsTheLongerWait() {
        RoleTiming slowLink = new RoleTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(15), 2, Duration.ofSeconds(10));
        RoleMachine slave = new RoleMachine(new NodeIdentity("node-2", HaMode.SLAVE, PreferredServer.NONE, "1", 8444),
                slowLink, 0);
        for (long t = 250; t < 20_000; t += 250) {
            assertThat(slave.on(new RoleEvent.Tick(), t).activity()).as("at %d ms", t).isEqualTo(Activity.STANDBY);
        }

        assertThat(slave.on(new RoleEvent.Tick(), 20_000).activity()).isEqualTo(Activity.ACTIVE);
    }

    private static void runUntil(SimulatedPair pair, long at) {
        if (at > pair.now) {
            pair.run(at - pair.now);
        }
    }
}
