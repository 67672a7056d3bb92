package io.hapair.node.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.selfcheck.model.CheckTarget;
import io.hapair.node.selfcheck.model.Reachability;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-detector against real sockets and iputils' ping, on loopback addresses 127.20.182.0/24. */
class SelfCheckerTest {

    private static final String NODE = "127.20.182.1";
    private static final String SERVER = "127.20.182.2";
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    private final Vertx vertx = Vertx.vertx();
    private final List<Reachability.Summary> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private SelfChecker started(String source, String targets) {
        return started(source, targets, "ping");
    }

    private SelfChecker started(String source, String targets, String ping) {
        SelfChecker checker = new SelfChecker(vertx, new SelfCheckSettings(CheckTarget.parseList(targets), INTERVAL,
                TIMEOUT, ping), source, changes::add);
        vertx.runOnContext(v -> checker.start());
        return checker;
    }

    private NetServer listener(List<String> clients, int port) throws Exception {
        return vertx.createNetServer().connectHandler(socket -> clients.add(socket.remoteAddress().hostAddress()))
                .listen(port, SERVER).await(10, TimeUnit.SECONDS);
    }

    @Test
    void tcpChecksLeaveFromTheNodesAddressAndAListenerThatStopsIsLostThenAnswersAgain() throws Exception {
        List<String> clients = new CopyOnWriteArrayList<>();
        NetServer server = listener(clients, 0);
        int port = server.actualPort();
        SelfChecker checker = started(NODE, "tcp:" + SERVER + ":" + port);

        await().atMost(5, TimeUnit.SECONDS).until(() -> checker.states().get(0).lastResult().equals("answered"));
        assertThat(clients).first().isEqualTo(NODE);
        assertThat(changes).isEmpty();

        server.close().await(10, TimeUnit.SECONDS);
        // The listener hears of each change after the summary has changed: wait for what it heard.
        await().atMost(5, TimeUnit.SECONDS).until(() -> changes.size() == 1);
        assertThat(checker.summary().lost()).isEqualTo(1);
        assertThat(changes).singleElement().satisfies(s -> {
            assertThat(s.lost()).isEqualTo(1);
            assertThat(s.detail()).startsWith("tcp:" + SERVER + ":" + port + " (").containsIgnoringCase("refused");
        });
        assertThat(checker.status().getJsonArray("targets").getJsonObject(0).getInteger("failuresInARow"))
                .isGreaterThanOrEqualTo(Reachability.LOST_AFTER);

        listener(clients, port);
        await().atMost(5, TimeUnit.SECONDS).until(() -> changes.size() == 2);
        assertThat(changes.get(1).lost()).isZero();
        assertThat(checker.summary().lost()).isZero();
    }

    @Test
    void aPingFromTheNodesAddressAnswersAndOneFromAnAddressTheHostLacksIsLostWithPingsReason() {
        SelfChecker reachable = started(NODE, "icmp:" + SERVER);
        SelfChecker unbound = started("192.0.2.7", "icmp:" + SERVER);

        await().atMost(5, TimeUnit.SECONDS).until(() -> reachable.states().get(0).lastResult().equals("answered")
                && unbound.summary().lost() == 1);
        assertThat(reachable.summary().lost()).isZero();
        assertThat(unbound.summary().detail()).startsWith("icmp:" + SERVER + " (ping failed: ")
                .containsIgnoringCase("cannot assign requested address");
    }

    @Test
    void theConfiguredPingProgramIsTheOneThatRunsWithTheNodesAddressAndTheTarget(@TempDir Path dir) throws Exception {
        Path said = dir.resolve("arguments");
        Path ping = dir.resolve("site-ping");
        // Answers where iputils' ping could not: 192.0.2.50 (TEST-NET-1) is nowhere.
        Files.writeString(ping, "#!/bin/sh\necho \"$@\" >> " + said + "\nexit 0\n");
        Files.setPosixFilePermissions(ping, PosixFilePermissions.fromString("rwx------"));

        SelfChecker checker = started(NODE, "icmp:192.0.2.50", ping.toString());

        await().atMost(5, TimeUnit.SECONDS).until(() -> checker.states().get(0).lastResult().equals("answered"));
        assertThat(checker.summary().lost()).isZero();
        assertThat(Files.readAllLines(said)).first().asString().contains("-I " + NODE + " 192.0.2.50");
    }
}
