package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    @Test
    void separatedSamplesByHand() {
        // U = 0 of 25; mean 12.5, variance 25 * 11 / 12; z = (12.5 - 0.5) / sqrt(275 / 12) = 2.5067.
        double p = MannWhitney.twoSidedPValue(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10});
        assertEquals(2 * Normal.survival(12 / Math.sqrt(275.0 / 12)), p, 1e-12);
        assertEquals(0.01219, p, 5e-5, "SciPy's asymptotic p-value for these samples");
    }

    @Test
    void tiesGetTheirMeanRankAndShrinkTheVariance() {
        // Ranks: 1 | 2 2 2 -> 3 | 3 3 3 -> 6 | 4 -> 8; R_a = 1 + 3 + 3 + 6 = 13, U = 3 of 16, mean 8;
        // variance 16 / 12 * (9 - (24 + 24) / 56); z = (5 - 0.5) / sqrt(variance).
        double variance = 16.0 / 12 * (9 - 48.0 / 56);
        double p = MannWhitney.twoSidedPValue(new double[] {1, 2, 2, 3}, new double[] {2, 3, 3, 4});
        assertEquals(2 * Normal.survival(4.5 / Math.sqrt(variance)), p, 1e-12);
        assertEquals(0.1720, p, 5e-4);
    }

    @Test
    void symmetricInItsSamplesAndBlindToOrder() {
        double[] a = {12.1, 9.8, 11.4, 30.2, 10.0, 10.9};
        double[] b = {13.5, 12.9, 14.2, 11.8, 40.1, 13.0, 12.2};
        double p = MannWhitney.twoSidedPValue(a, b);
        assertEquals(p, MannWhitney.twoSidedPValue(b, a), 1e-15);
        assertEquals(p, MannWhitney.twoSidedPValue(new double[] {30.2, 10.0, 12.1, 11.4, 10.9, 9.8}, b), 1e-15);
    }

    @Test
    void oneDistributionIsRarelyCalledTwoAndAShiftedOneAlmostAlways() {
        SplittableRandom random = new SplittableRandom(7);
        int falseAlarms = 0;
        int found = 0;
        for (int trial = 0; trial < 400; trial++) {
            double[] a = lognormal(random, 200, 0);
            if (MannWhitney.twoSidedPValue(a, lognormal(random, 200, 0)) < 0.05) falseAlarms++;
            if (MannWhitney.twoSidedPValue(a, lognormal(random, 200, 0.3)) < 0.05) found++;
        }
        assertTrue(falseAlarms >= 8 && falseAlarms <= 36, "about 5 % of 400 at p < 0.05: " + falseAlarms);
        assertTrue(found >= 390, "a 35 % shift in 200 latencies: " + found);
    }

    @Test
    void identicalValuesAndEmptySamples() {
        assertEquals(1.0, MannWhitney.twoSidedPValue(new double[] {5, 5, 5}, new double[] {5, 5}));
        assertTrue(Double.isNaN(MannWhitney.twoSidedPValue(new double[0], new double[] {1})));
    }

    private static double[] lognormal(SplittableRandom random, int n, double shift) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(3 + shift + 0.5 * gaussian(random));
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
