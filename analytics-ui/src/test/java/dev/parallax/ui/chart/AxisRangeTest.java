package dev.parallax.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AxisRangeTest {

    @Test
    void theToleranceLineIsAlwaysInside() {
        AxisRange range = AxisRange.fit(new double[] {0.9951, 0.9952, 0.99}, 0.01, -1, 1);
        assertTrue(range.contains(0.99) && range.contains(0.9952), range.toString());
        AxisRange sqnr = AxisRange.fit(new double[] {62, 63, 40}, 5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        assertTrue(sqnr.contains(40) && sqnr.contains(63), sqnr.toString());
    }

    @Test
    void noiseKeepsAtLeastTheMinimumSpan() {
        AxisRange range = AxisRange.fit(new double[] {0.5, 0.5000001, 0.4999999}, 0.01, 0, 1);
        assertTrue(range.max() - range.min() >= 0.01, range.toString());
        assertTrue(range.contains(0.5000001) && range.contains(0.4999999));
    }

    @Test
    void aCosineNeverRunsAboveOne() {
        AxisRange range = AxisRange.fit(new double[] {0.9999, 1.0, 0.99}, 0.01, -1, 1);
        assertEquals(1, range.max());
        assertTrue(range.max() - range.min() >= 0.01 && range.contains(0.99), range.toString());
        AxisRange flips = AxisRange.fit(new double[] {0, 0, 0.01}, 0.01, 0, 1);
        assertEquals(0, flips.min());
    }

    @Test
    void nothingFiniteLeavesTheAxisToTheLibrary() {
        assertNull(AxisRange.fit(new double[] {Double.NaN}, 1, 0, 1));
    }
}
