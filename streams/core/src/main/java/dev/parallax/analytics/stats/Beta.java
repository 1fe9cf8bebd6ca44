package dev.parallax.analytics.stats;

/**
 * The regularized incomplete beta function {@code I_x(a, b)} and the log-gamma function it rests on.
 *
 * <p>Evaluated as in Numerical Recipes (3rd ed., §6.4): the continued fraction for {@code I_x(a, b)},
 * summed by the modified Lentz method, on the side of {@code x = (a + 1) / (a + b + 2)} where it converges
 * fast; the other side by the symmetry {@code I_x(a, b) = 1 - I_{1-x}(b, a)}. The prefactor
 * {@code x^a (1-x)^b / B(a, b)} is formed in log space without the cancellation of {@code ln Γ} differences,
 * so arguments in the millions neither overflow, underflow nor lose digits.
 */
public final class Beta {

    private static final double EPSILON = 1e-15;
    /** Smallest magnitude the Lentz recurrences may divide by. */
    private static final double TINY = 1e-300;
    /** The fraction needs O(sqrt(max(a, b))) terms; this allows arguments far beyond 1e9. */
    private static final int MAX_TERMS = 10_000_000;

    /** Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients): relative error below 1e-15. */
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Beta() {
    }

    /** {@code ln Γ(x)} for {@code x > 0}. */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0: " + x);
        }
        if (x < 0.5) {
            return logGamma(x + 1) - Math.log(x); // Γ(x) = Γ(x + 1) / x keeps Lanczos in its accurate range
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * {@code I_x(a, b)}, given {@code y = 1 - x} as well: callers often know {@code y} more precisely than
     * {@code 1 - x} can be computed (a Student t tail for large t, a binomial with a tiny p).
     */
    public static double regularized(double x, double y, double a, double b) {
        checkArguments(x, y, a, b);
        if (x == 0) {
            return 0;
        }
        if (y == 0) {
            return 1;
        }
        if (x < (a + 1) / (a + b + 2)) {
            return prefactor(x, y, a, b) * continuedFraction(x, a, b) / a;
        }
        return 1 - prefactor(x, y, a, b) * continuedFraction(y, b, a) / b;
    }

    private static void checkArguments(double x, double y, double a, double b) {
        if (!(a > 0 && b > 0)) {
            throw new IllegalArgumentException("beta needs a, b > 0: a=" + a + ", b=" + b);
        }
        if (!(x >= 0 && y >= 0 && Math.abs(x + y - 1) <= 1e-12)) {
            throw new IllegalArgumentException("need 0 <= x = 1 - y <= 1: x=" + x + ", y=" + y);
        }
    }

    /**
     * {@code x^a y^b / B(a, b)}, written as in Loader's binomial mass ("Fast and accurate computation of binomial
     * probabilities", 2000) and TOMS 708: with {@code s = a + b} the large logarithms cancel analytically into
     * {@code -deviance(a, x s) - deviance(b, y s) + ln sqrt(a b / (2 pi s)) - stirlingError(a)
     * - stirlingError(b) + stirlingError(s)}, every term of which is small or computed without cancellation.
     */
    private static double prefactor(double x, double y, double a, double b) {
        double s = a + b;
        double exponent = -deviance(a, x * s) - deviance(b, y * s)
                + 0.5 * Math.log(a / (2 * Math.PI) * (b / s))
                - stirlingError(a) - stirlingError(b) + stirlingError(s);
        return Math.exp(exponent);
    }

    /**
     * Loader's {@code bd0}: {@code k ln(k / m) + m - k >= 0}, by its series in {@code (k - m) / (k + m)} when
     * k is near m, where the direct form would cancel.
     */
    private static double deviance(double k, double m) {
        if (Math.abs(k - m) < 0.1 * (k + m)) {
            double v = (k - m) / (k + m);
            double sum = (k - m) * v;
            double term = 2 * k * v;
            for (int j = 1; ; j++) {
                term *= v * v;
                double next = sum + term / (2 * j + 1);
                if (next == sum) {
                    return sum;
                }
                sum = next;
            }
        }
        return k * Math.log(k / m) + m - k;
    }

    /** {@code ln Γ(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi))}: Stirling's series from x = 15 on. */
    private static double stirlingError(double x) {
        if (x < 15) {
            return logGamma(x) - (x - 0.5) * Math.log(x) + x - HALF_LOG_TWO_PI;
        }
        double inverse2 = 1 / (x * x);
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / 1680 * inverse2) * inverse2) * inverse2) / x;
    }

    /** Numerical Recipes' {@code betacf}: the continued fraction of {@code I_x(a, b)} by modified Lentz. */
    private static double continuedFraction(double x, double a, double b) {
        double sum = a + b;
        double c = 1;
        double d = nonZero(1 - sum * x / (a + 1));
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_TERMS; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (sum + m) * x / ((a + m2) * (a + 1 + m2));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge: x=" + x + ", a=" + a + ", b=" + b);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }
}
