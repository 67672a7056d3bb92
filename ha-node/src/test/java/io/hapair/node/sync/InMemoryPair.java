package io.hapair.node.sync;

import io.hapair.node.store.SettingsStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Two nodes' settings and sync layers joined by an in-memory link that records every frame sent, can
 * lose frames in transit and can be cut. Each node's sync runs on its own context, as on a real node.
 */
final class InMemoryPair implements AutoCloseable {

    /** One message as it left a node. */
    record Frame(String from, String type, String body) {
    }

    final class Node {
        final String name;
        final Context context;
        final WorkerExecutor worker;
        final SettingsStore store;
        final SettingsService settings;
        final SyncService sync;
        Node partner;

        Node(String name, String software, Set<String> synced, int batch) throws Exception {
            this.name = name;
            this.context = vertx.getOrCreateContext();
            // One thread: store work runs in submission order, which settle() relies on.
            this.worker = vertx.createSharedWorkerExecutor("store-" + name + "-" + System.nanoTime(), 1);
            this.store = SettingsStore.open(dir.resolve(name));
            this.settings = new SettingsService(worker, store, name, System::currentTimeMillis);
            this.sync = on(() -> Future.succeededFuture(new SyncService(vertx, settings, new SyncService.Channel() {
                @Override
                public boolean canSend() {
                    return up;
                }

                @Override
                public boolean send(String type, String body) {
                    frames.add(new Frame(name, type, body));
                    if (!up) {
                        return false;
                    }
                    if (delivering) {
                        partner.context.runOnContext(v -> partner.sync.receive(type, body));
                    }
                    return true;
                }
            }, new SyncService.Identity(software, SettingsStore.SCHEMA_VERSION, name, "partner-of-" + name),
                    synced, Set.of(), (type, b, from, to) -> b, batch)));
            settings.onLocalCommit(sync::push);
        }

        /** Runs {@code work} on this node's context and waits for its result. */
        <T> T on(Supplier<Future<T>> work) throws Exception {
            Promise<T> done = Promise.promise();
            context.runOnContext(v -> work.get().onComplete(done));
            return done.future().await(10, TimeUnit.SECONDS);
        }

        void put(String type, String id, String body) throws Exception {
            on(() -> body == null ? settings.delete(type, id, null).recover(e -> Future.succeededFuture())
                    : settings.put(type, id, body, null));
        }

        /** Stores documents ({@code type/id} to body) at once, as if edited here while the link was down. */
        void seed(Collection<String> types, Map<String, String> bodies) throws Exception {
            on(() -> settings.replaceAll(types, bodies));
        }

        /** A message as if the partner had sent it. */
        void receive(String type, String body) throws Exception {
            on(() -> {
                sync.receive(type, body);
                return Future.succeededFuture();
            });
        }

        boolean compare(String why) throws Exception {
            return on(() -> Future.succeededFuture(sync.compareNow(why)));
        }

        SyncState state() {
            return sync.state();
        }

        /** Waits until everything queued on this node's context and store worker so far has run. */
        private void fence() throws Exception {
            on(() -> worker.executeBlocking(() -> null, true));
        }
    }

    private final Vertx vertx;
    private final Path dir;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    private volatile boolean delivering = true;
    final Node a;
    final Node b;

    InMemoryPair(Vertx vertx, Path dir, Set<String> synced, String softwareA, String softwareB, int batch)
            throws Exception {
        this.vertx = vertx;
        this.dir = dir;
        this.a = new Node("node-a", softwareA, synced, batch);
        this.b = new Node("node-b", softwareB, synced, batch);
        a.partner = b;
        b.partner = a;
    }

    List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Frames are sent but never arrive, as on a connection that died without a close yet. */
    void loseFramesInTransit() {
        delivering = false;
    }

    /** The link goes down; both nodes are told, as the peer link tells them. */
    void cut() throws Exception {
        up = false;
        for (Node n : List.of(a, b)) {
            n.on(() -> {
                n.sync.linkLost("test cut the link");
                return Future.succeededFuture();
            });
        }
    }

    /** The link comes back up, and neither node compares until told to. */
    void restore() {
        up = true;
        delivering = true;
    }

    /** The link comes back up and both nodes compare, as they do on reconnect. */
    void join() throws Exception {
        up = true;
        delivering = true;
        a.compare("reconnect");
        b.compare("reconnect");
    }

    /**
     * Waits until the pair is quiet: no frame sent during three rounds in which each node's context and
     * store worker ran everything queued (a frame or a store result can start at most that many steps).
     */
    void settle() throws Exception {
        int last = -1;
        int quiet = 0;
        for (int round = 0; quiet < 3; round++) {
            if (round > 500) {
                throw new AssertionError("the pair never went quiet: " + frames.size() + " frames so far");
            }
            a.fence();
            b.fence();
            quiet = frames.size() == last ? quiet + 1 : 0;
            last = frames.size();
        }
    }

    @Override
    public void close() throws Exception {
        for (Node n : List.of(a, b)) {
            n.worker.close().await(10, TimeUnit.SECONDS);
            n.store.close();
        }
    }
}
