package dev.parallax.simulator;

import java.util.random.RandomGenerator;

/**
 * A latency distribution given as the range a benchmark reports: log-normal, with 90 % of the samples between
 * {@code low} and {@code high} (the 5th and 95th percentiles) and the median at their geometric mean.
 */
record LatencyRange(double low, double high) {

    /** z of the 95th percentile of the standard normal distribution. */
    private static final double Z95 = 1.6448536269514722;

    LatencyRange {
        if (!(low > 0 && high > low)) throw new IllegalArgumentException("need 0 < low < high, got " + low + ".." + high);
    }

    double median() {
        return Math.sqrt(low * high);
    }

    double sigma() {
        return Math.log(high / low) / (2 * Z95);
    }

    /** The {@code z}-score quantile: {@code quantile(-1.645)} is {@code low}, {@code quantile(1.645)} is {@code high}. */
    double quantile(double z) {
        return median() * Math.exp(sigma() * z);
    }

    double sample(RandomGenerator random) {
        return quantile(random.nextGaussian());
    }
}
