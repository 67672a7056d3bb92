package io.hapair.tests.benchmark;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP load on a health-check port: requests are sent on a fixed schedule whatever the
 * answers do (keep-alive pool, asynchronous), so a slow answer cannot slow the load down and hide
 * itself. Latency is measured from the scheduled send time, which counts any queueing in the client too.
 */
final class ProbeLoad implements AutoCloseable {

    /**
     * What one run measured. Latencies are -1 for requests that failed. {@code fromSchedule} counts from
     * when the request was due (includes any delay in this client), {@code onTheWire} from when it was
     * actually handed to the HTTP client. {@code sendingSeconds} is how long sending all requests took. Request
     * {@code i} was due {@code i * 1e9 / perSecond} ns after {@code startedAtMillis} (wall clock, to line slow
     * requests up with the node's GC log or flight recording).
     */
    record Result(int sent, int ok, long[] fromScheduleNanos, long[] onTheWireNanos, double sendingSeconds,
                  String firstFailure, long startedAtMillis, int perSecond) {
        double achievedRate() {
            return ok / sendingSeconds;
        }
    }

    // Enough connections that 2,000 req/s never waits for a free one at millisecond latencies.
    private static final int CONNECTIONS = 32;
    // A probe unanswered for this long counts as failed (cloud probes time out after a few seconds too).
    private static final long REQUEST_TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final HttpClient client;
    // Requests are sent on the client's event loop, one context for every run: Vert.x futures composed from the
    // pacing thread instead can lose a response body between the two threads.
    private final Context context;

    /**
     * A client for {@code host:port}. Its keep-alive connections live as long as it does, so that a warm-up run opens
     * them and a measured run after it times the node, not this client's connection set-up.
     */
    ProbeLoad(String host, int port) {
        this.vertx = Vertx.vertx();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setDefaultHost(host).setDefaultPort(port).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS));
        this.context = vertx.getOrCreateContext();
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    Result run(int perSecond, Duration duration) throws Exception {
        int total = (int) (perSecond * duration.toMillis() / 1000);
        Run run = new Run(total);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime() + 50_000_000L;
        long startedAtMillis = System.currentTimeMillis() + 50;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            LockSupport.parkNanos(due - System.nanoTime());
            int index = i;
            context.runOnContext(v -> run.send(index, due));
        }
        double sendingSeconds = (System.nanoTime() - start) / 1e9;
        run.done.await(REQUEST_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
        return new Result(total, run.ok.get(), run.fromSchedule.clone(), run.onTheWire.clone(), sendingSeconds,
                run.firstFailure, startedAtMillis, perSecond);
    }

    /** One run's answers, filled in on the client's event loop. */
    private final class Run {
        private final long[] fromSchedule;
        private final long[] onTheWire;
        private final CountDownLatch done;
        private final AtomicInteger ok = new AtomicInteger();
        private volatile String firstFailure;

        Run(int total) {
            this.fromSchedule = new long[total];
            this.onTheWire = new long[total];
            Arrays.fill(fromSchedule, -1);
            Arrays.fill(onTheWire, -1);
            this.done = new CountDownLatch(total);
        }

        private void send(int index, long due) {
            long sentAt = System.nanoTime();
            client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/").setIdleTimeout(REQUEST_TIMEOUT_MS))
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        long now = System.nanoTime();
                        if (ar.succeeded() && ar.result() == 200) {
                            fromSchedule[index] = now - due;
                            onTheWire[index] = now - sentAt;
                            ok.incrementAndGet();
                        } else if (firstFailure == null) {
                            firstFailure = ar.succeeded() ? "HTTP " + ar.result() : ar.cause().toString();
                        }
                        done.countDown();
                    });
        }
    }
}
