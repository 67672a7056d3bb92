package io.hapair.tests.benchmark;

import java.util.Arrays;
import java.util.Collection;

/** Measured values (milliseconds) and their percentiles, nearest-rank. */
record Distribution(double[] sorted) {

    static Distribution of(Collection<Double> values) {
        return new Distribution(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    static Distribution ofNanos(long[] nanos) {
        return new Distribution(Arrays.stream(nanos).filter(n -> n >= 0).mapToDouble(n -> n / 1e6).sorted().toArray());
    }

    int count() {
        return sorted.length;
    }

    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
