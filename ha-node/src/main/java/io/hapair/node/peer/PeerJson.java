package io.hapair.node.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hapair.node.role.PartnerReport;

/** The peer link's JSON mapping: one JSON document per frame and per body, nothing trailing after it. */
final class PeerJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addMixIn(PartnerReport.class, AddedReportFields.class);

    /**
     * Heartbeats are read past fields this release does not know: a partner one release ahead, in the middle of
     * a rolling upgrade, still counts as heard rather than dead.
     */
    static final ObjectReader HEARTBEAT = MAPPER.readerFor(Heartbeat.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The report's fields added after the first release are left out while they hold their default, so that a
     * partner of that release, which refuses unknown fields, reads the heartbeat of a node that does not use them
     * (not in maintenance, no lost self-check targets) during a rolling upgrade.
     */
    private abstract static class AddedReportFields {
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract boolean maintenance();

        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract int lostTargets();
    }

    private PeerJson() {
    }

    /** One line for the log: Jackson's message without its source excerpt and location. */
    static String reason(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String text = message == null ? e.getClass().getSimpleName() : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
