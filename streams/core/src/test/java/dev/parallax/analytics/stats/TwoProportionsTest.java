package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoProportionsTest {

    @Test
    void pooledRatesByHand() {
        // 10 of 100 and 25 of 100: pooled 0.175, standard error sqrt(0.175 * 0.825 * 0.02), z = -0.15 / it.
        double p = TwoProportions.twoSidedPValue(10, 100, 25, 100);
        assertEquals(2 * Normal.survival(0.15 / Math.sqrt(0.175 * 0.825 * 0.02)), p, 1e-12);
        assertEquals(0.0052, p, 1e-4);
        assertEquals(p, TwoProportions.twoSidedPValue(25, 100, 10, 100), 1e-15);
    }

    @Test
    void equalRatesEdgesAndBadCounts() {
        assertEquals(1.0, TwoProportions.twoSidedPValue(0, 50, 0, 80));
        assertEquals(1.0, TwoProportions.twoSidedPValue(30, 30, 7, 7));
        assertTrue(Double.isNaN(TwoProportions.twoSidedPValue(0, 0, 1, 10)));
        assertThrows(IllegalArgumentException.class, () -> TwoProportions.twoSidedPValue(11, 10, 1, 10));
    }
}
