package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * On a standby node that the balancer reaches, writes to synced settings are refused: they belong on
 * the active node. Node-local settings stay writable.
 *
 * @param standby whether this node is such a standby now
 * @param partner the partner's address, named in the refusal; null without one
 */
record StandbyRefusal(BooleanSupplier standby, String partner) {

    /** Answers 403 and says so when a write to synced settings is refused here. */
    boolean refuses(RoutingContext ctx, boolean synced) {
        if (synced && standby.getAsBoolean()) {
            JsonAnswer.error(ctx, 403, "standby: local administration only; make the change on the active node"
                    + (partner == null ? "" : " (" + partner + ")"));
            return true;
        }
        return false;
    }
}
