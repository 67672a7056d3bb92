package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.hapair.node.netcommit.NetworkCommits;
import io.hapair.node.settings.HostReading;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the host does with the settings: the network's confirmed commit ({@code /api/v1/network-commit}:
 * its state, confirm, roll back) and, for the drift view, every stored setting that takes effect on the host
 * beside what the host has ({@code GET /api/v1/host-readings}).
 *
 * @param readings each host effect's reading of the host, asked in turn; one that fails is reported as such
 */
record HostRoutes(NetworkCommits network, List<Supplier<Future<List<HostReading>>>> readings) {

    void commitStatus(RoutingContext ctx) {
        JsonAnswer.sendRaw(ctx, 200, network.status().encode());
    }

    void confirm(RoutingContext ctx) {
        network.confirm().onSuccess(v -> commitStatus(ctx)).onFailure(e -> refused(ctx, e));
    }

    void rollBack(RoutingContext ctx) {
        network.rollBack().onSuccess(v -> commitStatus(ctx)).onFailure(e -> refused(ctx, e));
    }

    void hostReadings(RoutingContext ctx) {
        List<Future<List<HostReading>>> asked = readings.stream().map(Supplier::get).toList();
        Future.join(asked).onComplete(done -> {
            JsonArray rows = new JsonArray();
            List<String> unread = new ArrayList<>();
            int drifted = 0;
            for (Future<List<HostReading>> one : asked) {
                if (one.failed()) {
                    unread.add(one.cause().getMessage());
                    continue;
                }
                for (HostReading r : one.result()) {
                    drifted += r.drift() ? 1 : 0;
                    rows.add(new JsonObject().put("setting", r.setting()).put("item", r.item()).put("stored", r.stored())
                            .put("actual", r.actual()).put("source", r.source()).put("drift", r.drift()));
                }
            }
            JsonAnswer.sendRaw(ctx, 200, new JsonObject().put("readings", rows).put("drifted", drifted)
                    .put("unread", new JsonArray(unread)).encode());
        });
    }

    private static void refused(RoutingContext ctx, Throwable e) {
        JsonAnswer.error(ctx, e instanceof NetworkCommits.NothingPending ? 409 : 500, e.getMessage());
    }
}
