package io.hapair.cloud.adapter;

import io.hapair.cloud.plan.Change;

/** What became of one planned change. {@code detail} says why for anything but {@code APPLIED}. */
public record ChangeOutcome(Change change, Status status, String detail) {

    public enum Status {
        APPLIED,
        FAILED,
        /** Not attempted because an earlier write it depends on failed or conflicted. */
        SKIPPED,
        /** Its write was refused because the resource changed meanwhile; a re-plan covers it. */
        CONFLICTED
    }
}
