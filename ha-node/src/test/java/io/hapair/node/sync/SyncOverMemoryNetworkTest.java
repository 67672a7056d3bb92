package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.peer.Heartbeat;
import io.hapair.node.peer.MemoryNetwork;
import io.hapair.node.peer.PeerTransport;
import io.hapair.node.store.SettingsStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings sync between two nodes whose peer transports share an in-memory network that breaks the
 * connection at random (every message in flight lost, then a reconnect), delays messages and loses,
 * duplicates and reorders heartbeats, while both nodes keep editing, some of them the same documents.
 */
class SyncOverMemoryNetworkTest {

    private static final Set<String> SYNCED = Set.of("virtual-services", "geo-clusters");

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final MemoryNetwork network = new MemoryNetwork(13, 0);
    private final List<Node> nodes = new ArrayList<>();

    private final class Node implements PeerTransport.Listener {
        final Context context = vertx.getOrCreateContext();
        final WorkerExecutor worker;
        final SettingsStore store;
        final SettingsService settings;
        final SyncService sync;
        final MemoryNetwork.Transport transport;

        Node(String name) throws Exception {
            worker = vertx.createSharedWorkerExecutor("store-" + name + "-" + System.nanoTime(), 1);
            store = SettingsStore.open(dir.resolve(name));
            settings = new SettingsService(worker, store, name, System::currentTimeMillis);
            transport = network.join(task -> context.runOnContext(v -> task.run()));
            transport.listener(this);
            sync = new SyncService(vertx, settings, () -> transport,
                    new SyncService.Identity("1.0", SettingsStore.SCHEMA_VERSION, name, "partner-of-" + name), SYNCED,
                    Set.of(), (type, body, from, to) -> body);
            settings.onLocalCommit(sync::push);
            on(transport::start);
            nodes.add(this);
        }

        <T> T on(Supplier<Future<T>> work) throws Exception {
            Promise<T> done = Promise.promise();
            context.runOnContext(v -> work.get().onComplete(done));
            return done.future().await(10, TimeUnit.SECONDS);
        }

        void put(String type, String id, String body) throws Exception {
            on(() -> settings.put(type, id, body, null));
        }

        Map<String, String> digest() throws Exception {
            return on(() -> settings.digest(SYNCED));
        }

        int documents() throws Exception {
            return on(() -> settings.list(SYNCED)).size();
        }

        /** Waits until everything queued on this node's context and store worker so far has run. */
        void fence() throws Exception {
            on(() -> worker.executeBlocking(() -> null, true));
        }

        @Override
        public void heartbeat(Heartbeat heartbeat) {
        }

        @Override
        public void message(String type, String body) {
            sync.receive(type, body);
        }

        @Override
        public void handshakePending(boolean pending) {
        }

        @Override
        public void connected() {
            sync.compareNow("reconnect");
        }

        @Override
        public void linkLost(String cause) {
            sync.linkLost(cause);
        }

        @Override
        public void partnerGone(String cause) {
            sync.linkLost(cause);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (Node n : nodes) {
            n.worker.close().await(10, TimeUnit.SECONDS);
            n.store.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Lets {@code millis} of network time pass, 10 ms at a time, each node catching up in between. */
    private void run(long millis) throws Exception {
        for (long t = 0; t < millis; t += 10) {
            network.runUntil(network.now() + 10);
            for (Node n : nodes) {
                n.fence();
            }
        }
    }

    @Test
    void editsOnBothNodesConvergeOverALinkThatKeepsBreakingOnceItHolds() throws Exception {
        Node a = new Node("node-a");
        Node b = new Node("node-b");
        network.loss(0.3).duplicate(0.3).delay(1, 40).messageLoss(0.2);
        run(300);

        for (int i = 0; i < 30; i++) {
            a.put("virtual-services", "a-" + i, "{\"port\":" + (1000 + i) + "}");
            b.put("geo-clusters", "b-" + i, "{\"ip\":\"10.0.0." + i + "\"}");
            if (i % 3 == 0) {
                a.put("virtual-services", "both-" + i, "{\"by\":\"a\"}");
                b.put("virtual-services", "both-" + i, "{\"by\":\"b\"}");
            }
            run(50);
        }
        assertThat(network.resets()).as("the link broke while they edited").isGreaterThan(5);

        network.messageLoss(0);
        network.resetConnection("the network holds from now on");
        run(2_000);

        assertThat(a.documents()).isEqualTo(30 + 30 + 10);
        assertThat(b.digest()).isEqualTo(a.digest());
    }
}
