package io.hapair.node.geo;

import io.hapair.node.sync.model.StoredDocument;
import java.util.List;
import java.util.Map;

/**
 * What GEO partners send each other over the API ({@link GeoPartnerRoutes}), as JSON. An offer is
 * answered with a {@link io.hapair.node.sync.model.ReplicaIndex}, a delivery of documents with a
 * {@link Result}.
 */
final class GeoPartnerMessage {

    static final String OFFER_PATH = "/api/v1/geo/sync/offer";
    static final String DOCUMENTS_PATH = "/api/v1/geo/sync/documents";

    private GeoPartnerMessage() {
    }

    /**
     * @param node the sending node's name: version vectors count edits per node name, so names must
     *     differ across a GEO deployment
     * @param unitAddress the sending unit's GEO address (a pair's master)
     */
    record Sender(String node, String unitAddress, String software, int schema) {
    }

    /** "Here are my versions' digests per shared type": the cheap first step of a comparison. */
    record Offer(Sender sender, Map<String, String> digests) {
    }

    /** Documents in unit form (see {@link UnitForm}), tombstones included. */
    record Documents(Sender sender, List<StoredDocument> docs) {
    }

    record Result(int applied, int kept, int conflicts) {
    }
}
