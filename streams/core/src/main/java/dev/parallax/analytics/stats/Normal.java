package dev.parallax.analytics.stats;

/** The standard normal distribution. */
public final class Normal {

    private Normal() {
    }

    /**
     * {@code P[Z > z]}, within a relative error of 1.2e-7 (the Chebyshev fit of erfc in Numerical Recipes, 6.2):
     * ample for a p-value, and kept accurate far into the tail, where {@code 1 - cdf} would round to 0.
     */
    public static double survival(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return erfc(z / Math.sqrt(2)) / 2;
    }

    /** The two-sided p-value of an observed statistic: {@code P[|Z| >= |z|]}. */
    public static double twoSidedPValue(double z) {
        return Math.min(1, 2 * survival(Math.abs(z)));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
