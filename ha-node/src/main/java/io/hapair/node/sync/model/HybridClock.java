package io.hapair.node.sync.model;

/**
 * A hybrid logical clock: wall-clock millis, with a counter that keeps stamps increasing when the
 * wall clock stands still or runs behind a stamp already seen from the partner. Stamps of later
 * edits are never smaller, so "the later edit wins" stays true across both nodes.
 */
public final class HybridClock {

    /** One stamp. */
    public record Stamp(long wall, int counter) {
    }

    private long wall;
    private int counter;

    /** A stamp for a local event at wall-clock {@code now}. */
    public synchronized Stamp tick(long now) {
        if (now > wall) {
            wall = now;
            counter = 0;
        } else {
            counter++;
        }
        return new Stamp(wall, counter);
    }

    /** Takes in a stamp seen from the partner so that our next stamps come after it. */
    public synchronized void observe(long remoteWall, int remoteCounter) {
        if (remoteWall > wall || (remoteWall == wall && remoteCounter > counter)) {
            wall = remoteWall;
            counter = remoteCounter;
        }
    }
}
