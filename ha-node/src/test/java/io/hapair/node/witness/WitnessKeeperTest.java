package io.hapair.node.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.role.WitnessState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' keepers on one real etcd: what each tells its role machine while it wants the lease, lets
 * it go, or cannot reach the witness.
 */
class WitnessKeeperTest {

    private static final String ETCD_ADDRESS = "127.0.131.3";
    private static final Duration TTL = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    private static EtcdServer etcd;
    private static Vertx vertx;
    private Context context;
    private String key;
    private final List<Keeper> keepers = new ArrayList<>();

    /** One node's keeper, with the wish its role machine would have and every state it was told. */
    private final class Keeper {
        final AtomicBoolean wanted = new AtomicBoolean(true);
        final List<WitnessState> told = new ArrayList<>();
        final WitnessKeeper keeper;

        Keeper(String node) {
            keeper = new WitnessKeeper(vertx, new WitnessSettings(WitnessType.ETCD, List.of(etcd.clientUrl()), key, TTL,
                    null, node), wanted::get, told::add);
        }

        Keeper start() {
            context.runOnContext(v -> keeper.start());
            return this;
        }

        boolean held() throws Exception {
            return read(keeper::held);
        }

        JsonObject status() throws Exception {
            return read(keeper::status);
        }

        WitnessState last() throws Exception {
            return read(() -> told.get(told.size() - 1));
        }

        void letGo() {
            wanted.set(false);
            context.runOnContext(v -> keeper.nudge());
        }
    }

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.start(ETCD_ADDRESS, dir.resolve("etcd"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        etcd.close();
    }

    @BeforeEach
    void names(TestInfo test) {
        context = vertx.getOrCreateContext();
        key = "/hapair/witness/" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stopKeepers() throws Exception {
        etcd.thaw();
        for (Keeper k : keepers) {
            Promise<Void> stopped = Promise.promise();
            context.runOnContext(v -> k.keeper.stop().onComplete(stopped));
            stopped.future().await(30, TimeUnit.SECONDS);
        }
    }

    private Keeper keeper(String node) {
        Keeper k = new Keeper(node);
        keepers.add(k);
        return k;
    }

    /** Reads the keeper on its event loop, where it runs. */
    private <T> T read(Supplier<T> what) throws Exception {
        Promise<T> answer = Promise.promise();
        context.runOnContext(v -> answer.complete(what.get()));
        return answer.future().await(30, TimeUnit.SECONDS);
    }

    private static ConditionFactory patiently() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }

    @Test
    void aWantedLeaseIsHeldAndTheOtherNodeIsToldWhoHoldsIt() throws Exception {
        Keeper one = keeper("node-1").start();
        patiently().until(one::held);
        Keeper two = keeper("node-2").start();
        patiently().until(() -> two.last().detail().startsWith("held by node-1"));

        JsonObject status = one.status();
        assertThat(status.getString("type")).isEqualTo("etcd");
        assertThat(status.getBoolean("held")).isTrue();
        assertThat(status.getBoolean("reachable")).isTrue();
        assertThat(status.getLong("token")).isPositive();
        assertThat(status.getString("lastError")).isNull();
        assertThat(read(() -> one.told.get(0))).as("told first, before any answer, that nothing is held")
                .isEqualTo(new WitnessState(false, 0, 0, "not asked yet"));
        assertThat(two.held()).isFalse();
        assertThat(two.status().getBoolean("reachable")).isTrue();
    }

    @Test
    void aLeaseNoLongerWantedIsReleasedAndTheOtherNodeTakesItWithAHigherToken() throws Exception {
        Keeper one = keeper("node-1").start();
        patiently().until(one::held);
        long token = one.status().getLong("token");
        Keeper two = keeper("node-2").start();
        patiently().until(() -> two.last().detail().startsWith("held by node-1"));

        one.letGo();

        patiently().until(two::held);
        assertThat(two.status().getLong("token")).isGreaterThan(token);
        assertThat(one.held()).isFalse();
        assertThat(one.last().detail()).contains("not needed");
    }

    @Test
    void aWitnessThatStopsAnsweringLeavesTheLeaseHeldUntilItsDeadlineAndThenNotHeld() throws Exception {
        Keeper one = keeper("node-1").start();
        patiently().until(one::held);

        etcd.freeze();

        patiently().until(() -> !one.last().reachable());
        List<WitnessState> told = read(() -> List.copyOf(one.told));
        WitnessState unanswered = told.stream().skip(1).filter(s -> !s.reachable()).findFirst().orElseThrow();
        assertThat(unanswered.heldUntil()).as("the lease stays counted as held until its deadline").isPositive();
        patiently().until(() -> !one.held());
        assertThat(one.status().getString("lastError")).contains("etcd at " + etcd.clientUrl());
        assertThat(one.status().getBoolean("reachable")).isFalse();
    }

    @Test
    void aStoppedKeeperReleasesTheLeaseForThePartner() throws Exception {
        Keeper one = keeper("node-1").start();
        patiently().until(one::held);
        Keeper two = keeper("node-2").start();
        patiently().until(() -> two.last().detail().startsWith("held by node-1"));
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> one.keeper.stop().onComplete(stopped));
        stopped.future().await(30, TimeUnit.SECONDS);

        patiently().until(two::held);
    }
}
