package io.hapair.node.sync.model;

/** Concurrent edits of one document: the version both nodes kept and the one that lost, until an operator picks. */
public record StoredConflict(StoredDocument winner, StoredDocument loser, long detectedAt) {
}
