package io.hapair.node.dataplane;

import io.hapair.node.dataplane.model.RealServerRef;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine that makes virtual services carry traffic on this node: render the desired services,
 * validate the result, apply it, observe what runs. HAProxy is the one engine ({@link HaproxyDataPlane});
 * the interface is what another would implement.
 *
 * <p>Futures complete on the caller's context; health listeners are called on the context that built the engine.
 */
public interface DataPlane {

    /** How an applied rendering took effect. */
    enum Applied {
        /** It was what already ran. */
        UNCHANGED,
        /** Only real servers' weights or enabled flags changed, through the runtime API: no reload. */
        RUNTIME_API,
        /** A hot reload: established connections finish on the old workers, new ones go to the new. */
        RELOADED,
        /** The data plane was not running and started with it. */
        STARTED
    }

    /** A real server's administrative state, which the runtime API sets without a reload. */
    enum ServerState {
        /** Takes new connections (when its checks pass). */
        READY,
        /** Keeps its connections, takes no new ones. */
        DRAIN,
        /** Takes no new connections, as a disabled real server. */
        MAINT
    }

    /** The desired configuration (pure, no I/O); see {@link Rendering#rejections()} for what could not be rendered. */
    Rendering render(Collection<VirtualService> services, Collection<VsCertificate> certificates);

    /**
     * What the engine refuses in {@code rendering}, before anything changes: the rendering's own rejections,
     * or the engine's (HAProxy's configuration check) on the fields they come from; empty when it would apply.
     */
    Future<List<Rejection>> validate(Rendering rendering);

    /**
     * Validates and applies {@code rendering}: through the runtime API when only real servers' weights or
     * enabled flags changed, by hot reload otherwise. Fails with {@link DataPlaneRejected} when the engine
     * refuses it (validation, or listeners that cannot bind); the last good configuration keeps running then.
     */
    Future<Applied> apply(Rendering rendering);

    /** Per virtual service and real server: status, sessions, bytes, checks. Fails when the engine is not running. */
    Future<List<ServiceStats>> observe();

    /** Sets a real server's state until the next change of its enabled flag; a reload keeps it. */
    Future<Void> setServerState(RealServerRef server, ServerState state);

    /** Sets a real server's weight (0 to 256) until the next change of its configured weight; a reload keeps it. */
    Future<Void> setServerWeight(RealServerRef server, int weight);

    /**
     * Starts the engine with the last configuration applied (none: no services) and keeps it running; the
     * health after the first attempt (a failed one is retried with backoff). When that configuration is
     * {@code wanted} (the services as stored), applying {@code wanted} next changes nothing.
     */
    Future<DataPlaneHealth> start(Rendering wanted);

    /** Stops taking connections, lets open ones finish for up to {@code drain}, then stops the engine. */
    Future<Void> stop(Duration drain);

    DataPlaneHealth health();

    /** Called with every change of {@link #health()}. */
    void onHealth(Consumer<DataPlaneHealth> listener);
}
