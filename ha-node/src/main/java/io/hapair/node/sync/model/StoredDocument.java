package io.hapair.node.sync.model;

/**
 * One settings document as stored and synced.
 *
 * @param type    the settings type's API name, e.g. "virtual-services"
 * @param id      the document's id within its type
 * @param body    canonical JSON; null for a tombstone
 * @param version its version
 */
public record StoredDocument(String type, String id, String body, Version version) {

    public boolean deleted() {
        return body == null;
    }

    public String key() {
        return type + "/" + id;
    }
}
