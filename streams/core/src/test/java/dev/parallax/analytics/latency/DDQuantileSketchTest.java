package dev.parallax.analytics.latency;

import static dev.parallax.analytics.latency.HeavyTailedData.exactQuantile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.latency.HeavyTailedData.Shape;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DDQuantileSketchTest {

    private static final double ACCURACY = LatencySettings.DEFAULT_RELATIVE_ACCURACY;
    /** Quantiles the windows report, plus the extremes and some in between. */
    private static final double[] QUANTILES = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999,
            0.9999, 1};
    /** SPEC §3: every reported quantile within 1 % of the exact one. */
    private static final double SPEC_BOUND = 0.01;

    static Stream<Arguments> datasets() {
        return Stream.of(Shape.values()).flatMap(shape -> Stream.of(1, 2, 7, 100, 10_000, 1_000_000)
                .map(n -> Arguments.of(shape, n)));
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("datasets")
    void everyQuantileWithinRelativeAccuracyOfExact(Shape shape, int n) {
        double[] values = HeavyTailedData.sample(shape, n, 42L * n + shape.ordinal());
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        Arrays.stream(values).forEach(sketch::add);

        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertEquals(n, sketch.count());
        assertEquals(sorted[0], sketch.min());
        assertEquals(sorted[n - 1], sketch.max());
        for (double q : QUANTILES) {
            double exact = exactQuantile(sorted, q);
            double error = Math.abs(sketch.quantile(q) - exact) / exact;
            assertTrue(error <= ACCURACY * (1 + 1e-9), () -> "q=" + q + " error " + error);
            assertTrue(error <= SPEC_BOUND);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void mergingManyWindowsEqualsSketchingOnceByteForByte(Shape shape) {
        double[] values = HeavyTailedData.sample(shape, 200_000, 7);
        DDQuantileSketch once = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        Arrays.stream(values).forEach(once::add);

        // 1,000 windows of varying size, merged in reverse order through an encode/decode round trip each.
        DDQuantileSketch merged = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        int end = values.length;
        for (int w = 0; end > 0; w++) {
            int start = Math.max(0, end - 50 - (w * 37) % 300);
            DDQuantileSketch window = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
            for (int i = start; i < end; i++) {
                window.add(values[i]);
            }
            merged.merge(DDQuantileSketch.fromBytes(window.toBytes()));
            end = start;
        }

        assertArrayEquals(once.toBytes(), merged.toBytes());
        assertEquals(values.length, merged.count());
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double exact = exactQuantile(sorted, q);
            assertTrue(Math.abs(merged.quantile(q) - exact) / exact <= ACCURACY * (1 + 1e-9), "q=" + q);
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(Shape.values());
    }

    @Test
    void roundTripPreservesEverything() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.01);
        for (double v : new double[] {0, 0, 1e-320, 0.25, 3, 3, 3, 1e9}) {
            sketch.add(v);
        }
        DDQuantileSketch copy = DDQuantileSketch.fromBytes(sketch.toBytes());
        assertEquals(8, copy.count());
        assertEquals(0, copy.min());
        assertEquals(1e9, copy.max());
        assertEquals(0.01, copy.relativeAccuracy());
        for (double q : QUANTILES) {
            assertEquals(sketch.quantile(q), copy.quantile(q));
        }
        assertArrayEquals(sketch.toBytes(), copy.toBytes());
        assertEquals(0, copy.quantile(0.25), "zeros are counted in the zero bucket");
    }

    @Test
    void encodingIsCompact() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        Arrays.stream(HeavyTailedData.sample(Shape.LOGNORMAL, 10_000, 1)).forEach(sketch::add);
        int size = sketch.toBytes().length;
        // sigma 1 spans ~8 e-folds: ~800 buckets of 0.5 %, at ~2-3 bytes each.
        assertTrue(size < 3_000, "encoded size " + size);
    }

    @Test
    void emptySketch() {
        DDQuantileSketch empty = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        assertTrue(empty.isEmpty());
        assertTrue(Double.isNaN(empty.quantile(0.5)));
        assertTrue(Double.isNaN(empty.min()));
        assertTrue(Double.isNaN(empty.max()));
        DDQuantileSketch copy = DDQuantileSketch.fromBytes(empty.toBytes());
        assertTrue(copy.isEmpty());
        copy.merge(empty);
        assertTrue(copy.isEmpty());
    }

    @Test
    void copyIsIndependent() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        sketch.add(5);
        DDQuantileSketch copy = sketch.copy();
        copy.add(500);
        assertEquals(1, sketch.count());
        assertEquals(5, sketch.max());
        assertEquals(500, copy.max());
    }

    @Test
    void rejectsInvalidValuesQuantilesAndMerges() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        assertThrows(IllegalArgumentException.class, () -> sketch.add(-1));
        assertThrows(IllegalArgumentException.class, () -> sketch.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sketch.add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> sketch.quantile(1.5));
        assertThrows(IllegalArgumentException.class,
                () -> sketch.merge(DDQuantileSketch.withRelativeAccuracy(0.01)));
        assertThrows(IllegalArgumentException.class, () -> DDQuantileSketch.withRelativeAccuracy(0));
    }

    @Test
    void rejectsCorruptedBytes() {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(ACCURACY);
        sketch.add(12);
        byte[] bytes = sketch.toBytes();
        assertThrows(StateFormatException.class, () -> DDQuantileSketch.fromBytes(Arrays.copyOf(bytes, 10)));
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(StateFormatException.class, () -> DDQuantileSketch.fromBytes(trailing));
        byte[] wrongTag = bytes.clone();
        wrongTag[0] = 0;
        assertThrows(StateFormatException.class, () -> DDQuantileSketch.fromBytes(wrongTag));
    }
}
