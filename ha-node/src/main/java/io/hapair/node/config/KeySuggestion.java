package io.hapair.node.config;

import java.util.function.Function;

/** "Did you mean ...?" for a misspelt key or HANODE_* variable: the nearest spelling by edit distance. */
final class KeySuggestion {

    private KeySuggestion() {
    }

    /** The fix to append to an "unknown ..." message, in the spelling of the key the operator used. */
    static String closest(String unknown, Function<ConfigKey, String> spelling) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey k : ConfigKey.values()) {
            int d = editDistance(unknown, spelling.apply(k));
            if (d < bestDistance) {
                bestDistance = d;
                best = spelling.apply(k);
            }
        }
        return bestDistance <= 3 ? "; did you mean '" + best + "'?" : "; see 'hanode run --help' for the keys";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }
}
