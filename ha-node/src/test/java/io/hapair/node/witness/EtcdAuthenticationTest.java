package io.hapair.node.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The etcd lease on an etcd with authentication on: USER:PASSWORD from witness-secret-file. */
class EtcdAuthenticationTest {

    private static final String ETCD_ADDRESS = "127.0.131.4";
    private static final Duration TTL = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static EtcdServer etcd;
    private static Vertx vertx;
    private static Context context;

    @BeforeAll
    static void startEtcdWithAuthentication() throws Exception {
        // Tokens that expire after a second, so that a renewal meets an expired one.
        etcd = EtcdServer.start(ETCD_ADDRESS, dir.resolve("etcd"), "--auth-token-ttl", "1");
        etcd.post("/v3/auth/user/add", "{\"name\": \"root\", \"password\": \"root-password\"}");
        etcd.post("/v3/auth/user/grant", "{\"user\": \"root\", \"role\": \"root\"}");
        assertThat(etcd.post("/v3/auth/enable", "{}")).doesNotContain("error");
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        etcd.close();
    }

    private static EtcdWitness client(String key, String secret) {
        return new EtcdWitness(vertx, new WitnessSettings(WitnessType.ETCD, List.of(etcd.clientUrl()), key, TTL, secret,
                "node-1"));
    }

    private static <T> T on(Supplier<Future<T>> call) throws Exception {
        Promise<T> answer = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(answer));
        return answer.future().await(30, TimeUnit.SECONDS);
    }

    @Test
    void withCredentialsTheLeaseIsTakenAndRenewedAcrossAnExpiredToken() throws Exception {
        EtcdWitness witness = client("/hapair/witness/authenticated", "root:root-password");
        try {
            WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(witness::acquire)).lease();
            Thread.sleep(2_500);

            assertThat(on(() -> witness.renew(lease))).isEqualTo(new WitnessClient.Answer.Ours(lease));
        } finally {
            witness.close();
        }
    }

    @Test
    void aWrongPasswordFailsWithEtcdsAnswer() {
        EtcdWitness witness = client("/hapair/witness/wrong-password", "root:not-the-password");
        try {
            assertThat(catchThrowable(() -> on(witness::acquire)))
                    .hasMessageContaining("etcd at " + etcd.clientUrl() + " refused: etcdserver: authentication failed");
        } finally {
            witness.close();
        }
    }

    @Test
    void withoutCredentialsTheKeyCannotBeWritten() {
        EtcdWitness witness = client("/hapair/witness/anonymous", null);
        try {
            assertThat(catchThrowable(() -> on(witness::acquire)))
                    .hasMessageContaining("etcd at " + etcd.clientUrl() + " refused: etcdserver: user name is empty");
        } finally {
            witness.close();
        }
    }
}
