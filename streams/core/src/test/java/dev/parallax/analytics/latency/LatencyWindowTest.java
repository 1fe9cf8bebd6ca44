package dev.parallax.analytics.latency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.latency.HeavyTailedData.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    private static final LatencyKey KEY =
            new LatencyKey("resnet-smoke", "resnet50", "v3", Precision.INT8, Tier.EDGE, "pi5-hailo8l");
    private final LatencySettings settings = LatencySettings.defaults();

    private static LatencyObservation ok(double ms) {
        return new LatencyObservation(1_000, KEY, InferenceStatus.OK, ms);
    }

    @Test
    void summarizesCountsErrorsMeanAndQuantiles() {
        LatencyWindow window = settings.newWindow();
        for (int ms = 1; ms <= 1000; ms++) {
            window.add(ok(ms));
        }
        window.add(new LatencyObservation(1_000, KEY, InferenceStatus.TIMEOUT, Double.NaN));
        window.add(new LatencyObservation(1_000, KEY, InferenceStatus.ERROR, 5_000));

        LatencySummary summary = window.summary();
        assertEquals(1002, summary.count());
        assertEquals(2, summary.errors());
        assertEquals(1000, summary.okCount());
        assertEquals(500.5, summary.meanMs(), 1e-12, "errors take no part in latency figures");
        // lower quantile of 1..1000: x[floor(q * 999)] + 1
        assertEquals(500, summary.p50Ms(), 500 * 0.005);
        assertEquals(900, summary.p90Ms(), 900 * 0.005);
        assertEquals(950, summary.p95Ms(), 950 * 0.005);
        assertEquals(990, summary.p99Ms(), 990 * 0.005);
        assertEquals(999, summary.p999Ms(), 999 * 0.005);
        assertEquals(1000, summary.maxMs());
        assertArrayEquals(window.sketch().toBytes(), summary.sketch());
    }

    @Test
    void errorsOnlyWindowHasNoLatencyFigures() {
        LatencyWindow window = settings.newWindow();
        window.add(new LatencyObservation(0, KEY, InferenceStatus.ERROR, Double.NaN));
        LatencySummary summary = window.summary();
        assertEquals(1, summary.count());
        assertEquals(1, summary.errors());
        assertTrue(Double.isNaN(summary.meanMs()));
        assertTrue(Double.isNaN(summary.p99Ms()));
        assertTrue(Double.isNaN(summary.maxMs()));
    }

    @Test
    void rangeIsTheMergeOfItsWindowsWhateverTheOrder() {
        double[] values = HeavyTailedData.sample(Shape.BIMODAL_EDGE_CLOUD, 60_000, 3);
        LatencyWindow once = settings.newWindow();
        List<LatencyWindow> minutes = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            LatencyObservation observation = i % 97 == 0
                    ? new LatencyObservation(i, KEY, InferenceStatus.ERROR, Double.NaN) : ok(values[i]);
            once.add(observation);
            if (i % 1_000 == 0) {
                minutes.add(settings.newWindow());
            }
            minutes.getLast().add(observation);
        }

        LatencyWindow forward = settings.newWindow();
        minutes.forEach(forward::merge);
        LatencyWindow backward = settings.newWindow();
        minutes.reversed().forEach(m -> backward.merge(LatencyWindow.fromBytes(m.toBytes())));

        assertArrayEquals(once.toBytes(), forward.toBytes());
        assertArrayEquals(once.toBytes(), backward.toBytes());
        assertEquals(once.summary().meanMs(), backward.summary().meanMs());

        double sum = 0;
        long ok = 0;
        for (int i = 0; i < values.length; i++) {
            if (i % 97 != 0) {
                sum += values[i];
                ok++;
            }
        }
        assertEquals(sum / ok, backward.meanMs(), 1e-6, "mean exact to the nanosecond");
    }

    @Test
    void roundTripAndCorruption() {
        LatencyWindow window = settings.newWindow().add(ok(12.5)).add(ok(0)).add(
                new LatencyObservation(0, KEY, InferenceStatus.ERROR, Double.NaN));
        LatencyWindow copy = LatencyWindow.CODEC.decode(LatencyWindow.CODEC.encode(window));
        assertEquals(3, copy.count());
        assertEquals(1, copy.errors());
        assertEquals(6.25, copy.meanMs());
        assertArrayEquals(window.toBytes(), copy.toBytes());

        byte[] bytes = window.toBytes();
        bytes[2] = 9; // count no longer agrees with the sketch
        assertThrows(StateFormatException.class, () -> LatencyWindow.fromBytes(bytes));
    }

    @Test
    void observationRequiresALatencyWhenOk() {
        assertTrue(LatencyObservation.problem(InferenceStatus.OK, Double.NaN).isPresent());
        assertTrue(LatencyObservation.problem(InferenceStatus.OK, -0.5).isPresent());
        assertTrue(LatencyObservation.problem(InferenceStatus.OK, Double.POSITIVE_INFINITY).isPresent());
        assertTrue(LatencyObservation.problem(InferenceStatus.TIMEOUT, Double.NaN).isEmpty());
        assertTrue(LatencyObservation.problem(InferenceStatus.OK, 0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ok(-1));
    }

    @Test
    void keyRoundTrips() {
        assertEquals(KEY, LatencyKey.CODEC.decode(LatencyKey.CODEC.encode(KEY)));
    }
}
