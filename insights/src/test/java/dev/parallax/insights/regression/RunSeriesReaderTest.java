package dev.parallax.insights.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each run's figures of a series, read from seeded inferences, divergence pairs, throttle episodes and run events. */
class RunSeriesReaderTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
    static final SeriesKey KEY = new SeriesKey("rs-test", "rs-model", "INT8", "EDGE", "pi5-hailo8l");

    @Test
    void eachRunsFiguresInOrderOfItsStart() {
        Warehouse w = warehouse.warehouse();
        // Run a: 100 inferences of 1..100 ms at 9 W over 4 W idle; 4 pairs, one flipped.
        for (int i = 1; i <= 100; i++) {
            w.update("""
                    INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name,
                        model_version, precision, tier, device_id, device_class, runtime, latency_ms, status, power_w,
                        idle_power_w)
                    VALUES (?, ?, 'rs-a', 'rs-test', 'rs-model', 'v1', 'INT8', 'EDGE', 'rs-pi', 'pi5-hailo8l', 'tflite',
                        ?, 'OK', 9, 4)
                    """, UUID.randomUUID().toString(), T.plusSeconds(i), (double) i);
        }
        for (int i = 0; i < 4; i++) {
            FleetData.divergencePair(w, "rs-a", "rs-test", "rs-model", "INT8", "pi5-hailo8l", T.plusSeconds(i), i > 0,
                    30 + 4 * i);
        }
        // Run b: inferences an hour later at idle power, half of them inside a throttle episode of the device; no pairs.
        // Its STARTED event is before run a's first inference, so it comes first.
        Instant b = T.plus(Duration.ofHours(1));
        FleetData.inferences(w, "rs-b", b.plus(Duration.ofMinutes(2)), 2, 10, "rs-test", "rs-model", "EDGE", "rs-pi",
                "pi5-hailo8l", 20, 0, 0);
        FleetData.episode(w, "rs-pi", "pi5-hailo8l", b.plus(Duration.ofMinutes(1)), b.plus(Duration.ofMinutes(3)), 85,
                1.5);
        w.update("""
                INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger) VALUES (?, ?, 'rs-b', 'STARTED', 'PR')
                """, UUID.randomUUID().toString(), T.minusSeconds(60));

        RunSeries series = new RunSeriesReader(w).series(KEY);
        assertEquals(List.of("rs-b", "rs-a"), series.runs().stream().map(RunFigures::runId).toList());
        RunFigures first = series.runs().getFirst();
        assertEquals(T.minusSeconds(60), first.start());
        assertEquals(20, first.inferences());
        assertEquals(Map.of(RunMetric.P50_LATENCY_MS, 20.0, RunMetric.P99_LATENCY_MS, 20.0, RunMetric.ENERGY_J, 0.0,
                RunMetric.THROTTLED_SHARE, 0.5), first.values(), "no divergence pairs: no flip rate, no SQNR");

        RunFigures a = series.runs().get(1);
        assertEquals(T.plusSeconds(1), a.start(), "no run event: its first inference");
        assertEquals(100, a.inferences());
        assertEquals(50, a.value(RunMetric.P50_LATENCY_MS).orElseThrow(), 1.0);
        assertEquals(99, a.value(RunMetric.P99_LATENCY_MS).orElseThrow(), 1.0);
        // (9 - 4) W x mean 50.5 ms
        assertEquals(5 * 50.5 / 1000, a.value(RunMetric.ENERGY_J).orElseThrow(), 1e-9);
        assertEquals(0.25, a.value(RunMetric.FLIP_RATE).orElseThrow(), 1e-12);
        assertEquals(36, a.value(RunMetric.SQNR_DB).orElseThrow(), 1e-12);
        assertEquals(0, a.value(RunMetric.THROTTLED_SHARE).orElseThrow());
        assertEquals(List.of(series.runs().get(1)), series.runsWith(RunMetric.FLIP_RATE));

        assertEquals(List.of(KEY), new RunSeriesReader(w).keysOfRun("rs-a"));
        assertFalse(new RunSeriesReader(w).keysActiveBetween(T, T.plus(Duration.ofHours(2))).isEmpty());
    }

    @Test
    void severalSeriesAreReadTogetherAsEachAlone() {
        Warehouse w = warehouse.warehouse();
        Instant t = T.minus(Duration.ofHours(6));
        for (int i = 0; i < 3; i++) {
            FleetData.inferences(w, "rb-" + i, t.plus(Duration.ofHours(i)), 1, 10, "rb-test", "rb-model", "EDGE",
                    "rb-pi", "pi5-hailo8l", 40 + i, 9, 4);
            FleetData.inferences(w, "rb-" + i, t.plus(Duration.ofHours(i)), 1, 5, "rb-test", "rb-model", "CLOUD",
                    "rb-gpu", "cloud-a10g", 8 + i, 150, 60);
            FleetData.divergencePair(w, "rb-" + i, "rb-test", "rb-model", "INT8", "pi5-hailo8l", t.plus(
                    Duration.ofHours(i)), i != 1, 30);
        }
        SeriesKey edge = new SeriesKey("rb-test", "rb-model", "INT8", "EDGE", "pi5-hailo8l");
        SeriesKey cloud = new SeriesKey("rb-test", "rb-model", "FP32", "CLOUD", "cloud-a10g");
        SeriesKey none = new SeriesKey("rb-test", "rb-model", "INT8", "EDGE", "coral-usb");
        RunSeriesReader reader = new RunSeriesReader(w);

        Map<SeriesKey, RunSeries> together = reader.series(List.of(cloud, edge, none));
        assertEquals(Map.of(edge, reader.series(edge), cloud, reader.series(cloud), none, new RunSeries(none, List.of())),
                together);
        assertEquals(List.of("rb-0", "rb-1", "rb-2"), together.get(edge).runs().stream().map(RunFigures::runId).toList());
        assertEquals(List.of(0.0, 1.0, 0.0), together.get(edge).runs().stream()
                .map(r -> r.value(RunMetric.FLIP_RATE).orElseThrow()).toList(), "each run its own pairs");
        assertEquals(List.of(8.0, 9.0, 10.0), together.get(cloud).runs().stream()
                .map(r -> r.value(RunMetric.P50_LATENCY_MS).orElseThrow()).toList());
        assertTrue(together.get(cloud).runsWith(RunMetric.FLIP_RATE).isEmpty(), "the edge's pairs are not the cloud's");
    }

    /**
     * The background analysis picks series by when their events were stored: a run of three days ago uploaded now (a
     * spool replayed after days offline) is among them, though it made no inference in the last day.
     */
    @Test
    void theSeriesOfARunUploadedLateAreAmongThoseStoredSince() throws InterruptedException {
        Warehouse w = warehouse.warehouse();
        Instant now = Instant.now();
        SeriesKey late = new SeriesKey("rs-late", "rs-model", "INT8", "EDGE", "pi5-hailo8l");
        SeriesKey later = new SeriesKey("rs-later", "rs-model", "INT8", "EDGE", "pi5-hailo8l");
        FleetData.inferences(w, "rs-late-1", now.minus(Duration.ofDays(3)), 2, 5, "rs-late", "rs-model", "EDGE",
                "rs-pi-late", "pi5-hailo8l", 20, 0, 0);
        RunSeriesReader reader = new RunSeriesReader(w);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        assertFalse(reader.keysActiveBetween(dayAgo, now).contains(late), "no inference of it in the last day");
        assertTrue(reader.keysStoredSince(dayAgo).contains(late), "but stored in the last day");

        Thread.sleep(50); // the engine stamps stores to the millisecond
        Instant between = Instant.now();
        Thread.sleep(50);
        FleetData.inferences(w, "rs-later-1", now.minus(Duration.ofDays(3)), 2, 5, "rs-later", "rs-model", "EDGE",
                "rs-pi-late", "pi5-hailo8l", 20, 0, 0);
        List<SeriesKey> since = reader.keysStoredSince(between);
        assertTrue(since.contains(later) && !since.contains(late), "stored after the moment, or not: " + since);
    }
}
