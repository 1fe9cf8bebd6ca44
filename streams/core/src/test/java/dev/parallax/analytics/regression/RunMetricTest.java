package dev.parallax.analytics.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunMetricTest {

    @Test
    void higherIsWorseExceptForSqnr() {
        for (RunMetric metric : RunMetric.values()) {
            boolean sqnr = metric == RunMetric.SQNR_DB;
            assertEquals(!sqnr, metric.worsens(10, 11), metric + " up");
            assertEquals(sqnr, metric.worsens(11, 10), metric + " down");
            assertFalse(metric.worsens(10, 10), metric + " unchanged");
        }
    }

    @Test
    void theStoredIdNamesTheMetric() {
        assertEquals("p99_latency_ms", RunMetric.P99_LATENCY_MS.id());
        for (RunMetric metric : RunMetric.values()) {
            assertEquals(metric, RunMetric.ofId(metric.id()));
        }
        assertTrue(RunMetric.THROTTLED_SHARE.unit().isEmpty());
    }
}
