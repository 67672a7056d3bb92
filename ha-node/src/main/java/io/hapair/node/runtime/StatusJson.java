package io.hapair.node.runtime;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.RoleStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The body of {@code GET /api/v1/ha/status}. */
final class StatusJson {

    private StatusJson() {
    }

    static JsonObject of(RoleStatus s, NodeConfig config, PeerStats peer) {
        JsonObject json = new JsonObject()
                .put("node", s.self().nodeName())
                .put("mode", s.self().mode().key())
                .put("preferred", s.self().preferred().key())
                .put("activity", s.activity().name().toLowerCase())
                .put("display", s.display())
                .put("settled", s.settled())
                .put("connected", s.connected())
                .put("activatedAt", time(s.activatedAt()))
                .put("healthy", s.healthy())
                .put("healthDetail", s.healthDetail())
                .put("softwareVersion", s.self().softwareVersion())
                .put("healthCheck", new JsonObject().put("address", config.healthCheckBindAddress())
                        .put("port", config.healthCheckPort()))
                .put("lastProbe", new JsonObject().put("at", time(s.lastProbeAt())).put("source", s.lastProbeSource()))
                .put("probesSeen", s.probesSeen())
                .put("switchover", s.intent().name().toLowerCase().replace('_', '-'))
                .put("yielded", s.yielded())
                .put("shuttingDown", s.shuttingDown())
                .put("maintenance", s.maintenance())
                .put("lostTargets", s.lostTargets())
                .put("configErrors", new JsonArray(s.configErrors()))
                .put("warnings", new JsonArray(s.warnings()));
        if (config.haMode().haEnabled()) {
            // The address the peer link uses now: a partner given by name is resolved again at each reconnect.
            JsonObject partner = new JsonObject().put("address", peer != null && peer.partnerAddress() != null
                            ? peer.partnerAddress() : config.partner())
                    .put("dnsName", config.partnerName())
                    .put("liveness", s.partnerLiveness().name().toLowerCase())
                    .put("lastHeartbeatAt", time(s.partnerHeardAt()));
            PartnerReport p = s.partner();
            if (p != null) {
                partner.put("name", p.nodeName()).put("mode", p.mode().key())
                        .put("activity", p.activity().name().toLowerCase())
                        // Health is what the partner says now; a partner no longer heard says nothing.
                        .put("healthy", s.partnerLiveness().heard() ? p.healthy() : null)
                        .put("softwareVersion", p.softwareVersion()).put("checkPort", p.checkPort())
                        .put("maintenance", p.maintenance()).put("lostTargets", p.lostTargets());
            }
            if (peer != null) {
                partner.put("heartbeatRttMillis", peer.lastRttMillis() < 0 ? null : peer.lastRttMillis());
                json.put("peerLink", new JsonObject().put("outgoing", peer.outgoingUp()).put("incoming", peer.incomingUp())
                        .put("refused", peer.refused()).put("lastRefusal", peer.lastRefusal())
                        .put("staleRejected", peer.staleRejected()).put("datagramsReceived", peer.datagramsReceived())
                        .put("partnerGone", peer.partnerGone()).put("deflates", peer.outgoingDeflates())
                        .put("bodyBytesSent", peer.bodyBytesSent()).put("bytesSent", peer.bytesSent()));
            }
            json.put("partner", partner);
        }
        JsonArray events = new JsonArray();
        // The reason is the transition's stable code ("partner-dead"), null for other kinds of event.
        s.events().forEach(e -> events.add(new JsonObject().put("at", e.at()).put("kind", e.kind())
                .put("reason", e.reason() == null ? null : e.reason().tag()).put("message", e.message())));
        return json.put("events", events);
    }

    /**
     * The role machine says -1 (or 0 for activatedAt while standby) for "never"; as a time that reads
     * as 1970, so the API says null and clients show "never".
     */
    private static Long time(long millis) {
        return millis > 0 ? millis : null;
    }
}
