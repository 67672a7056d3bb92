package io.hapair.node.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.dataplane.DataPlane;
import io.hapair.node.dataplane.DataPlaneHealth;
import io.hapair.node.dataplane.model.RealServerRef;
import io.hapair.node.dataplane.model.RealServerStats;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.settings.RealServer;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data plane as operators see and drive it: {@code GET /api/v1/data-plane} (whether it runs, what
 * configuration it runs, and per virtual service and real server what HAProxy sees) and
 * {@code POST /api/v1/data-plane/real-servers} (drain, disable, enable or weigh one real server now,
 * through the runtime API, without a reload and without changing the stored settings).
 */
final class DataPlaneRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Health(String state, String reason, long since) {
    }

    record Configuration(long appliedAt, String how, Long rejectedAt, List<FieldError> rejections) {
    }

    record Server(String address, int port, String status, String statusText, int weight, long currentSessions,
                  long totalSessions, long bytesIn, long bytesOut, long checkFailures, String lastCheck) {
    }

    record Service(String name, boolean up, long currentSessions, long totalSessions, long bytesIn, long bytesOut,
                   List<Server> realServers) {
    }

    record Status(Health health, Configuration configuration, List<Service> services) {
    }

    /** An operator's change of one real server; {@code state} one of ready, drain, maint; either or both. */
    record ServerChange(String virtualService, String address, Integer port, String state, Integer weight) {
    }

    private record Done(String realServer, String state, Integer weight) {
    }

    private final DataPlane dataPlane;
    private final DataPlaneFeed feed;

    DataPlaneRoutes(DataPlane dataPlane, DataPlaneFeed feed) {
        this.dataPlane = dataPlane;
        this.feed = feed;
    }

    void status(RoutingContext ctx) {
        DataPlaneHealth h = dataPlane.health();
        DataPlaneFeed.Applied a = feed.applied();
        Health health = new Health(h.state().name().toLowerCase(Locale.ROOT), h.reason(), h.since().toEpochMilli());
        Configuration configuration = new Configuration(a.at(), a.how(), a.rejectedAt() < 0 ? null : a.rejectedAt(),
                a.rejections());
        Future<List<ServiceStats>> stats = h.running() ? dataPlane.observe() : Future.succeededFuture(List.of());
        stats.recover(e -> Future.succeededFuture(List.of())).onSuccess(services -> JsonAnswer.send(ctx, 200,
                new Status(health, configuration, services.stream().map(DataPlaneRoutes::service).toList())));
    }

    void changeServer(RoutingContext ctx) {
        ServerChange change;
        try {
            change = JSON.readValue(ctx.body().asString(), ServerChange.class);
        } catch (IOException | RuntimeException e) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body", "send {\"virtualService\", \"address\", "
                    + "\"port\", \"state\": \"ready|drain|maint\", \"weight\": 0-256} as JSON")));
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        DataPlane.ServerState state = null;
        if (change.virtualService() == null || change.virtualService().isBlank()) {
            errors.add(new FieldError("virtualService", "name the virtual service"));
        }
        if (change.address() == null || change.address().isBlank()) {
            errors.add(new FieldError("address", "give the real server's address as configured"));
        }
        if (change.port() == null) {
            errors.add(new FieldError("port", "give the real server's port as configured"));
        }
        if (change.state() != null) {
            try {
                state = DataPlane.ServerState.valueOf(change.state().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "one of ready, drain, maint"));
            }
        }
        if (change.weight() != null && (change.weight() < 0 || change.weight() > RealServer.MAX_WEIGHT)) {
            errors.add(new FieldError("weight", "a weight from 0 to " + RealServer.MAX_WEIGHT));
        }
        if (change.state() == null && change.weight() == null) {
            errors.add(new FieldError("state", "give a state (ready, drain, maint), a weight, or both"));
        }
        if (!errors.isEmpty()) {
            JsonAnswer.fieldErrors(ctx, errors);
            return;
        }
        if (!dataPlane.health().running()) {
            JsonAnswer.error(ctx, 503, "the data plane is not running (" + dataPlane.health().reason()
                    + "); see GET /api/v1/data-plane");
            return;
        }
        RealServerRef ref = new RealServerRef(change.virtualService(), change.address(), change.port());
        DataPlane.ServerState chosen = state;
        dataPlane.observe().compose(services -> {
            boolean known = services.stream().flatMap(s -> s.realServers().stream())
                    .anyMatch(r -> r.ref().equals(ref));
            if (!known) {
                return Future.failedFuture(new UnknownServer(ref));
            }
            Future<Void> first = chosen == null ? Future.succeededFuture() : dataPlane.setServerState(ref, chosen);
            return first.compose(v -> change.weight() == null ? Future.<Void>succeededFuture()
                    : dataPlane.setServerWeight(ref, change.weight()));
        }).onSuccess(v -> JsonAnswer.send(ctx, 200, new Done(ref.toString(),
                chosen == null ? null : chosen.name().toLowerCase(Locale.ROOT), change.weight())))
                .onFailure(e -> {
                    if (e instanceof UnknownServer) {
                        JsonAnswer.error(ctx, 404, e.getMessage());
                    } else {
                        JsonAnswer.error(ctx, 503, "the data plane did not take the change: " + e.getMessage());
                    }
                });
    }

    private static final class UnknownServer extends RuntimeException {
        UnknownServer(RealServerRef ref) {
            super("no real server " + ref.address() + ":" + ref.port() + " in virtual service '" + ref.virtualService()
                    + "' runs on this node; see GET /api/v1/data-plane for the running ones");
        }
    }

    private static Service service(ServiceStats s) {
        return new Service(s.name(), s.up(), s.currentSessions(), s.totalSessions(), s.bytesIn(), s.bytesOut(),
                s.realServers().stream().map(DataPlaneRoutes::server).toList());
    }

    private static Server server(RealServerStats r) {
        return new Server(r.ref().address(), r.ref().port(), r.status().name().toLowerCase(Locale.ROOT),
                r.statusText(), r.weight(), r.currentSessions(), r.totalSessions(), r.bytesIn(), r.bytesOut(),
                r.checkFailures(), r.lastCheck());
    }
}
