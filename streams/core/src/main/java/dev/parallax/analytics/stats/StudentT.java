package dev.parallax.analytics.stats;

/** Student's t distribution with {@code df} degrees of freedom (any real {@code df > 0}). */
public final class StudentT {

    private StudentT() {
    }

    /** {@code P[T > t]}. */
    public static double survival(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0: " + df);
        }
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 0 : 1;
        }
        double t2 = t * t;
        // P[|T| > |t|] = I_x(df/2, 1/2) with x = df / (df + t^2); 1 - x = t^2 / (df + t^2) kept exact for large t.
        double bothTails = Beta.regularized(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
        return t > 0 ? bothTails / 2 : 1 - bothTails / 2;
    }

    /** The two-sided p-value of an observed statistic: {@code P[|T| >= |t|]}. */
    public static double twoSidedPValue(double t, double df) {
        return 2 * survival(Math.abs(t), df);
    }
}
