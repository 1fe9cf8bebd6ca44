package dev.parallax.analytics.confidence;

import dev.parallax.analytics.latency.QuantileSketch;

/**
 * Where the true q-quantile lies, in terms of order statistics of the {@code samples} values: ranks are
 * 1-based positions in the values sorted ascending ({@code X(1) <= ... <= X(samples)}).
 */
public sealed interface PercentileBounds {

    long samples();

    /** {@code P[X(lower) <= true quantile <= X(upper)] >= coverage}, each side failing with at most half the rest. */
    record Interval(long samples, long lowerRank, long upperRank, double coverage) implements PercentileBounds {

        public double lower(double[] sorted) {
            return valueAt(sorted, lowerRank, samples);
        }

        public double upper(double[] sorted) {
            return valueAt(sorted, upperRank, samples);
        }

        /** The lower bound from a sketch of the samples, within the sketch's relative accuracy. */
        public double lower(QuantileSketch sketch) {
            return valueAt(sketch, lowerRank, samples);
        }

        public double upper(QuantileSketch sketch) {
            return valueAt(sketch, upperRank, samples);
        }
    }

    /** {@code P[true quantile <= X(rank)] >= coverage}. */
    record UpperBound(long samples, long rank, double coverage) implements PercentileBounds {

        public double value(double[] sorted) {
            return valueAt(sorted, rank, samples);
        }

        public double value(QuantileSketch sketch) {
            return valueAt(sketch, rank, samples);
        }
    }

    /** No order statistic bounds the quantile at the wanted confidence until there are {@code needed} samples. */
    record NotEnoughSamples(long samples, long needed) implements PercentileBounds {
    }

    /**
     * The argument of {@link QuantileSketch#quantile} that returns {@code X(rank)}: the sketch reads
     * {@code x[floor(q (n - 1))]} (0-based), so aim at the middle of the rank, {@code rank - 1/2}, where
     * rounding of {@code q (n - 1)} cannot fall to the rank below.
     */
    static double sketchQuantile(long rank, long samples) {
        checkRank(rank, samples);
        return samples == 1 ? 0 : Math.min(1, (rank - 0.5) / (samples - 1));
    }

    private static double valueAt(double[] sorted, long rank, long samples) {
        if (sorted.length != samples) {
            throw new IllegalArgumentException("bounds are for " + samples + " samples, not " + sorted.length);
        }
        checkRank(rank, samples);
        return sorted[(int) (rank - 1)];
    }

    private static double valueAt(QuantileSketch sketch, long rank, long samples) {
        if (sketch.count() != samples) {
            throw new IllegalArgumentException("bounds are for " + samples + " samples, the sketch has " + sketch.count());
        }
        return sketch.quantile(sketchQuantile(rank, samples));
    }

    private static void checkRank(long rank, long samples) {
        if (rank < 1 || rank > samples) {
            throw new IllegalArgumentException("rank " + rank + " outside 1.." + samples);
        }
    }
}
