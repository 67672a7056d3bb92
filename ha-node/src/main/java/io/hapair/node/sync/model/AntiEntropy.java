package io.hapair.node.sync.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The comparison at the heart of anti-entropy: given our versions and the partner's for one type,
 * which documents we must send and which we must ask for. Concurrent versions go both ways, so both
 * nodes see both and {@link Merge} settles them identically.
 */
public final class AntiEntropy {

    private AntiEntropy() {
    }

    /** Keys ({@code type/id}) to send to the partner and to ask the partner for. */
    public record Plan(List<String> send, List<String> want) {
    }

    public static Plan compare(Map<String, Version> ours, Map<String, Version> theirs) {
        List<String> send = new ArrayList<>();
        List<String> want = new ArrayList<>();
        ours.forEach((key, mine) -> {
            Version other = theirs.get(key);
            if (other == null) {
                send.add(key);
                return;
            }
            switch (mine.compareTo(other)) {
                case NEWER:
                    send.add(key);
                    break;
                case OLDER:
                    want.add(key);
                    break;
                case CONCURRENT:
                    send.add(key);
                    want.add(key);
                    break;
                default:
                    break;
            }
        });
        theirs.keySet().stream().filter(k -> !ours.containsKey(k)).forEach(want::add);
        return new Plan(List.copyOf(send), List.copyOf(want));
    }
}
