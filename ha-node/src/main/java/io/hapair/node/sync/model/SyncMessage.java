package io.hapair.node.sync.model;

import java.util.List;
import java.util.Map;

/** The settings-sync messages on the peer link, as JSON bodies. Every one names the sender's versions. */
public final class SyncMessage {

    private SyncMessage() {
    }

    public static final String PUSH = "sync-push";
    public static final String ACK = "sync-ack";
    public static final String DIGEST = "sync-digest";
    public static final String INDEX = "sync-index";
    public static final String WANT = "sync-want";
    public static final String RESOLVED = "sync-resolved";
    public static final String REFUSED = "sync-refused";

    /** Who sends: refused unless software and schema match ours. */
    public record Sender(String software, int schema) {
    }

    /** Documents, pushed at once after a local commit, or sent in answer to a comparison. */
    public record Push(Sender sender, long pushId, long sentAt, List<StoredDocument> docs) {
    }

    /** The receiver stored a push. */
    public record Ack(long pushId, long sentAt) {
    }

    /** Per-type digests of versions; the receiver answers with an index of the types that differ. */
    public record Digest(Sender sender, Map<String, String> digests) {
    }

    /**
     * Versions of every document of the types that differ, keyed {@code type/id}: in parts, each but the last
     * with {@code more}, so that no message of a large store is megabytes (a heap allocation that size is
     * costly: G1 gives it whole regions of its own).
     */
    public record Index(Sender sender, List<String> types, Map<String, Version> versions, boolean more) {
    }

    /** Keys ({@code type/id}) the sender asks for. */
    public record Want(Sender sender, List<String> keys) {
    }

    /** An operator accepted one version of a conflicted document; the conflict is closed on both nodes. */
    public record Resolved(Sender sender, String type, String id) {
    }

    /** The receiver refused our settings, and why. */
    public record Refused(String reason) {
    }
}
