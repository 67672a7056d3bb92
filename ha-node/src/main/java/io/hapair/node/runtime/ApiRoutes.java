package io.hapair.node.runtime;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.hapair.node.geo.GeoNode;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.wui.WuiRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every call of the API on 8443, in one table. Each path is written out (each settings type at its
 * own), so no route can take another's requests and the order of the lines does not matter. The
 * OpenAPI document {@value #OPENAPI_DOCUMENT} describes each call; a test holds the two together.
 *
 * @param openApiDocument the text of {@value #OPENAPI_DOCUMENT}
 * @param metrics         the Prometheus text, read when asked
 */
record ApiRoutes(WuiRoutes wui, HaRoutes ha, HaParamsRoutes haParams, Diagnostics diagnostics, Restart restart,
                 GeoNode.Endpoints geo, SettingsRoutes settings, DataPlaneRoutes dataPlane,
                 SettingsTransferRoutes transfer, SyncRoutes sync, HostRoutes host, CaptureRoutes capture,
                 SettingsCatalog catalog, Buffer openApiDocument, Supplier<Future<String>> metrics,
                 MaintenanceRoutes maintenance, PairingRoutes pairing) {

    static final String OPENAPI_DOCUMENT = "openapi/hanode-api.yaml";
    // Marks the routes of this table apart from the filters in front of them (authentication, body limits).
    private static final String CALL = "hapair.call";

    /** One call of the table: its method and its path as mounted ({@code /api/v1/vlans/:id}). */
    record Call(HttpMethod method, String path) {

        /** Whether a request's path is this call's, path parameters taking any one segment. */
        boolean takes(String requestPath) {
            String[] mine = path.split("/", -1);
            String[] theirs = requestPath.split("/", -1);
            if (mine.length != theirs.length) {
                return false;
            }
            for (int i = 0; i < mine.length; i++) {
                boolean parameter = mine[i].startsWith(":");
                if (parameter ? theirs[i].isEmpty() : !mine[i].equals(theirs[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    void mount(Router router) {
        // The web UI: the pages (StaticHandler passes on whatever is no file under wui/, so the three calls
        // below reach their routes wherever it stands) and the pages' session.
        call(router, GET, "/", wui::toPages);
        router.route("/ui/*").handler(wui::page);
        call(router, POST, "/ui/login", wui::login);
        call(router, POST, "/ui/logout", wui::logout);
        call(router, GET, "/ui/session", wui::describeSession);

        call(router, GET, "/api/v1/openapi.yaml",
                ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openApiDocument));

        call(router, GET, "/api/v1/ha/status", ha::status);
        call(router, POST, "/api/v1/ha/switchover", ha::switchover);
        call(router, GET, "/api/v1/maintenance", maintenance::get);
        call(router, PUT, "/api/v1/maintenance", maintenance::put);
        call(router, GET, "/api/v1/ha/params", haParams::get);
        call(router, PUT, "/api/v1/ha/params", haParams::put);

        call(router, GET, "/api/v1/pairing", pairing::status);
        call(router, POST, "/api/v1/pairing/accept", pairing::accept);
        call(router, GET, "/api/v1/node/diagnostics", diagnostics::handle);
        call(router, POST, "/api/v1/node/restart", restart::handle);

        call(router, GET, "/api/v1/geo/health", geo.health());
        call(router, GET, "/api/v1/geo/status", geo.status());
        call(router, POST, "/api/v1/geo/sync/offer", geo.syncOffer());
        call(router, POST, "/api/v1/geo/sync/documents", geo.syncDocuments());
        call(router, GET, "/api/v1/geo/sync/status", geo.syncStatus());

        call(router, GET, "/api/v1/data-plane", dataPlane::status);
        call(router, POST, "/api/v1/data-plane/real-servers", dataPlane::changeServer);

        settings(router, catalog, settings, transfer, sync);

        call(router, GET, "/api/v1/network-commit", host::commitStatus);
        call(router, POST, "/api/v1/network-commit/confirm", host::confirm);
        call(router, POST, "/api/v1/network-commit/rollback", host::rollBack);
        call(router, GET, "/api/v1/host-readings", host::hostReadings);

        // This node's own capture: never passed to the partner.
        call(router, GET, "/api/v1/capture", capture::status);
        call(router, POST, "/api/v1/capture", capture::start);
        call(router, POST, "/api/v1/capture/stop", capture::stop);
        call(router, GET, "/api/v1/capture/file", capture::file);

        call(router, GET, "/metrics", ctx -> metrics.get().onSuccess(text -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4").end(text)).onFailure(ctx::fail));
    }

    /** The settings: their catalog, export and import, sync, and each type's documents at the type's own path. */
    static void settings(Router router, SettingsCatalog catalog, SettingsRoutes settings,
                         SettingsTransferRoutes transfer, SyncRoutes sync) {
        call(router, GET, "/api/v1/settings", settings::catalog);
        call(router, GET, "/api/v1/settings/export", transfer::export);
        call(router, POST, "/api/v1/settings/import", transfer::importAll);

        call(router, GET, "/api/v1/sync/status", sync::status);
        call(router, POST, "/api/v1/sync/now", sync::now);
        call(router, GET, "/api/v1/sync/conflicts", sync::conflicts);
        call(router, POST, "/api/v1/sync/conflicts/:type/:id/accept", sync::accept);

        for (SettingsType<?> kind : catalog.kinds()) {
            String type = "/api/v1/" + kind.apiPath();
            if (kind.singleton()) {
                call(router, GET, type, ctx -> settings.getSingleton(ctx, kind));
                call(router, PUT, type, ctx -> settings.putSingleton(ctx, kind));
                call(router, DELETE, type, ctx -> settings.deleteSingleton(ctx, kind));
            } else {
                call(router, GET, type, ctx -> settings.list(ctx, kind));
                call(router, POST, type, ctx -> settings.create(ctx, kind));
                call(router, GET, type + "/:id", ctx -> settings.get(ctx, kind));
                call(router, PUT, type + "/:id", ctx -> settings.replace(ctx, kind));
                call(router, DELETE, type + "/:id", ctx -> settings.delete(ctx, kind));
            }
        }
    }

    private static void call(Router router, HttpMethod method, String path, Handler<RoutingContext> handler) {
        router.route(method, path).putMetadata(CALL, true).handler(handler);
    }

    /** The calls mounted on {@code router} by this table, in the order mounted. */
    static List<Call> calls(Router router) {
        return router.getRoutes().stream().filter(r -> Boolean.TRUE.equals(r.getMetadata(CALL)))
                .map(r -> new Call(r.methods().iterator().next(), r.getPath())).toList();
    }
}
