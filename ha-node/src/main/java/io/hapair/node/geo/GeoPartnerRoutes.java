package io.hapair.node.geo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.sync.Replication;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncState;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of GEO settings sharing: another unit's active node offers its digests and sends
 * the documents this unit lacks, which the {@link Replication} protocol answers and merges. Behind the
 * API's authentication; refused (and logged) from addresses outside the remote GEO access list, from a
 * different settings schema, from a node whose name this pair also uses, and on a standby node (the
 * sender also tries the active one). Received documents are merged like the pair's own sync (concurrent
 * edits settle identically everywhere, the loser kept as a conflict), then handed to the pair's partner
 * at once.
 */
final class GeoPartnerRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(GeoPartnerRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Replication sharing;
    private final RemoteAccessList access;
    private final GeoPartnerMessage.Sender self;
    private final Supplier<String> partnerName;
    private final BooleanSupplier active;
    private final Runnable merged;
    private final Supplier<JsonObject> status;
    private final Function<String, SyncState> stateOf;

    /**
     * @param sharing     the GEO channel's replication, whose policy turns received documents into this
     *                    node's form ({@link UnitForm}) and refuses invalid ones
     * @param partnerName the pair partner's node name as its heartbeats say (null when unknown or standalone)
     * @param merged      called after received documents changed something, to pass them on to the pair's partner
     * @param status      what this node's own sending looks like, for the status endpoint
     * @param stateOf     where receipts from a partner address are counted
     */
    GeoPartnerRoutes(Replication sharing, SettingsService settings, GeoPartnerMessage.Sender self,
                     Supplier<String> partnerName, BooleanSupplier active, Runnable merged, Supplier<JsonObject> status,
                     Function<String, SyncState> stateOf) {
        this.sharing = sharing;
        this.access = new RemoteAccessList(settings);
        this.self = self;
        this.partnerName = partnerName;
        this.active = active;
        this.merged = merged;
        this.status = status;
        this.stateOf = stateOf;
    }

    /** A standby's refusal, marked as such: the sender then tries the pair's other node. */
    private record Standby(boolean standby, String error) {
    }

    void receiveOffer(RoutingContext ctx) {
        admit(ctx, GeoPartnerMessage.Offer.class, GeoPartnerMessage.Offer::sender, (asker, offer) -> offer(ctx, offer));
    }

    void receiveDocuments(RoutingContext ctx) {
        admit(ctx, GeoPartnerMessage.Documents.class, GeoPartnerMessage.Documents::sender,
                (asker, docs) -> documents(ctx, asker, docs));
    }

    void status(RoutingContext ctx) {
        JsonAnswer.send(ctx, 200, status.get());
    }

    /** Hands an admitted message to {@code then}, with the asker's address. */
    private <T> void admit(RoutingContext ctx, Class<T> kind, Function<T, GeoPartnerMessage.Sender> sender,
                           BiConsumer<String, T> then) {
        access.allowedAsker(ctx).onSuccess(asker -> {
            if (asker == null) {
                refuse(ctx, 403, RemoteAccessList.refusal(ctx));
                return;
            }
            T message;
            try {
                message = JSON.readValue(ctx.body().asString(), kind);
                Objects.requireNonNull(sender.apply(message), "sender");
            } catch (IOException | RuntimeException e) {
                LOG.warn("geo: refused malformed GEO settings from {}: {}", asker, e.getMessage());
                JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body",
                        "not a GEO sync message: " + e.getMessage())));
                return;
            }
            GeoPartnerMessage.Sender from = sender.apply(message);
            String why = refusal(from);
            if (why != null) {
                refuse(ctx, 409, why);
                return;
            }
            if (!active.getAsBoolean()) {
                // Not a fault: the sender asks both nodes of a pair and only the active one takes settings.
                JsonAnswer.send(ctx, 409, new Standby(true,
                        "standby: this node is not active; its partner takes GEO settings"));
                return;
            }
            try {
                then.accept(asker, message);
            } catch (RuntimeException e) {
                ctx.fail(e); // answered 500 and logged, rather than leaving the sender waiting
            }
        }).onFailure(ctx::fail);
    }

    private String refusal(GeoPartnerMessage.Sender from) {
        if (from.schema() != self.schema()) {
            return "settings schema " + from.schema() + " (software " + from.software() + ") is not this unit's "
                    + self.schema() + " (software " + self.software() + "); upgrade the GEO units to one version";
        }
        if (from.node() == null || from.node().equals(self.node()) || from.node().equals(partnerName.get())) {
            return "node name '" + from.node() + "' is also used in this pair; give every node of the GEO"
                    + " deployment its own node-name (versions count edits per node name)";
        }
        return null;
    }

    private void refuse(RoutingContext ctx, int status, String why) {
        LOG.warn("geo: refused GEO settings from {}: {}", ctx.request().remoteAddress().hostAddress(), why);
        JsonAnswer.error(ctx, status, why);
    }

    private void offer(RoutingContext ctx, GeoPartnerMessage.Offer offer) {
        sharing.answerOffer(offer.digests()).onSuccess(reply -> JsonAnswer.send(ctx, 200, reply)).onFailure(ctx::fail);
    }

    private void documents(RoutingContext ctx, String asker, GeoPartnerMessage.Documents delivery) {
        Future<SettingsService.MergeReport> merging;
        try {
            merging = sharing.accept(delivery.docs() == null ? List.of() : delivery.docs(), stateOf.apply(asker));
        } catch (UnitForm.Invalid e) {
            LOG.warn("geo: refused GEO settings from {} (node {}): {}", asker, delivery.sender().node(), e.getMessage());
            JsonAnswer.fieldErrors(ctx, e.errors());
            return;
        }
        merging.onSuccess(report -> {
            if (report.applied() > 0) {
                LOG.info("geo: stored {} GEO setting(s) from GEO partner {} (node {})", report.applied(),
                        delivery.sender().unitAddress(), delivery.sender().node());
                merged.run();
            }
            JsonAnswer.send(ctx, 200, new GeoPartnerMessage.Result(report.applied(), report.kept(),
                    report.conflicts().size()));
        }).onFailure(ctx::fail);
    }
}
