package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.hapair.node.pairing.PartnerTrust;
import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted pairing as operators see and decide it: {@code GET /api/v1/pairing} (this node's fingerprint, the
 * partner's pin, a certificate refused) and {@code POST /api/v1/pairing/accept} (trust a partner certificate).
 */
final class PairingRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PairingRoutes.class);

    private final Vertx vertx;
    /** Null when HA is off: there is no partner to trust. */
    private final PartnerTrust trust;

    PairingRoutes(Vertx vertx, PartnerTrust trust) {
        this.vertx = vertx;
        this.trust = trust;
    }

    void status(RoutingContext ctx) {
        if (noPartner(ctx)) {
            return;
        }
        JsonAnswer.send(ctx, 200, trust.status());
    }

    /** Body {@code {"fingerprint": "AB:CD:..."}}, as the partner shows it in its {@code ownFingerprint}. */
    void accept(RoutingContext ctx) {
        if (noPartner(ctx)) {
            return;
        }
        Optional<JsonObject> body = JsonBody.object(ctx, "{\"fingerprint\": \"AB:CD:...\"}");
        if (body.isEmpty()) {
            return;
        }
        Optional<Fingerprint> fingerprint = Fingerprint.parse(body.get().getValue("fingerprint") instanceof String s ? s
                : null);
        if (fingerprint.isEmpty()) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("fingerprint", "give the partner certificate's SHA-256"
                    + " fingerprint as the partner shows it (GET /api/v1/pairing there, ownFingerprint): 64 hex digits,"
                    + " colons allowed")));
            return;
        }
        // Writes the pin file: off the event loop.
        vertx.executeBlocking(() -> trust.accept(fingerprint.get())).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("api: cannot accept the partner certificate", ar.cause());
                JsonAnswer.error(ctx, 500, "cannot keep the pin in the data directory: " + ar.cause().getMessage());
            } else if (ar.result().isPresent()) {
                JsonAnswer.error(ctx, 409, ar.result().get());
            } else {
                JsonAnswer.send(ctx, 200, trust.status());
            }
        });
    }

    private boolean noPartner(RoutingContext ctx) {
        if (trust == null) {
            JsonAnswer.error(ctx, 409, "ha-mode is none: this node has no partner to pair with");
            return true;
        }
        return false;
    }
}
