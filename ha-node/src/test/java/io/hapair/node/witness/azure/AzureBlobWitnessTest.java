package io.hapair.node.witness.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.hapair.node.witness.WitnessClient;
import io.hapair.node.witness.WitnessSettings;
import io.hapair.node.witness.WitnessType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

/** The blob lease against a real Azurite: one blob per pair, created by the first node to ask. */
class AzureBlobWitnessTest {

    private static final String ADDRESS = "127.0.132.1";
    // The shortest lease the blob service grants.
    private static final Duration TTL = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static AzuriteServer azurite;
    private static Vertx vertx;
    private Context context;
    private String blob;
    private AzureBlobWitness first;
    private AzureBlobWitness second;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteServer.start(ADDRESS, dir.resolve("azurite"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        azurite.close();
    }

    @BeforeEach
    void clients(TestInfo test) {
        context = vertx.getOrCreateContext();
        blob = "hapair-witness/" + test.getTestMethod().orElseThrow().getName();
        first = client("node-1", AzuriteServer.KEY);
        second = client("node-2", AzuriteServer.KEY);
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private AzureBlobWitness client(String holder, String accountKey) {
        return new AzureBlobWitness(vertx, new WitnessSettings(WitnessType.AZURE_BLOB, List.of(azurite.blobUrl()), blob,
                TTL, azurite.connectionString(accountKey), holder));
    }

    /** Calls the client on one event loop, as the node does, and waits for its answer. */
    private <T> T on(Supplier<Future<T>> call) throws Exception {
        Promise<T> answer = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(answer));
        return answer.future().await(60, TimeUnit.SECONDS);
    }

    @Test
    void theFirstToAskCreatesTheBlobAndHoldsItsLeaseAndTheSecondIsToldWhoHoldsIt() throws Exception {
        WitnessClient.Answer mine = on(first::acquire);
        WitnessClient.Answer theirs = on(second::acquire);

        assertThat(mine).isEqualTo(new WitnessClient.Answer.Ours(new WitnessClient.Lease(
                ((WitnessClient.Answer.Ours) mine).lease().id(), 1, TTL)));
        assertThat(theirs).isEqualTo(new WitnessClient.Answer.Theirs("held by node-1 (fencing token 1)"));
    }

    @Test
    void aRenewedLeaseStaysOursAndRefusedToOthers() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();

        assertThat(on(() -> first.renew(lease))).isEqualTo(new WitnessClient.Answer.Ours(lease));
        assertThat(on(second::acquire)).isInstanceOf(WitnessClient.Answer.Theirs.class);
    }

    @Test
    void aReleasedLeaseGoesToTheNextHolderAtOnceWithAHigherFencingToken() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();
        on(() -> first.release(lease));

        WitnessClient.Answer next = on(second::acquire);

        assertThat(next).isInstanceOf(WitnessClient.Answer.Ours.class);
        assertThat(((WitnessClient.Answer.Ours) next).lease().token()).isEqualTo(lease.token() + 1);
        assertThat(on(() -> first.renew(lease))).isEqualTo(new WitnessClient.Answer.Theirs(
                "held by node-2 (fencing token " + (lease.token() + 1) + ")"));
    }

    @Test
    void aLeaseItsHolderStopsRenewingRunsOutAndTheNextHolderGetsAHigherFencingToken() throws Exception {
        WitnessClient.Lease lease = ((WitnessClient.Answer.Ours) on(first::acquire)).lease();

        WitnessClient.Answer[] next = new WitnessClient.Answer[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            next[0] = on(second::acquire);
            return next[0] instanceof WitnessClient.Answer.Ours;
        });

        assertThat(((WitnessClient.Answer.Ours) next[0]).lease().token()).isGreaterThan(lease.token());
        assertThat(on(() -> first.renew(lease))).isInstanceOf(WitnessClient.Answer.Theirs.class);
    }

    @Test
    void aWrongAccountKeyFailsWithTheServicesAnswerRatherThanPassingForSomeoneElsesLease() throws Exception {
        AzureBlobWitness stranger = client("node-3", Base64.getEncoder().encodeToString(new byte[64]));
        try {
            Throwable failure = catchThrowable(() -> on(stranger::acquire));

            assertThat(failure).hasMessageContaining("Azure blob service at " + azurite.blobUrl() + " blob " + blob
                    + " refused: HTTP 403");
        } finally {
            stranger.close();
        }
    }
}
