package dev.parallax.analytics.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricChangeTest {

    private static final ChangePointSettings FLOOR_5 = new ChangePointSettings(50, 0.001, 0.05);

    /** 40 runs at {@code level}, then 20 at {@code level * (1 + change)}, with 1 % noise. */
    private static double[] step(double level, double change) {
        SplittableRandom random = new SplittableRandom(16);
        double[] values = new double[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i < 40 ? level : level * (1 + change)) * (1 + 0.01 * random.nextGaussian());
        }
        return values;
    }

    @Test
    void aLatencyRiseIsARegressionAndAFallIsNot() {
        List<MetricChange> up = MetricChange.find(RunMetric.P99_LATENCY_MS, FLOOR_5, step(20, 0.10));
        assertEquals(1, up.size(), up.toString());
        assertEquals(40, up.getFirst().index());
        assertTrue(up.getFirst().regression());
        assertEquals(0.10, up.getFirst().shift().relativeChange(), 0.01);
        assertTrue(up.getFirst().shift().pValue() < 0.001);

        List<MetricChange> down = MetricChange.find(RunMetric.P99_LATENCY_MS, FLOOR_5, step(20, -0.10));
        assertEquals(1, down.size(), down.toString());
        assertFalse(down.getFirst().regression());
    }

    @Test
    void anSqnrFallIsARegression() {
        List<MetricChange> down = MetricChange.find(RunMetric.SQNR_DB, FLOOR_5, step(40, -0.25));
        assertEquals(40, down.getFirst().index());
        assertTrue(down.getFirst().regression());
    }

    @Test
    void aSignificantStepBelowTheFloorIsNoChange() {
        double[] values = step(20, 0.03);
        assertEquals(List.of(), MetricChange.find(RunMetric.P50_LATENCY_MS, FLOOR_5, values));
        List<MetricChange> withoutFloor = MetricChange.find(RunMetric.P50_LATENCY_MS,
                new ChangePointSettings(50, 0.001, 0), values);
        assertEquals(1, withoutFloor.size(), "significant, only small");
        assertEquals(40, withoutFloor.getFirst().index());
    }

    @Test
    void theNewestRunAloneCanStartARegression() {
        // A CI gate judges the run just made: one run after the step is enough when the step is clear of the noise.
        double[] values = Arrays.copyOf(step(20, 0.10), 41);
        List<MetricChange> changes = MetricChange.find(RunMetric.P99_LATENCY_MS, FLOOR_5, values);
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(40, changes.getFirst().index());
        assertEquals(1, changes.getFirst().shift().runsAfter());
        assertTrue(changes.getFirst().regression());
    }
}
