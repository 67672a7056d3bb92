package io.hapair.node.runtime;

import io.hapair.node.netcommit.NetworkCommits;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.sync.SettingsService;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the settings routes answer a failed call of the settings service. */
final class StoreFailure {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailure.class);

    private StoreFailure() {
    }

    /** A missing document is 404, a version that no longer matches 412 (409 when none was given), else 500. */
    static void answer(RoutingContext ctx, Throwable e) {
        if (e instanceof SettingsService.NotFound) {
            JsonAnswer.error(ctx, 404, e.getMessage());
        } else if (e instanceof SettingsService.PreconditionFailed) {
            JsonAnswer.error(ctx, ctx.request().getHeader("If-Match") == null ? 409 : 412, e.getMessage());
        } else if (e instanceof NetworkCommits.HostRefused) {
            JsonAnswer.error(ctx, 422, "the host refused the change, so nothing of it was kept: " + e.getMessage());
        } else {
            LOG.error("api: {} {} failed", ctx.request().method(), ctx.request().path(), e);
            JsonAnswer.error(ctx, 500, "the settings store failed: " + e.getMessage());
        }
    }
}
