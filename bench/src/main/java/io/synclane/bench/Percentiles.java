package io.synclane.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample (milliseconds in, milliseconds out). */
record Percentiles(int count, double p50, double p99, double max) {
    static Percentiles of(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("no sample");
        }
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double quantile) {
        return sorted[(int) Math.ceil(quantile * sorted.length) - 1];
    }
}
