package dev.parallax.analytics.confidence;

import dev.parallax.analytics.latency.QuantileSketch;

/**
 * A percentile as people are shown it (issue 16, confidence on every tail): its estimate and the interval in which
 * the true percentile lies with the confidence, or, when there are too few samples for one, how many it needs.
 *
 * @param lower NaN when {@link #bounded()} is false, as is {@code upper}
 * @param needed the samples an interval needs; 0 when there is one
 */
public record Percentile(double q, double value, long samples, double confidence, double lower, double upper,
                         long needed) {

    /** The q-quantile of a sketch with its equal-tailed interval (within the sketch's relative accuracy). */
    public static Percentile of(QuantileSketch sketch, double q, PercentileConfidence level) {
        long n = sketch.count();
        if (n == 0) {
            return none(q, level);
        }
        return switch (level.interval(q, n)) {
            case PercentileBounds.Interval i -> new Percentile(q, sketch.quantile(q), n, level.confidence(),
                    i.lower(sketch), i.upper(sketch), 0);
            case PercentileBounds.NotEnoughSamples e -> new Percentile(q, sketch.quantile(q), n, level.confidence(),
                    Double.NaN, Double.NaN, e.needed());
            case PercentileBounds.UpperBound u -> throw new IllegalStateException("an interval was asked for: " + u);
        };
    }

    /** A percentile {@code value} computed elsewhere (e.g. exactly by the warehouse) with the interval of sorted samples. */
    public static Percentile of(double value, double[] sorted, double q, PercentileConfidence level) {
        if (sorted.length == 0) {
            return new Percentile(q, value, 0, level.confidence(), Double.NaN, Double.NaN, level.samplesForInterval(q));
        }
        return switch (level.interval(q, sorted.length)) {
            case PercentileBounds.Interval i -> new Percentile(q, value, sorted.length, level.confidence(),
                    i.lower(sorted), i.upper(sorted), 0);
            case PercentileBounds.NotEnoughSamples e -> new Percentile(q, value, sorted.length, level.confidence(),
                    Double.NaN, Double.NaN, e.needed());
            case PercentileBounds.UpperBound u -> throw new IllegalStateException("an interval was asked for: " + u);
        };
    }

    /**
     * The q-quantile of sorted samples, {@code x[floor(q (n - 1))]} as a {@link QuantileSketch} reads it, with its
     * interval.
     */
    public static Percentile of(double[] sorted, double q, PercentileConfidence level) {
        return sorted.length == 0 ? none(q, level)
                : of(sorted[(int) Math.floor(q * (sorted.length - 1))], sorted, q, level);
    }

    /** The q-quantile of no samples at all. */
    public static Percentile none(double q, PercentileConfidence level) {
        return new Percentile(q, Double.NaN, 0, level.confidence(), Double.NaN, Double.NaN, level.samplesForInterval(q));
    }

    public boolean bounded() {
        return needed == 0;
    }
}
