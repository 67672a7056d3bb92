package io.hapair.node.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The etcd lease against a real etcd: one key per pair, bound to the holder's lease. */
class EtcdWitnessTest {

    private static final String ETCD_ADDRESS = "127.0.131.1";
    // Nothing listens here: an etcd member that is down.
    private static final String DOWN_ADDRESS = "127.0.131.2";
    // Requests give up after a third of it; several builds share two cores here, and etcd syncs every write to disk.
    private static final Duration TTL = Duration.ofSeconds(6);

    @TempDir
    static Path dir;

    private static EtcdServer etcd;
    private static Vertx vertx;
    private Context context;
    private String key;
    private EtcdWitness first;
    private EtcdWitness second;

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
    void clients(TestInfo test) {
        context = vertx.getOrCreateContext();
        key = "/hapair/witness/" + test.getTestMethod().orElseThrow().getName();
        first = client("node-1", List.of(etcd.clientUrl()));
        second = client("node-2", List.of(etcd.clientUrl()));
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private EtcdWitness client(String holder, List<URI> endpoints) {
        return new EtcdWitness(vertx, new WitnessSettings(WitnessType.ETCD, endpoints, key, TTL, null, holder));
    }

    /** Calls the client on one event loop, as the node does, and waits for its answer. */
    private <T> T on(Supplier<Future<T>> call) throws Exception {
        Promise<T> answer = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(answer));
        return answer.future().await(30, TimeUnit.SECONDS);
    }

    @Test
    void theFirstToAskHoldsTheLeaseAndTheSecondIsToldWhoHoldsIt() throws Exception {
        WitnessClient.Answer mine = on(first::acquire);
        WitnessClient.Answer theirs = on(second::acquire);

        assertThat(mine).isInstanceOf(WitnessClient.Answer.Ours.class);
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) mine).lease();
        assertThat(lease.token()).isPositive();
        assertThat(lease.ttl()).isEqualTo(TTL);
        assertThat(theirs).isEqualTo(new WitnessClient.Answer.Theirs("held by node-1 (fencing token " + lease.token() + ")"));
    }

    @Test
    void aLeaseRenewedInTimeOutlivesItsTtlAndStaysRefusedToOthers() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();
        long until = System.currentTimeMillis() + TTL.toMillis() * 3 / 2;
        while (System.currentTimeMillis() < until) {
            Thread.sleep(TTL.toMillis() / 4);
            assertThat(on(() -> first.renew(lease))).isEqualTo(new WitnessClient.Answer.Ours(lease));
        }

        assertThat(on(second::acquire)).isInstanceOf(WitnessClient.Answer.Theirs.class);
    }

    @Test
    void aLeaseItsHolderStopsRenewingRunsOutAndTheNextHolderGetsAHigherFencingToken() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();

        WitnessClient.Answer[] next = new WitnessClient.Answer[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            next[0] = on(second::acquire);
            return next[0] instanceof WitnessClient.Answer.Ours;
        });

        assertThat(((WitnessClient.Answer.Ours) next[0]).lease().token()).isGreaterThan(lease.token());
        assertThat(on(() -> first.renew(lease))).isInstanceOf(WitnessClient.Answer.Theirs.class);
    }

    @Test
    void aReleasedLeaseIsFreeForTheNextHolderAtOnce() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();
        on(() -> first.release(lease));

        WitnessClient.Answer next = on(second::acquire);

        assertThat(next).isInstanceOf(WitnessClient.Answer.Ours.class);
        assertThat(((WitnessClient.Answer.Ours) next).lease().token()).isGreaterThan(lease.token());
    }

    @Test
    void aKeyDeletedUnderItsHolderIsReportedLostAtTheNextRenewal() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();
        String deleted = etcd.post("/v3/kv/deleterange", "{\"key\": \"" + Base64.getEncoder()
                .encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\"}");
        assertThat(deleted).contains("\"deleted\":\"1\"");

        assertThat(on(() -> first.renew(lease))).isEqualTo(new WitnessClient.Answer.Theirs("the key was deleted"));
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsByNameAndTheNextRequestGoesToTheNextEndpoint() throws Exception {
        URI down = URI.create("http://" + DOWN_ADDRESS + ":" + TestPorts.free(DOWN_ADDRESS));
        EtcdWitness cluster = client("node-1", List.of(down, etcd.clientUrl()));
        try {
            Throwable failure = catchThrowable(() -> on(cluster::acquire));

            assertThat(failure).hasMessageContaining("etcd at " + down);
            assertThat(on(cluster::acquire)).isInstanceOf(WitnessClient.Answer.Ours.class);
            assertThat(cluster.target()).isEqualTo(etcd.clientUrl() + " key " + key);
        } finally {
            cluster.close();
        }
    }
}
