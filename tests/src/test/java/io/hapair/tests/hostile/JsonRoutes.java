package io.hapair.tests.hostile;

import io.hapair.node.settings.SettingsType;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's API routes that take a JSON body, as the node's route table ({@code ApiRoutes}) mounts
 * them; the settings types come from the node's own list, so a new type is attacked without editing
 * this file.
 */
final class JsonRoutes {

    static final String HA_PARAMS = "/api/v1/ha/params";
    static final String IMPORT = "/api/v1/settings/import";
    static final String GEO_OFFER = "/api/v1/geo/sync/offer";
    static final String GEO_DOCUMENTS = "/api/v1/geo/sync/documents";
    static final String LOGIN = "/ui/login";
    static final String MAINTENANCE = "/api/v1/maintenance";
    static final String CAPTURE = "/api/v1/capture";
    static final String PAIRING_ACCEPT = "/api/v1/pairing/accept";
    static final String REAL_SERVERS = "/api/v1/data-plane/real-servers";

    /** A method and a concrete path. */
    record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private JsonRoutes() {
    }

    static String accept(String type, String id) {
        return "/api/v1/sync/conflicts/" + type + "/" + id + "/accept";
    }

    /**
     * Every JSON route behind HTTP Basic, a document id filled in where the path has one. The login
     * is not among them: it takes the password in its body and answers to no Basic header.
     */
    static List<Route> authenticated(String id) {
        List<Route> routes = new ArrayList<>(List.of(new Route("PUT", HA_PARAMS), new Route("POST", IMPORT),
                new Route("POST", accept(SettingsType.VIRTUAL_SERVICES.apiPath(), id)), new Route("POST", GEO_OFFER),
                new Route("POST", GEO_DOCUMENTS), new Route("PUT", MAINTENANCE), new Route("POST", CAPTURE),
                new Route("POST", PAIRING_ACCEPT), new Route("POST", REAL_SERVERS)));
        for (SettingsType<?> type : SettingsType.ALL) {
            if (type.singleton()) {
                routes.add(new Route("PUT", "/api/v1/" + type.apiPath()));
            } else {
                routes.add(new Route("POST", "/api/v1/" + type.apiPath()));
                routes.add(new Route("PUT", "/api/v1/" + type.apiPath() + "/" + id));
            }
        }
        return routes;
    }
}
