package dev.parallax.analytics.latency;

/**
 * How many samples a quantile needs before it may drive an alert (SPEC §3), by the binomial bound of MLPerf's
 * early-stopping rule.
 *
 * <p>Each sample exceeds the true q-quantile with probability {@code p = 1 - q}, so the number of exceedances
 * in {@code n} samples is Binomial(n, p). The quantile is reliable at {@code n} when
 * {@code P[Binomial(n, p) <= 1] <= 1 - confidence}: with the given confidence at least two samples lie beyond
 * the true quantile, so the estimate is not decided by the single largest outlier. With confidence 0.99 this
 * gives MLPerf's published minimums: 64 samples for p90, 662 for p99, 6,636 for p99.9.
 */
public final class QuantileReliability {

    /** MLPerf's bound tolerates one exceedance; it is the rule's definition, not a tunable. */
    private static final int TOLERATED_EXCEEDANCES = 1;

    private final double confidence;

    public QuantileReliability(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
        this.confidence = confidence;
    }

    public double confidence() {
        return confidence;
    }

    /** Whether a q-quantile over {@code samples} values may alert. */
    public boolean isReliable(double q, long samples) {
        return samples >= minimumSamples(q);
    }

    /**
     * Smallest sample count at which the q-quantile is reliable; {@link Long#MAX_VALUE} for {@code q = 1}
     * (the maximum never is).
     */
    public long minimumSamples(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        if (q == 1) {
            return Long.MAX_VALUE;
        }
        double alpha = 1 - confidence;
        long high = TOLERATED_EXCEEDANCES + 1;
        while (tailProbability(high, 1 - q) > alpha) {
            high *= 2;
        }
        long low = high / 2; // invariant: tail(low) > alpha (or low below the smallest meaningful n)
        while (high - low > 1) {
            long mid = (low + high) >>> 1;
            if (tailProbability(mid, 1 - q) > alpha) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    /** P[Binomial(n, p) <= 1] = (1-p)^n + n p (1-p)^(n-1), computed in log space to avoid underflow. */
    private static double tailProbability(long n, double p) {
        if (p >= 1) {
            return 0;
        }
        double logStay = Math.log1p(-p);
        return Math.exp(n * logStay) + Math.exp(Math.log(n) + Math.log(p) + (n - 1) * logStay);
    }
}
