package dev.parallax.analytics.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QHatTest {

    @Test
    void bestSplitIsTheArgmaxOfTheDefinitionOverEveryInterval() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 40; trial++) {
            int start = random.nextInt(5);
            int w = 2 + random.nextInt(14);
            double[] values = new double[start + w + 3];
            for (int i = 0; i < values.length; i++) {
                // Small integers: many exact ties, so the tie-break is checked too.
                values[i] = trial % 2 == 0 ? random.nextInt(4) : random.nextGaussian();
            }
            QHat qHat = new QHat(values, start, start + w);
            for (int lo = start; lo < start + w; lo++) {
                for (int hi = lo + 2; hi <= start + w; hi++) {
                    QHat.Split expected = bruteForce(values, lo, hi);
                    QHat.Split actual = qHat.best(lo, hi);
                    String where = "trial " + trial + " [" + lo + ", " + hi + ")";
                    assertEquals(expected.index(), actual.index(), where);
                    assertEquals(expected.qHat(), actual.qHat(), 1e-9 * Math.max(1, Math.abs(expected.qHat())), where);
                }
            }
        }
    }

    @Test
    void aCleanStepSplitsAtItsFirstRun() {
        double[] values = {1, 1, 1, 1, 5, 5, 5};
        assertEquals(4, new QHat(values, 0, 7).best(0, 7).index());
    }

    @Test
    void oneRunCannotBeSplit() {
        double[] values = {1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> new QHat(values, 0, 3).best(1, 2));
    }

    /**
     * q-hat straight from its definition (Matteson and James, alpha = 1), first maximum in (tau, kappa) order.
     * The coefficients are rounded as in Otava's matrix form, so on integer data (exact sums) even ties between
     * mathematically equal values resolve the same way.
     */
    private static QHat.Split bruteForce(double[] x, int lo, int hi) {
        QHat.Split best = null;
        for (int tau = lo + 1; tau < hi; tau++) {
            for (int kappa = tau + 1; kappa <= hi; kappa++) {
                int n = tau - lo;
                int m = kappa - tau;
                double cross = 0;
                for (int i = lo; i < tau; i++) {
                    for (int j = tau; j < kappa; j++) {
                        cross += Math.abs(x[i] - x[j]);
                    }
                }
                double q = 2.0 / (m + n) * cross
                        - (n > 1 ? 2.0 * m / ((m + n) * (n - 1)) * within(x, lo, tau) : 0)
                        - (m > 1 ? 2.0 * n / ((m + n) * (m - 1)) * within(x, tau, kappa) : 0);
                if (best == null || q > best.qHat()) {
                    best = new QHat.Split(tau, q);
                }
            }
        }
        return best;
    }

    private static double within(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            for (int k = i + 1; k < to; k++) {
                sum += Math.abs(x[i] - x[k]);
            }
        }
        return sum;
    }
}
