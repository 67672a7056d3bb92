package io.hapair.node.demo;

import io.hapair.node.demo.IlbSettings.Backend;
import io.hapair.node.demo.IlbSettings.Endpoint;
import io.hapair.node.demo.IlbSettings.LoadBalancingRule;
import io.hapair.node.demo.IlbSettings.NatRule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded stand-in for an Azure internal load balancer, for {@code hanode demo}: it probes
 * the backends over HTTP, forwards load-balancing rule frontends to an up backend and NAT rule
 * frontends to their fixed target, all as plain TCP. The semantics live in {@link BackendPool};
 * this class only wires timers, probes and sockets to it.
 *
 * <pre>{@code
 * IlbSimulator ilb = new IlbSimulator(vertx, IlbSettings.forPair("127.0.0.10", "127.0.0.16", "127.0.0.1", "127.0.0.2",
 *         8444, 8443));
 * ilb.onChange(t -> System.out.println("ILB: " + t.describe()));
 * ilb.start().await();
 * }</pre>
 */
public final class IlbSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(IlbSimulator.class);

    private final Vertx vertx;
    private final IlbSettings settings;
    private final BackendPool pool;
    private final Map<String, Backend> backendsByName;
    private final List<Consumer<BackendTransition>> listeners = new CopyOnWriteArrayList<>();
    private final List<TcpForwarder> forwarders = new ArrayList<>();
    private NetClient client;
    private HealthProber prober;
    private boolean started;

    public IlbSimulator(Vertx vertx, IlbSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.pool = new BackendPool(settings.backends().stream().map(Backend::name).toList(),
                settings.healthyThreshold());
        this.backendsByName = settings.backends().stream()
                .collect(Collectors.toUnmodifiableMap(Backend::name, Function.identity()));
    }

    public IlbSettings settings() {
        return settings;
    }

    /**
     * Calls {@code listener} on every backend transition, on a Vert.x event loop: keep it quick.
     * Register before {@link #start()} to see every transition.
     */
    public IlbSimulator onChange(Consumer<BackendTransition> listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Binds every frontend, then starts probing; a simulator starts once. Backends start down, so
     * load-balanced flows are refused until a backend has answered the healthy threshold of 200s.
     * If a frontend cannot be bound, the ones already bound are released and the future fails
     * naming the address.
     */
    public synchronized Future<Void> start() {
        if (started) {
            return Future.failedFuture(new IllegalStateException("ILB simulator already started"));
        }
        started = true;
        client = vertx.createNetClient();
        for (LoadBalancingRule rule : settings.loadBalancingRules()) {
            forwarders.add(new TcpForwarder(vertx, client, rule.name(), rule.frontend(),
                    source -> loadBalance(rule, source)));
        }
        for (NatRule rule : settings.natRules()) {
            Optional<Endpoint> fixed = Optional.of(rule.target());
            forwarders.add(new TcpForwarder(vertx, client, rule.name(), rule.frontend(), source -> fixed));
        }
        prober = new HealthProber(vertx, settings.backends(), settings.probeSource(), settings.probeInterval(),
                settings.probeTimeout(), this::record);
        List<Future<Void>> binding = forwarders.stream().map(TcpForwarder::start).toList();
        return Future.join(binding)
                .<Void>transform(bound -> {
                    if (bound.succeeded()) {
                        prober.start();
                        LOG.info("ilb started backends={} probeInterval={} healthyThreshold={}",
                                backendsByName.keySet(), settings.probeInterval(), settings.healthyThreshold());
                        return Future.succeededFuture();
                    }
                    // join waited for every bind, so stop() releases all that succeeded.
                    return stop().transform(stopped -> Future.failedFuture(bound.cause()));
                });
    }

    /**
     * Stops probing, closes every frontend and every forwarded connection. Nothing is forwarded
     * once the future completes, but the JDK releases a closed listening socket only on its
     * selector's next pass (JDK-8198562), so binding the same frontend again in this JVM may
     * fail for a few milliseconds.
     */
    public synchronized Future<Void> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        if (prober != null) {
            closing.add(prober.stop());
        }
        forwarders.forEach(forwarder -> closing.add(forwarder.stop()));
        return Future.join(closing)
                .transform(done -> client == null ? Future.<Void>succeededFuture() : client.close())
                .onComplete(done -> LOG.info("ilb stopped"));
    }

    /** Backends that new load-balanced flows may go to, in configured order. */
    public List<String> upBackends() {
        return pool.upBackends();
    }

    public boolean isUp(String backend) {
        return pool.isUp(backend);
    }

    /** Recent transitions, oldest first, with timestamps. */
    public List<BackendTransition> transitions() {
        return pool.transitions();
    }

    private Optional<Endpoint> loadBalance(LoadBalancingRule rule, SocketAddress source) {
        Flow flow = new Flow(source.hostAddress(), source.port(), rule.frontend().host(), rule.frontend().port());
        return pool.choose(flow).map(name -> new Endpoint(backendsByName.get(name).host(), rule.backendPort()));
    }

    private void record(Backend backend, ProbeResult result) {
        pool.record(backend.name(), result, Instant.now()).ifPresent(transition -> {
            LOG.info("ilb backend {} name={} cause=\"{}\"", transition.up() ? "up" : "down",
                    transition.backend(), transition.cause());
            listeners.forEach(listener -> notify(listener, transition));
        });
    }

    private static void notify(Consumer<BackendTransition> listener, BackendTransition transition) {
        try {
            listener.accept(transition);
        } catch (RuntimeException e) {
            // A faulty listener must not stop the probes that every other listener depends on.
            LOG.warn("ilb listener failed on transition=\"{}\"", transition.describe(), e);
        }
    }
}
