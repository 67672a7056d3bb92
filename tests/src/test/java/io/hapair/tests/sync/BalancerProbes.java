package io.hapair.tests.sync;

import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes the health-check port of each node as a cloud balancer does (a new connection each time),
 * so that the nodes count as "connected", and keeps every answer that was not HTTP or took longer
 * than a second: the health port must keep answering whatever the sync does.
 */
final class BalancerProbes implements AutoCloseable {

    private static final Duration SLOW = Duration.ofSeconds(1);

    private final List<HaNodeProcess> nodes;
    private final Duration every;
    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    private BalancerProbes(List<HaNodeProcess> nodes, Duration every) {
        this.nodes = nodes;
        this.every = every;
        this.thread = new Thread(this::run, "balancer-probes");
        thread.setDaemon(true);
    }

    static BalancerProbes start(Duration every, HaNodeProcess... nodes) {
        BalancerProbes probes = new BalancerProbes(List.of(nodes), every);
        probes.thread.start();
        return probes;
    }

    private void run() {
        while (!stopped) {
            for (HaNodeProcess n : nodes) {
                long start = System.nanoTime();
                // Twice the slow bound, so a slow answer is measured rather than cut off.
                HttpOnce.Answer a = HttpOnce.get(n.address(), n.options().healthPort(), "/", SLOW.multipliedBy(2));
                double took = (System.nanoTime() - start) / 1e6;
                sent.incrementAndGet();
                millis.add(took);
                if (a.code() != 200 && a.code() != 503 || took > SLOW.toMillis()) {
                    failures.add(n.name() + ": " + a.code() + " after " + Math.round(took) + " ms"
                            + (a.error() == null ? "" : " (" + a.error() + ")"));
                }
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int sent() {
        return sent.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Each probe's time until the answer, in milliseconds. */
    List<Double> millis() {
        return List.copyOf(millis);
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
