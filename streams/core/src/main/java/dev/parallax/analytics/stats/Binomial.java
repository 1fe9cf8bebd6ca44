package dev.parallax.analytics.stats;

/** Exact tails of Binomial(n, p), through the incomplete beta function, so cost does not grow with n. */
public final class Binomial {

    private Binomial() {
    }

    /** {@code P[X <= k]} = {@code I_{1-p}(n - k, k + 1)}. */
    public static double cdf(long k, long n, double p) {
        check(n, p);
        if (k < 0) {
            return 0;
        }
        if (k >= n) {
            return 1;
        }
        return Beta.regularized(1 - p, p, n - k, k + 1.0);
    }

    /** {@code P[X > k]} = {@code I_p(k + 1, n - k)}, precise where it is small. */
    public static double survival(long k, long n, double p) {
        check(n, p);
        if (k < 0) {
            return 1;
        }
        if (k >= n) {
            return 0;
        }
        return Beta.regularized(p, 1 - p, k + 1.0, n - k);
    }

    private static void check(long n, double p) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
    }
}
