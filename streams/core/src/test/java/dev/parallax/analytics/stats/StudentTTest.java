package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StudentTTest {

    /** {t, df, P[T > t]}: scipy 1.17.1, {@code scipy.stats.t.sf(t, df)}. */
    private static final double[][] SCIPY = {
            {0.5, 1, 0.35241638234956674},
            {2.0, 3, 0.06966298427942152},
            {1.96, 1000, 0.025136592477874368},
            {3.5, 28, 0.0007882360706177303},
            {5.0, 28, 1.3866707498906336e-05},
            {8.0, 58, 3.062345782119414e-11},
            {12.0, 58, 1.1807854174697576e-17},
            {0.0, 10, 0.5},
            {-2.5, 7, 0.9795038907071235},
            {2.0, 2.5, 0.07869574787898295},
            {25.0, 40, 2.481671722239161e-26},
            {1.0, 1e6, 0.15865537491678916},
    };

    @Test
    void survivalMatchesScipyToTwelveDigits() {
        for (double[] row : SCIPY) {
            assertEquals(row[2], StudentT.survival(row[0], row[1]), row[2] * 1e-12, () -> "t=" + row[0] + " df=" + row[1]);
        }
    }

    @Test
    void closedFormsForOneAndTwoDegreesOfFreedom() {
        for (double t = -40; t <= 40; t += 0.125) {
            double cauchy = 0.5 - Math.atan(t) / Math.PI;
            double two = 0.5 - t / (2 * Math.sqrt(2 + t * t));
            assertEquals(cauchy, StudentT.survival(t, 1), 1e-14, "df=1, t=" + t);
            assertEquals(two, StudentT.survival(t, 2), 1e-14, "df=2, t=" + t);
        }
    }

    @Test
    void twoSidedPValueIsBothTails() {
        assertEquals(2 * 0.0007882360706177303, StudentT.twoSidedPValue(-3.5, 28), 1e-16);
        assertEquals(1.0, StudentT.twoSidedPValue(0, 5), 0);
    }

    @Test
    void infiniteAndUndefinedStatistics() {
        assertEquals(0, StudentT.twoSidedPValue(Double.POSITIVE_INFINITY, 5));
        assertEquals(1, StudentT.survival(Double.NEGATIVE_INFINITY, 5));
        assertEquals(Double.NaN, StudentT.twoSidedPValue(Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> StudentT.survival(1, 0));
    }
}
