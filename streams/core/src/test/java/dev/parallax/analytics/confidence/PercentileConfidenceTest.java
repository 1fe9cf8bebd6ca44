package dev.parallax.analytics.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.latency.QuantileReliability;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class PercentileConfidenceTest {

    private final PercentileConfidence ninetyFive = new PercentileConfidence(0.95);

    @Test
    void p99At95PercentNeeds299SamplesForAnUpperBoundAnd368ForAnInterval() {
        assertEquals(299, ninetyFive.samplesForUpperBound(0.99));
        assertEquals(new PercentileBounds.NotEnoughSamples(298, 299), ninetyFive.upperBound(0.99, 298));
        PercentileBounds.UpperBound bound = assertInstanceOf(PercentileBounds.UpperBound.class, ninetyFive.upperBound(0.99, 299));
        assertEquals(299, bound.rank(), "at first the bound is the largest sample");
        assertEquals(1 - Math.pow(0.99, 299), bound.coverage(), 1e-12);

        assertEquals(368, ninetyFive.samplesForInterval(0.99));
        assertEquals(new PercentileBounds.NotEnoughSamples(367, 368), ninetyFive.interval(0.99, 367));
        PercentileBounds.Interval interval = assertInstanceOf(PercentileBounds.Interval.class, ninetyFive.interval(0.99, 368));
        assertEquals(360, interval.lowerRank());
        assertEquals(368, interval.upperRank());
    }

    /** The "p99 needs 662 samples" is MLPerf's: at 99 % the upper bound leaves the largest sample from there. */
    @Test
    void theMlperfMinimumsAreWhereTheOneSidedBoundStopsBeingTheMaximum() {
        PercentileConfidence ninetyNine = new PercentileConfidence(0.99);
        QuantileReliability mlperf = new QuantileReliability(0.99);
        for (double q : new double[] {0.90, 0.99, 0.999}) {
            long n = mlperf.minimumSamples(q); // 64, 662, 6636
            assertEquals(n - 1, rank(ninetyNine.upperBound(q, n - 1)), "q=" + q + ": the maximum below " + n);
            assertEquals(n - 1, rank(ninetyNine.upperBound(q, n)), "q=" + q + ": the second largest from " + n);
        }
        assertEquals(661, rank(ninetyNine.upperBound(0.99, 662)));
    }

    @Test
    void intervalsMatchScipy() {
        // {n, q, confidence, lower rank, upper rank, coverage}: scipy 1.17.1 binom.cdf / binom.sf, same definition.
        double[][] scipy = {
                {100, 0.5, 0.95, 40, 61, 0.9647997997822952},
                {1000, 0.99, 0.95, 983, 997, 0.976094763497977},
                {10000, 0.99, 0.95, 9880, 9920, 0.9557546828065552},
                {1000, 0.5, 0.99, 459, 542, 0.9913600509977394},
                {20, 0.5, 0.95, 6, 15, 0.9586105346679688},
                {1_000_000, 0.99, 0.95, 989805, 990196, 0.9505711243554037},
                {1_000_000, 0.999, 0.99, 998918, 999081, 0.9900855825109873},
                {10_000_000, 0.99, 0.95, 9899383, 9900617, 0.9501158529791109},
                {10_000_000, 0.999, 0.99, 9989742, 9990258, 0.9901580920857431},
        };
        for (double[] row : scipy) {
            long n = (long) row[0];
            PercentileBounds bounds = new PercentileConfidence(row[2]).interval(row[1], n);
            assertEquals(new PercentileBounds.Interval(n, (long) row[3], (long) row[4], row[5]), withCoverage(bounds, row[5]),
                    () -> "n=" + n + " q=" + row[1]);
        }
        assertEquals(new PercentileBounds.NotEnoughSamples(5, 6), ninetyFive.interval(0.5, 5));
    }

    @Test
    void ranksAreTheTightestThatHoldForEverySampleCountUpTo200() {
        MathContext context = MathContext.DECIMAL64;
        for (double q : new double[] {0.1, 0.5, 0.9, 0.99}) {
            BigDecimal odds = new BigDecimal(q).divide(BigDecimal.ONE.subtract(new BigDecimal(q)), context);
            for (int n = 1; n <= 200; n++) {
                // below[k] = P[B < k] exactly (to 16 digits), B ~ Binomial(n, q), mass by the ratio of successive terms.
                double[] below = new double[n + 2];
                BigDecimal mass = BigDecimal.ONE.subtract(new BigDecimal(q)).pow(n, context);
                BigDecimal sum = BigDecimal.ZERO;
                for (int k = 0; k <= n; k++) {
                    below[k] = sum.doubleValue();
                    sum = sum.add(mass, context);
                    mass = mass.multiply(odds, context).multiply(BigDecimal.valueOf(n - k), context)
                            .divide(BigDecimal.valueOf(k + 1), context);
                }
                below[n + 1] = 1;
                for (double confidence : new double[] {0.9, 0.95, 0.99}) {
                    checkTightest(new PercentileConfidence(confidence), q, n, below);
                }
            }
        }
    }

    private static void checkTightest(PercentileConfidence level, double q, int n, double[] below) {
        double tail = (1 - level.confidence()) / 2;
        long lower = 0; // largest l with P[B <= l - 1] <= tail
        long upper = 0; // smallest u with P[B >= u] <= tail
        for (int k = 1; k <= n; k++) {
            if (below[k] <= tail) {
                lower = k;
            }
            if (upper == 0 && 1 - below[k] <= tail) {
                upper = k;
            }
        }
        PercentileBounds bounds = level.interval(q, n);
        String where = "confidence " + level.confidence() + ", q " + q + ", n " + n;
        if (lower == 0 || upper == 0) {
            assertInstanceOf(PercentileBounds.NotEnoughSamples.class, bounds, where);
            return;
        }
        PercentileBounds.Interval interval = assertInstanceOf(PercentileBounds.Interval.class, bounds, where);
        assertEquals(lower, interval.lowerRank(), where);
        assertEquals(upper, interval.upperRank(), where);
        assertTrue(interval.coverage() >= level.confidence(), where);
        assertEquals(below[(int) upper] - below[(int) lower], interval.coverage(), 1e-12, where);
    }

    @Test
    void samplesNeededAreExactlyWhereBoundsAppear() {
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
            long interval = ninetyFive.samplesForInterval(q);
            assertInstanceOf(PercentileBounds.NotEnoughSamples.class, ninetyFive.interval(q, interval - 1), "q=" + q);
            assertInstanceOf(PercentileBounds.Interval.class, ninetyFive.interval(q, interval), "q=" + q);
            long upper = ninetyFive.samplesForUpperBound(q);
            assertInstanceOf(PercentileBounds.NotEnoughSamples.class, ninetyFive.upperBound(q, upper - 1), "q=" + q);
            assertInstanceOf(PercentileBounds.UpperBound.class, ninetyFive.upperBound(q, upper), "q=" + q);
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PercentileConfidence(1));
        assertThrows(IllegalArgumentException.class, () -> ninetyFive.interval(1, 100));
        assertThrows(IllegalArgumentException.class, () -> ninetyFive.interval(0, 100));
        assertThrows(IllegalArgumentException.class, () -> ninetyFive.interval(0.5, 0));
    }

    private static long rank(PercentileBounds bounds) {
        return assertInstanceOf(PercentileBounds.UpperBound.class, bounds).rank();
    }

    /** The interval with its coverage replaced by {@code expected} when within 1e-9 of it, for record equality. */
    private static PercentileBounds withCoverage(PercentileBounds bounds, double expected) {
        if (bounds instanceof PercentileBounds.Interval(long n, long lower, long upper, double coverage)
                && Math.abs(coverage - expected) < 1e-9) {
            return new PercentileBounds.Interval(n, lower, upper, expected);
        }
        return bounds;
    }
}
