package dev.parallax.insights.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs' figures kept in {@code run_figures} on the real engine: read back while they hold, and computed again from the
 * events after a late event, a resent one or a changed throttle episode, so a reader never sees figures the events no
 * longer give.
 */
class StoredRunFiguresTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));

    @Test
    void keptFiguresHoldUntilALateEventOrAnEpisodeChangesThem() {
        Warehouse w = warehouse.warehouse();
        SeriesKey key = new SeriesKey("sf-test", "sf-model", "INT8", "EDGE", "pi5-hailo8l");
        for (int i = 1; i <= 100; i++) {
            inference(w, "sf-" + i, T.plusSeconds(i), i);
        }
        RunSeriesReader keeping = RunSeriesReader.keeping(w, Duration.ZERO);
        RunFigures computed = only(keeping.series(key));
        assertEquals(100, computed.inferences());
        assertEquals(51, computed.value(RunMetric.P50_LATENCY_MS).orElseThrow(), "the 51st of 100, as quantileExact");
        assertEquals(0.0, computed.value(RunMetric.THROTTLED_SHARE).orElseThrow());
        assertEquals(1, kept(w, "sf-a"), "a settled run's figures are kept");

        // Read from the table while they hold: a row edited there is what every reader, the gate's too, sees.
        w.update("""
                INSERT INTO parallax.run_figures SELECT * REPLACE (777 AS p50_ms, through + INTERVAL 1 MILLISECOND AS
                    through) FROM parallax.run_figures FINAL WHERE run_id = 'sf-a'
                """);
        assertEquals(777, only(keeping.series(key)).value(RunMetric.P50_LATENCY_MS).orElseThrow());
        assertEquals(777, only(new RunSeriesReader(w).series(key)).value(RunMetric.P50_LATENCY_MS).orElseThrow());

        // A late event (a spool replayed hours later): computed again, and kept again.
        inference(w, "sf-late", T.plusSeconds(200), 0.5);
        RunFigures late = only(keeping.series(key));
        assertEquals(101, late.inferences());
        assertEquals(50, late.value(RunMetric.P50_LATENCY_MS).orElseThrow());
        assertEquals(50, only(new RunSeriesReader(w).series(key)).value(RunMetric.P50_LATENCY_MS).orElseThrow(),
                "the gate reads what was kept");

        // The same event resent: computed again, the same figures (each event counts once).
        inference(w, "sf-late", T.plusSeconds(200), 0.5);
        assertEquals(late, only(keeping.series(key)));

        // A throttle episode of its device during it, stored afterwards: inferences 50..100 s were inside it.
        FleetData.episode(w, "sf-pi", "pi5-hailo8l", T.plusSeconds(50), T.plusSeconds(100), 85, 1.4);
        assertEquals(51.0 / 101, only(keeping.series(key)).value(RunMetric.THROTTLED_SHARE).orElseThrow(), 1e-12);
        // Its amended version (ended sooner) too.
        w.update("""
                INSERT INTO parallax.throttle_episodes SELECT * REPLACE (start_time + INTERVAL 25 SECOND AS end_time,
                    2 AS version) FROM parallax.throttle_episodes FINAL WHERE device_id = 'sf-pi'
                """);
        assertEquals(26.0 / 101, only(keeping.series(key)).value(RunMetric.THROTTLED_SHARE).orElseThrow(), 1e-12);
        assertEquals(26.0 / 101, only(new RunSeriesReader(w).series(key)).value(RunMetric.THROTTLED_SHARE)
                .orElseThrow(), 1e-12);
    }

    @Test
    void aRunStillReceivingEventsAndAReaderWithoutTheGrantKeepNothing() {
        Warehouse w = warehouse.warehouse();
        SeriesKey key = new SeriesKey("sf-test-2", "sf-model", "INT8", "EDGE", "pi5-hailo8l");
        FleetData.inferences(w, "sf-b", T, 2, 10, "sf-test-2", "sf-model", "EDGE", "sf-pi-2", "pi5-hailo8l", 30, 9, 4);
        assertEquals(20, only(RunSeriesReader.keeping(w, Duration.ofHours(1)).series(key)).inferences());
        assertEquals(0, kept(w, "sf-b"), "its events were stored within the hour");
        assertEquals(20, only(new RunSeriesReader(w).series(key)).inferences());
        assertEquals(0, kept(w, "sf-b"), "a reader that only reads");
        assertEquals(20, only(RunSeriesReader.keeping(w, Duration.ZERO).series(key)).inferences());
        assertEquals(1, kept(w, "sf-b"));
    }

    /** Event {@code name}: the same name is the same event id. */
    private static void inference(Warehouse w, String name, Instant at, double latencyMs) {
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name, model_version,
                    precision, tier, device_id, device_class, runtime, latency_ms, status)
                VALUES (?, ?, 'sf-a', 'sf-test', 'sf-model', 'v1', 'INT8', 'EDGE', 'sf-pi', 'pi5-hailo8l', 'tflite', ?,
                    'OK')
                """, UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(), at, latencyMs);
    }

    private static RunFigures only(RunSeries series) {
        assertEquals(1, series.runs().size(), series.toString());
        return series.runs().getFirst();
    }

    private static long kept(Warehouse w, String runId) {
        return w.query("SELECT count() FROM parallax.run_figures FINAL WHERE run_id = ?", rs -> rs.getLong(1), runId)
                .getFirst();
    }
}
