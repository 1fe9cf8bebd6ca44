package dev.parallax.analytics.latency;

/**
 * A mergeable summary of non-negative values that answers quantile queries within a relative error.
 *
 * <p>Rank definition, shared with the exact computation the accuracy is tested against: for {@code n} values
 * sorted ascending as {@code x[0..n-1]}, the q-quantile is {@code x[floor(q * (n - 1))]} (the "lower"
 * quantile; {@code q = 0} is the minimum, {@code q = 1} the maximum). A reported quantile {@code v} satisfies
 * {@code |v - x| <= relativeAccuracy() * x} for that exact {@code x}.
 */
public interface QuantileSketch {

    /** @throws IllegalArgumentException unless {@code value} is finite and {@code >= 0} */
    void add(double value);

    /**
     * Adds all values of {@code other} to this sketch; merging windows is equivalent to sketching their union.
     *
     * @throws IllegalArgumentException when {@code other} uses another implementation or relative accuracy
     */
    void merge(QuantileSketch other);

    /** The q-quantile, {@code 0 <= q <= 1}; {@code NaN} when the sketch is empty. */
    double quantile(double q);

    long count();

    default boolean isEmpty() {
        return count() == 0;
    }

    /** Exact smallest value added; {@code NaN} when empty. */
    double min();

    /** Exact largest value added; {@code NaN} when empty. */
    double max();

    double relativeAccuracy();

    QuantileSketch copy();

    /** Deterministic, versioned encoding; equal contents give equal bytes whatever the order of adds and merges. */
    byte[] toBytes();
}
