package io.hapair.node.runtime;

import io.hapair.node.capture.PacketCapture;
import io.hapair.node.capture.model.CaptureRequest;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.validation.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The packet capture's calls ({@code /api/v1/capture}): on the node that answers them only, never passed to the
 * partner, whatever its role: a standby's own traffic is as worth seeing as the active node's.
 */
final class CaptureRoutes {

    private final PacketCapture capture;

    CaptureRoutes(PacketCapture capture) {
        this.capture = capture;
    }

    void status(RoutingContext ctx) {
        JsonAnswer.send(ctx, 200, capture.status());
    }

    /** Starts a capture: 202 with its status, 400 naming the wrong field, 409 while one runs. */
    void start(RoutingContext ctx) {
        Optional<JsonObject> parsed = JsonBody.object(ctx, "{\"interface\": \"eth0\", \"filter\": \"tcp port 443\","
                + " \"seconds\": 30, \"packets\": 1000, \"kib\": 10240}");
        if (parsed.isEmpty()) {
            return;
        }
        JsonObject body = parsed.get();
        CaptureRequest.Checked checked = CaptureRequest.check(body.getValue("interface"), body.getValue("filter"),
                body.getValue("seconds"), body.getValue("packets"), body.getValue("kib"),
                PacketCapture.hostInterfaces());
        if (checked.request() == null) {
            JsonAnswer.fieldErrors(ctx, checked.problems().stream().map(p -> new FieldError(p.field(), p.message()))
                    .toList());
            return;
        }
        capture.begin(checked.request()).onSuccess(status -> JsonAnswer.send(ctx, 202, status)).onFailure(e -> {
            if (e instanceof PacketCapture.Busy) {
                JsonAnswer.error(ctx, 409, e.getMessage());
            } else if (e instanceof PacketCapture.Refused r) {
                JsonAnswer.fieldErrors(ctx, List.of(new FieldError(r.field(), r.getMessage())));
            } else if (e instanceof PacketCapture.Unavailable) {
                JsonAnswer.error(ctx, 503, e.getMessage());
            } else {
                ctx.fail(e);
            }
        });
    }

    /** Stops the running capture (its file then waits for the download); 409 when none runs. */
    void stop(RoutingContext ctx) {
        try {
            JsonAnswer.send(ctx, 200, capture.halt());
        } catch (PacketCapture.Busy e) {
            JsonAnswer.error(ctx, 409, e.getMessage());
        }
    }

    /** The finished capture as a pcap file, once: the file is deleted when it has been sent. */
    void file(RoutingContext ctx) {
        Optional<PacketCapture.Download> download;
        try {
            download = capture.download();
        } catch (PacketCapture.Busy e) {
            JsonAnswer.error(ctx, 409, e.getMessage());
            return;
        }
        if (download.isEmpty()) {
            JsonAnswer.error(ctx, 404, "no capture file to download: none was taken, or it was downloaded or deleted"
                    + " already (GET /api/v1/capture says which); start one with POST /api/v1/capture");
            return;
        }
        ctx.response().putHeader("Content-Type", "application/vnd.tcpdump.pcap")
                .putHeader("Content-Disposition", "attachment; filename=\"" + download.get().fileName() + "\"")
                .putHeader("Cache-Control", "no-store");
        ctx.response().sendFile(download.get().file().toString())
                .onComplete(sent -> capture.downloaded());
    }
}
