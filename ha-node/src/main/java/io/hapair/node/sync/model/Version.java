package io.hapair.node.sync.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The version of one settings document: a version vector (edits seen per node) to tell "newer" from
 * "concurrent", and the hybrid logical clock stamp of its last edit to pick a winner between
 * concurrent edits the same way on both nodes.
 *
 * @param vector  edits per node name; a version dominates another when it has seen all of its edits
 * @param wall    HLC physical part (wall-clock millis) of the last edit
 * @param counter HLC logical part
 * @param origin  node that made the last edit (the final tie-breaker)
 */
public record Version(Map<String, Long> vector, long wall, int counter, String origin) {

    public Version {
        // Sorted, so that its text (digests, ETags, the stored JSON) is the same in every JVM: an
        // immutable Map.copyOf would iterate in a per-process random order.
        vector = Collections.unmodifiableSortedMap(new TreeMap<>(vector));
        Objects.requireNonNull(origin);
    }

    /** How two versions of one document relate. */
    public enum Order { SAME, NEWER, OLDER, CONCURRENT }

    /** This version compared with {@code other}: NEWER when this has seen every edit of other and more. */
    public Order compareTo(Version other) {
        boolean ahead = false;
        boolean behind = false;
        TreeMap<String, Long> keys = new TreeMap<>(vector);
        keys.putAll(other.vector);
        for (String node : keys.keySet()) {
            long mine = vector.getOrDefault(node, 0L);
            long theirs = other.vector.getOrDefault(node, 0L);
            ahead |= mine > theirs;
            behind |= mine < theirs;
        }
        if (ahead && behind) {
            return Order.CONCURRENT;
        }
        return ahead ? Order.NEWER : behind ? Order.OLDER : Order.SAME;
    }

    /** Between concurrent versions: the later HLC stamp wins; the origin's name breaks a tie. */
    public boolean winsOver(Version other) {
        if (wall != other.wall) {
            return wall > other.wall;
        }
        if (counter != other.counter) {
            return counter > other.counter;
        }
        return origin.compareTo(other.origin) > 0;
    }

    /** The version after a local edit on {@code node} at HLC stamp {@code stamp}. */
    public Version next(String node, HybridClock.Stamp stamp) {
        TreeMap<String, Long> v = new TreeMap<>(vector);
        v.merge(node, 1L, Long::sum);
        return new Version(v, stamp.wall(), stamp.counter(), node);
    }

    /** The first version of a document created on {@code node}. */
    public static Version first(String node, HybridClock.Stamp stamp) {
        return new Version(Map.of(node, 1L), stamp.wall(), stamp.counter(), node);
    }

    /** Pointwise maximum of the vectors, stamped as {@code winner}: what both nodes keep after a conflict. */
    public Version mergedWith(Version other, Version winner) {
        TreeMap<String, Long> v = new TreeMap<>(vector);
        other.vector.forEach((node, n) -> v.merge(node, n, Math::max));
        return new Version(v, winner.wall, winner.counter, winner.origin);
    }

    /** A stable text form for digests. */
    public String digestText() {
        return vector + "@" + wall + "." + counter + "." + origin;
    }
}
