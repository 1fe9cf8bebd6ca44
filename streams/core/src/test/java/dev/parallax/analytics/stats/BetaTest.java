package dev.parallax.analytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BetaTest {

    /** {x, ln Γ(x)}: Python 3.11 {@code math.lgamma}. */
    private static final double[][] LOG_GAMMA = {
            {0.1, 2.2527126517342055}, {0.5, 0.5723649429247004}, {1, 0}, {1.5, -0.12078223763524543}, {2, 0},
            {3.7, 1.4280723266653883}, {10, 12.801827480081467}, {100.5, 361.4355404677776},
            {1e6, 12815504.569147611}, {1e7 + 0.5, 151180957.42852172},
    };

    /** {x, a, b, I_x(a, b)}: scipy 1.17.1, {@code scipy.special.betainc(a, b, x)}. */
    private static final double[][] INCOMPLETE = {
            {0.3, 2, 3, 0.34829999999999994}, {0.9, 0.5, 0.5, 0.7951672353008665},
            {0.001, 5, 0.5, 2.461963550285712e-16}, {0.5, 200, 300, 0.9999964565197356},
            {0.999, 1000, 2, 0.7353908495419277},
    };

    @Test
    void logGammaMatchesLibm() {
        for (double[] row : LOG_GAMMA) {
            assertEquals(row[1], Beta.logGamma(row[0]), Math.max(1e-14, Math.abs(row[1]) * 1e-15), () -> "x=" + row[0]);
        }
    }

    @Test
    void logGammaOfIntegersIsLogFactorial() {
        double logFactorial = 0;
        for (int n = 1; n <= 170; n++) {
            assertEquals(logFactorial, Beta.logGamma(n), Math.max(1e-14, logFactorial * 1e-14), "n=" + n);
            logFactorial += Math.log(n);
        }
    }

    @Test
    void incompleteBetaMatchesScipy() {
        for (double[] row : INCOMPLETE) {
            assertEquals(row[3], Beta.regularized(row[0], 1 - row[0], row[1], row[2]), row[3] * 1e-12, () -> "x=" + row[0]);
        }
    }

    @Test
    void uniformAndSymmetryIdentities() {
        for (double x = 0; x <= 1; x += 1.0 / 64) {
            double y = 1 - x;
            assertEquals(x, Beta.regularized(x, y, 1, 1), 1e-15, "I_x(1,1) = x");
            assertEquals(1 - Math.pow(y, 3), Beta.regularized(x, y, 1, 3), 1e-14, "I_x(1,b) = 1-(1-x)^b");
            assertEquals(1 - Beta.regularized(y, x, 2.5, 4), Beta.regularized(x, y, 4, 2.5), 1e-14, "symmetry");
        }
    }

    @Test
    void rejectsArgumentsOutsideTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> Beta.regularized(1.5, -0.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Beta.regularized(0.5, 0.4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Beta.regularized(0.5, 0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Beta.logGamma(0));
    }
}
