package dev.parallax.analytics.stats;

/** The two-proportion z test (pooled): whether two rates of an event (e.g. top-1 flips per pair) differ. */
public final class TwoProportions {

    private TwoProportions() {
    }

    /** The two-sided p-value that {@code k1 / n1} and {@code k2 / n2} are one rate; NaN when a sample is empty. */
    public static double twoSidedPValue(long k1, long n1, long k2, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return Double.NaN;
        }
        if (k1 < 0 || k1 > n1 || k2 < 0 || k2 > n2) {
            throw new IllegalArgumentException("counts must be within 0..n: " + k1 + "/" + n1 + ", " + k2 + "/" + n2);
        }
        double pooled = (k1 + k2) / (double) (n1 + n2);
        double error = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (!(error > 0)) {
            return 1; // both rates 0, or both 1
        }
        return Normal.twoSidedPValue((k1 / (double) n1 - k2 / (double) n2) / error);
    }
}
