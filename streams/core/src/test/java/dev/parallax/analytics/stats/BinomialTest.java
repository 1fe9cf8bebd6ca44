package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class BinomialTest {

    /** {k, n, p, P[X <= k], P[X > k]}: scipy 1.17.1, {@code scipy.stats.binom.cdf} and {@code .sf}. */
    private static final double[][] SCIPY = {
            {0, 10, 0.5, 0.0009765625, 0.9990234375},
            {3, 10, 0.5, 0.171875, 0.828125},
            {1, 662, 0.01, 0.009913985645459311, 0.9900860143545407},
            {1, 661, 0.01, 0.010000967746517844, 0.9899990322534822},
            {5, 100, 0.1, 0.05757688648703396, 0.942423113512966},
            {989, 1000, 0.99, 0.4169591966989028, 0.5830408033010972},
            {9850, 10000, 0.99, 1.65706019623811e-06, 0.9999983429398037},
            {990000, 1000000, 0.99, 0.5013498725637058, 0.49865012743629417},
            {989000, 1000000, 0.99, 2.3495297962329136e-23, 1.0},
            {9899000, 10000000, 0.99, 0.0007571703763237239, 0.9992428296236763},
            {0, 298, 0.01, 0.05003662286632573, 0.9499633771336743},
    };

    @Test
    void tailsMatchScipyUpToTenMillionTrials() {
        for (double[] row : SCIPY) {
            long k = (long) row[0];
            long n = (long) row[1];
            assertEquals(row[3], Binomial.cdf(k, n, row[2]), row[3] * 1e-12, () -> "cdf k=" + k + " n=" + n);
            assertEquals(row[4], Binomial.survival(k, n, row[2]), row[4] * 1e-12, () -> "sf k=" + k + " n=" + n);
        }
    }

    @Test
    void tailsAreTheSumsOfTheExactMassFunctionForEveryKUpTo300Trials() {
        MathContext context = MathContext.DECIMAL128;
        for (int n : new int[] {1, 2, 7, 50, 300}) {
            for (double p : new double[] {0.01, 0.3, 0.5, 0.9, 0.99}) {
                BigDecimal success = new BigDecimal(p);
                BigDecimal failure = BigDecimal.ONE.subtract(success);
                BigDecimal[] mass = new BigDecimal[n + 1];
                for (int k = 0; k <= n; k++) {
                    mass[k] = new BigDecimal(binomialCoefficient(n, k))
                            .multiply(success.pow(k, context), context).multiply(failure.pow(n - k, context), context);
                }
                for (int k = 0; k < n; k++) {
                    double cdf = sum(mass, 0, k + 1, context);
                    double survival = sum(mass, k + 1, n + 1, context);
                    int kk = k;
                    assertEquals(cdf, Binomial.cdf(k, n, p), relative(cdf), () -> "cdf n=" + n + " p=" + p + " k=" + kk);
                    assertEquals(survival, Binomial.survival(k, n, p), relative(survival),
                            () -> "sf n=" + n + " p=" + p + " k=" + kk);
                }
            }
        }
    }

    private static double sum(BigDecimal[] terms, int from, int to, MathContext context) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = from; i < to; i++) {
            sum = sum.add(terms[i], context);
        }
        return sum.doubleValue();
    }

    /** 1e-12 relative (the double {@code 1 - p} differs from the exact one by an ulp), floored at 1e-300. */
    private static double relative(double expected) {
        return Math.max(1e-300, expected * 1e-12);
    }

    private static BigInteger binomialCoefficient(int n, int k) {
        BigInteger c = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            c = c.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return c;
    }

    @Test
    void edges() {
        assertEquals(0, Binomial.cdf(-1, 10, 0.5));
        assertEquals(1, Binomial.cdf(10, 10, 0.5));
        assertEquals(0, Binomial.survival(10, 10, 0.5));
        assertEquals(1, Binomial.cdf(0, 10, 0));
        assertEquals(0, Binomial.cdf(9, 10, 1));
        assertEquals(1, Binomial.survival(9, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Binomial.cdf(1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Binomial.cdf(1, -1, 0.5));
    }
}
