package io.hapair.tests.hostile;

import java.util.Locale;
import java.util.function.Predicate;

/** Reads the node's {@code /metrics} (Prometheus text format). */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every series whose metric name (lower case) matches {@code name}; 0 when none does. */
    static double sum(String metrics, Predicate<String> name) {
        return metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .filter(l -> name.test(l.split("[{ ]", 2)[0].toLowerCase(Locale.ROOT)))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
