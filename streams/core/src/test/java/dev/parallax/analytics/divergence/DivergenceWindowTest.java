package dev.parallax.analytics.divergence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.codec.StateFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DivergenceWindowTest {

    private final DivergenceSettings settings = DivergenceSettings.defaults();

    private static PairMetrics pair(boolean agree, double cosine, double sqnr, double maxAbs, double kl) {
        return new PairMetrics(agree, 1, cosine, maxAbs, maxAbs / 2, sqnr, kl);
    }

    private static final List<PairMetrics> PAIRS = List.of(
            pair(true, 0.99, 40, 0.25, 0.1),
            pair(true, 0.95, 20, 0.5, 0.2),
            pair(false, 1.0, Double.POSITIVE_INFINITY, 0, 0.3),
            pair(true, 0.90, Double.NEGATIVE_INFINITY, 2, Double.NaN));

    @Test
    void summarizesHandMadePairs() {
        DivergenceWindow window = settings.newWindow();
        PAIRS.forEach(window::add);
        window.addUnmatched().addUnmatched();

        DivergenceSummary summary = window.summary();
        assertEquals(4, summary.pairs());
        assertEquals(0.25, summary.flipRate());
        assertEquals(0.2, summary.klMean(), 1e-15, "mean over the three pairs with a KL");
        assertEquals(0.2, summary.klP95(), 0.2 * 0.005, "lower quantile x[floor(0.95 * 2)] = x[1] of {.1, .2, .3}");
        assertEquals(0.90, summary.cosineMin());
        assertEquals(0.96, summary.cosineMean(), 1e-15);
        assertEquals((40 + 20 + 150 - 150) / 4.0, summary.sqnrMeanDb(), 1e-12, "infinities capped at ±150 dB");
        assertEquals(0.5, summary.maxAbsErrP99(), 0.5 * 0.005, "x[floor(0.99 * 3)] of {0, .25, .5, 2}");
        assertEquals(2, summary.unmatched());
    }

    @Test
    void emptyWindowHasNoFigures() {
        DivergenceSummary summary = settings.newWindow().addUnmatched().summary();
        assertEquals(0, summary.pairs());
        assertEquals(1, summary.unmatched());
        assertTrue(Double.isNaN(summary.flipRate()));
        assertTrue(Double.isNaN(summary.klMean()));
        assertTrue(Double.isNaN(summary.cosineMin()));
        assertTrue(Double.isNaN(summary.sqnrMeanDb()));
        assertTrue(Double.isNaN(summary.maxAbsErrP99()));
        assertTrue(settings.tolerance().isWithin(summary), "no pairs, no evidence of drift");
    }

    @Test
    void mergeEqualsAggregatingOnceAndRoundTrips() {
        DivergenceWindow once = settings.newWindow();
        PAIRS.forEach(once::add);
        once.addUnmatched();

        DivergenceWindow first = settings.newWindow().add(PAIRS.get(0)).add(PAIRS.get(1));
        DivergenceWindow second = settings.newWindow().add(PAIRS.get(2)).add(PAIRS.get(3)).addUnmatched();
        DivergenceWindow merged = DivergenceWindow.fromBytes(first.toBytes())
                .merge(DivergenceWindow.CODEC.decode(DivergenceWindow.CODEC.encode(second)));

        assertEquals(once.summary(), merged.summary());
        assertArrayEquals(once.toBytes(), merged.toBytes());

        byte[] bytes = once.toBytes();
        bytes[11] = 7; // more top-1 agreements than pairs
        assertThrows(StateFormatException.class, () -> DivergenceWindow.fromBytes(bytes));
    }

    @Test
    void toleranceChecksEachBound() {
        DriftTolerance tolerance = DriftTolerance.defaults();
        assertTrue(tolerance.isWithin(new DivergenceSummary(100, 0.01, 0.001, 0.002, 0.98, 0.99, 30, 0.1, 0)));
        assertEquals(List.of("flip rate 2 % > 1 %", "mean SQNR 29.9 dB < 30 dB", "mean cosine 0.9800 < 0.9900"),
                tolerance.breaches(new DivergenceSummary(100, 0.02, 0, 0, 0.9, 0.98, 29.9, 0.1, 0)));

        DriftTolerance lax = DriftTolerance.builder().maxFlipRate(0.05).minMeanSqnrDb(20).minMeanCosine(0.9).build();
        assertTrue(lax.isWithin(new DivergenceSummary(100, 0.02, 0, 0, 0.9, 0.98, 29.9, 0.1, 0)));
        assertThrows(IllegalArgumentException.class, () -> DriftTolerance.builder().maxFlipRate(2).build());
    }

    @Test
    void keyRoundTrips() {
        DivergenceKey key = new DivergenceKey("resnet50", dev.parallax.analytics.Precision.INT8, "coral-usb");
        assertEquals(key, DivergenceKey.CODEC.decode(DivergenceKey.CODEC.encode(key)));
    }
}
