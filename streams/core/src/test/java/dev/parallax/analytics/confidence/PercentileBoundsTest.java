package dev.parallax.analytics.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parallax.analytics.latency.DDQuantileSketch;
import org.junit.jupiter.api.Test;

class PercentileBoundsTest {

    @Test
    void boundsAreReadFromSortedSamplesByRank() {
        double[] sorted = new double[20];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = 10 * (i + 1);
        }
        PercentileBounds.Interval median = assertInstanceOf(PercentileBounds.Interval.class,
                new PercentileConfidence(0.95).interval(0.5, 20));
        assertEquals(60, median.lower(sorted)); // rank 6
        assertEquals(150, median.upper(sorted)); // rank 15
        assertThrows(IllegalArgumentException.class, () -> median.lower(new double[19]));
    }

    @Test
    void everyRankIsReadFromASketchWithinItsRelativeAccuracy() {
        for (int n : new int[] {1, 2, 3, 10, 999, 5000}) {
            DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
            for (int i = n; i >= 1; i--) {
                sketch.add(i);
            }
            for (int rank = 1; rank <= n; rank++) {
                double read = sketch.quantile(PercentileBounds.sketchQuantile(rank, n));
                assertEquals(rank, read, rank * 0.005 + 1e-9, "n=" + n + " rank=" + rank);
            }
        }
    }

    @Test
    void theUpperBoundOfAP99IsReadFromASketch() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
        for (int i = 1; i <= 1000; i++) {
            sketch.add(i);
        }
        PercentileBounds.UpperBound bound = assertInstanceOf(PercentileBounds.UpperBound.class,
                new PercentileConfidence(0.95).upperBound(0.99, 1000));
        assertEquals(bound.rank(), bound.value(sketch), bound.rank() * 0.005);
        assertThrows(IllegalArgumentException.class, () -> bound.value(DDQuantileSketch.withRelativeAccuracy(0.005)));
    }

    @Test
    void ranksOutsideTheSamplesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PercentileBounds.sketchQuantile(0, 10));
        assertThrows(IllegalArgumentException.class, () -> PercentileBounds.sketchQuantile(11, 10));
    }
}
