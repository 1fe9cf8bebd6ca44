package dev.parallax.analytics.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.latency.DDQuantileSketch;
import org.junit.jupiter.api.Test;

class PercentileTest {

    private static final PercentileConfidence LEVEL = new PercentileConfidence(0.95);

    @Test
    void aSketchOfEnoughSamplesGivesTheIntervalOfItsRanks() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
        for (int i = 1; i <= 1000; i++) {
            sketch.add(i);
        }
        Percentile p99 = Percentile.of(sketch, 0.99, LEVEL);
        assertTrue(p99.bounded());
        // scipy: at n = 1000, q = 0.99, 95 %: ranks 983 and 997.
        assertEquals(983, p99.lower(), 983 * 0.005);
        assertEquals(997, p99.upper(), 997 * 0.005);
        assertTrue(p99.lower() <= p99.value() && p99.value() <= p99.upper());
        String shown = Figures.tail(p99, " ms");
        assertTrue(shown.matches("9\\d\\d ms \\(95 % CI 9\\d\\d – 9\\d\\d\\)"), shown);
    }

    @Test
    void tooFewSamplesSayHowManyAreNeeded() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
        for (int i = 1; i <= 100; i++) {
            sketch.add(40);
        }
        Percentile p99 = Percentile.of(sketch, 0.99, LEVEL);
        assertFalse(p99.bounded());
        assertEquals(368, p99.needed());
        String shown = Figures.tail(p99, " ms");
        assertTrue(shown.matches("(39.9|40|40.1) ms \\(not enough samples: 100 of 368\\)"), shown);
        assertEquals(Figures.NOT_ENOUGH_DATA, Figures.tail(Percentile.of(DDQuantileSketch.withRelativeAccuracy(0.005),
                0.5, LEVEL), " ms"));
    }

    @Test
    void anExactValueTakesItsIntervalFromTheSortedSamples() {
        double[] sorted = new double[20];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = 10 * (i + 1);
        }
        Percentile median = Percentile.of(105, sorted, 0.5, LEVEL);
        assertEquals("105 (95 % CI 60 – 150)", Figures.tail(median, ""));
        assertEquals("100 (95 % CI 60 – 150)", Figures.tail(Percentile.of(sorted, 0.5, LEVEL), ""), "x[floor(0.5 × 19)]");
        assertEquals("not enough samples: 0 of 6", Figures.interval(Percentile.of(Double.NaN, new double[0], 0.5, LEVEL), " ms"));
    }
}
