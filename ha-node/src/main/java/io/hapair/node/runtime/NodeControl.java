package io.hapair.node.runtime;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the API may ask of the node and do to it, as the node hands it in.
 *
 * @param ready               false in the moment between the API listening and the state machine starting
 * @param status              the body of {@code GET /api/v1/ha/status} ({@link StatusJson})
 * @param switchover          asks for a switchover on behalf of its argument; completes with what happens,
 *                            fails with why not
 * @param refusesSyncedWrites true on a standby that the balancer reaches: synced settings are written on the
 *                            active node
 * @param metrics             the Prometheus text of {@code GET /metrics}, read when asked
 * @param maintenance         the body of {@code GET /api/v1/maintenance}
 * @param maintenanceRequest  enters or leaves maintenance ({@link Maintenance#request})
 */
record NodeControl(BooleanSupplier ready, Supplier<JsonObject> status, Function<String, Future<String>> switchover,
                   BooleanSupplier refusesSyncedWrites, Supplier<Future<String>> metrics,
                   Supplier<JsonObject> maintenance, MaintenanceRoutes.Request maintenanceRequest) {
}
