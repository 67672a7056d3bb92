package io.hapair.node.demo;

import io.hapair.node.demo.IlbSettings.Backend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every backend with HTTP GET on its probe port and path, once per interval, and hands
 * each outcome to a sink. It decides nothing: {@link BackendPool} turns outcomes into up and down.
 */
final class HealthProber {

    private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);

    private final Vertx vertx;
    private final List<Backend> backends;
    private final String source;
    private final Duration interval;
    private final Duration timeout;
    private final BiConsumer<Backend, ProbeResult> sink;
    private HttpClient client;
    private long timerId = -1;

    HealthProber(Vertx vertx, List<Backend> backends, String source, Duration interval, Duration timeout,
            BiConsumer<Backend, ProbeResult> sink) {
        this.vertx = vertx;
        this.backends = backends;
        this.source = source;
        this.interval = interval;
        this.timeout = timeout;
        this.sink = sink;
    }

    void start() {
        // A fresh connection per probe, as Azure's prober: a node that stopped listening is seen
        // as refused at once instead of hiding behind a pooled connection.
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setLocalAddress(source));
        timerId = vertx.setPeriodic(0, interval.toMillis(), id -> backends.forEach(this::probe));
    }

    Future<Void> stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        return client == null ? Future.succeededFuture() : client.close();
    }

    private void probe(Backend backend) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(backend.host())
                .setPort(backend.probePort())
                .setURI(backend.probePath())
                .setConnectTimeout(timeout.toMillis())
                .setTimeout(timeout.toMillis());
        client.request(request)
                .compose(req -> req.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                // The request timeouts above are idle timeouts; this caps the whole probe, so a
                // backend trickling its answer still fails in time and probes never overlap.
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .map(ProbeResult::answered)
                .otherwise(HealthProber::classify)
                .onSuccess(result -> {
                    LOG.debug("ilb probe backend={} target={}:{}{} result=\"{}\"", backend.name(),
                            backend.host(), backend.probePort(), backend.probePath(), result.describe());
                    sink.accept(backend, result);
                });
    }

    private static ProbeResult classify(Throwable failure) {
        // Every probe deadline ends in a TimeoutException, long before the client's own 60 s
        // connect timeout (a ConnectException) could fire.
        if (failure instanceof TimeoutException) {
            return ProbeResult.timedOut();
        }
        if (failure instanceof ConnectException) {
            return ProbeResult.refused();
        }
        LOG.debug("ilb probe failed without an answer cause=\"{}\"", failure.toString());
        return ProbeResult.failed();
    }
}
