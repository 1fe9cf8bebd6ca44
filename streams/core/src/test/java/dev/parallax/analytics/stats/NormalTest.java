package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalTest {

    /** {z, P[Z > z]}: the standard normal's tail, from tables (Abramowitz and Stegun 26.2, to the digits given). */
    private static final double[][] TAIL = {
            {0.0, 0.5},
            {1.0, 0.15865525393145707},
            {1.6448536269514722, 0.05},
            {1.959963984540054, 0.025},
            {2.5758293035489004, 0.005},
            {3.0, 0.0013498980316301035},
            {5.0, 2.866515718791939e-07},
            {-1.0, 0.8413447460685429},
    };

    @Test
    void theTailMatchesTheTablesWithinTheFitsAccuracy() {
        for (double[] row : TAIL) {
            assertEquals(row[1], Normal.survival(row[0]), row[1] * 2e-7, () -> "z=" + row[0]);
        }
    }

    @Test
    void theTwoSidedPValueIsBothTailsAndNeverAboveOne() {
        assertEquals(0.05, Normal.twoSidedPValue(-1.959963984540054), 1e-8);
        assertEquals(0.05, Normal.twoSidedPValue(1.959963984540054), 1e-8);
        assertEquals(1.0, Normal.twoSidedPValue(0), 1e-7);
        assertTrue(Normal.twoSidedPValue(40) >= 0);
        assertTrue(Double.isNaN(Normal.survival(Double.NaN)));
    }
}
