package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WelchTest {

    @Test
    void unequalVariancesByHand() {
        // Means 3 and 6, variances 2.5 and 10: standard error sqrt(0.5 + 2), t = -3 / sqrt(2.5),
        // Welch-Satterthwaite df = 2.5^2 / (0.5^2 / 4 + 2^2 / 4) = 5.882.
        double p = Welch.twoSidedPValue(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10});
        assertEquals(StudentT.twoSidedPValue(3 / Math.sqrt(2.5), 6.25 / 1.0625), p, 1e-12);
        assertEquals(0.107, p, 5e-3, "SciPy's ttest_ind(equal_var=False)");
    }

    @Test
    void noSpreadAndTooFewValues() {
        assertEquals(1.0, Welch.twoSidedPValue(new double[] {2, 2}, new double[] {2, 2, 2}));
        assertEquals(0.0, Welch.twoSidedPValue(new double[] {2, 2}, new double[] {3, 3, 3}));
        assertTrue(Double.isNaN(Welch.twoSidedPValue(new double[] {2}, new double[] {3, 3, 3})));
    }
}
