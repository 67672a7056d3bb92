package io.hapair.node.dataplane.model;

/**
 * Why the data plane cannot take a set of virtual services: a field of a document and the reason,
 * in HAProxy's words where HAProxy refused.
 *
 * @param origin the document field at fault; null when the reason names none (HAProxy said nothing
 *     about a line of a virtual service)
 * @param reason what is wrong, for the operator
 */
public record Rejection(Origin origin, String reason) {

    @Override
    public String toString() {
        return origin == null ? reason : origin + ": " + reason;
    }
}
