package io.hapair.node.selfcheck;

import io.hapair.node.selfcheck.model.CheckTarget;
import java.time.Duration;
import java.util.List;

/**
 * The self-check's configuration (keys self-check, self-check-interval, self-check-timeout, ping).
 *
 * @param targets  what to check; empty when the self-check is off
 * @param interval how often each target is checked
 * @param timeout  how long one check may take; shorter than the interval
 * @param ping     the iputils ping program, a name on PATH or a path
 */
public record SelfCheckSettings(List<CheckTarget> targets, Duration interval, Duration timeout, String ping) {

    public SelfCheckSettings {
        targets = List.copyOf(targets);
    }

    public boolean on() {
        return !targets.isEmpty();
    }
}
