package dev.parallax.analytics.stats;

/**
 * Welch's t test: whether two samples' means differ, without assuming equal variances. For figures averaged over
 * many values (energy per inference, SQNR per pair), where the mean is what is reported.
 */
public final class Welch {

    private Welch() {
    }

    /** The two-sided p-value that the means of {@code a} and {@code b} are equal; NaN with fewer than 2 values in one. */
    public static double twoSidedPValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        double meanA = mean(a);
        double meanB = mean(b);
        double errorA = variance(a, meanA) / a.length;
        double errorB = variance(b, meanB) / b.length;
        double error = errorA + errorB;
        if (!(error > 0)) {
            return meanA == meanB ? 1 : 0; // no spread at all: the means are equal or certainly not
        }
        double t = (meanA - meanB) / Math.sqrt(error);
        double df = error * error / (errorA * errorA / (a.length - 1) + errorB * errorB / (b.length - 1));
        return StudentT.twoSidedPValue(t, df);
    }

    /** The arithmetic mean; NaN for no values. */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) sum += (v - mean) * (v - mean);
        return sum / (values.length - 1);
    }
}
