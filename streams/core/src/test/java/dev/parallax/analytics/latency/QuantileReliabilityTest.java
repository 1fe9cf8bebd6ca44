package dev.parallax.analytics.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantileReliabilityTest {

    private final QuantileReliability mlperf = LatencySettings.defaults().reliability();

    @Test
    void reproducesMlperfEarlyStoppingMinimums() {
        assertEquals(64, mlperf.minimumSamples(0.90));
        assertEquals(662, mlperf.minimumSamples(0.99));
        assertEquals(6_636, mlperf.minimumSamples(0.999));
    }

    @Test
    void p99MayAlertFrom662Samples() {
        assertFalse(mlperf.isReliable(0.99, 661));
        assertTrue(mlperf.isReliable(0.99, 662));
        assertFalse(mlperf.isReliable(1.0, Long.MAX_VALUE - 1), "the maximum is never a reliable statistic");
    }

    @Test
    void boundIsTheBinomialTail() {
        // Directly: P[Bin(662, 0.01) <= 1] <= 0.01 < P[Bin(661, 0.01) <= 1].
        assertTrue(tail(662, 0.01) <= 0.01);
        assertTrue(tail(661, 0.01) > 0.01);
        // A laxer confidence needs fewer samples.
        assertTrue(new QuantileReliability(0.9).minimumSamples(0.99) < 662);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new QuantileReliability(1));
        assertThrows(IllegalArgumentException.class, () -> mlperf.minimumSamples(-0.1));
    }

    private static double tail(int n, double p) {
        return Math.pow(1 - p, n) + n * p * Math.pow(1 - p, n - 1);
    }
}
