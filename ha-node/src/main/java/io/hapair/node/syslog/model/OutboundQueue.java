package io.hapair.node.syslog.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages waiting for one receiver, at most {@code capacity}: when it is full the oldest gives way, so a
 * receiver that is down or slow costs a bounded amount of memory and the newest events (what led to the trouble)
 * are the ones kept. Safe to use from any thread: the node logs from many.
 */
public final class OutboundQueue<T> {

    private final int capacity;
    private final ArrayDeque<T> waiting;
    private long dropped;

    public OutboundQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
        this.waiting = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Queues the item; when full, drops the oldest first. */
    public synchronized void offer(T item) {
        if (waiting.size() == capacity) {
            waiting.removeFirst();
            dropped++;
        }
        waiting.addLast(item);
    }

    /** Takes up to {@code max} of the oldest items, in order. */
    public synchronized List<T> take(int max) {
        List<T> out = new ArrayList<>(Math.min(max, waiting.size()));
        while (out.size() < max && !waiting.isEmpty()) {
            out.add(waiting.removeFirst());
        }
        return out;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return waiting.size();
    }

    /** How many items gave way to newer ones, ever. */
    public synchronized long dropped() {
        return dropped;
    }
}
