package io.hapair.node.role;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A bounded log of transitions and notable events, newest last, for the status API. */
public final class EventLog {

    /**
     * One entry: when, what kind ("transition", "partner", "switchover", ...), the message, and for a
     * transition its typed reason (null for the other kinds), so that no reader parses the message.
     */
    public record Entry(long at, String kind, String message, TransitionReason reason) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public EventLog(int capacity) {
        this.capacity = capacity;
    }

    Entry add(long at, String kind, String message, TransitionReason reason) {
        Entry entry = new Entry(at, kind, message, reason);
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
        return entry;
    }

    public List<Entry> entries() {
        return List.copyOf(new ArrayList<>(entries));
    }
}
