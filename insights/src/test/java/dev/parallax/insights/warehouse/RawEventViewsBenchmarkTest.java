package dev.parallax.insights.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.insights.WarehouseFixture;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the materialized views on the raw tables cost an insert: {@code run_hours} (V028), {@code run_arrivals}
 * (V031) and {@code device_heard} (V035) run on every insert into {@code inference_events}. The same rows go into
 * {@code inference_events} and into a copy of it without views, in turns, and the rates are printed side by side.
 * Server side only ({@code INSERT ... SELECT} from a staged copy): what the sink's transport costs is the same for
 * both.
 *
 * <p>{@code mvn -pl insights -am test -Dtest=RawEventViewsBenchmarkTest -Dgroups=benchmark
 * -Dtest.excludedGroups=none -Dtest.redirectOutput=false -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class RawEventViewsBenchmarkTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    static final long ROWS = 1_000_000;
    static final int TURNS = 3;

    @Test
    void insertsWithAndWithoutTheViews() {
        Warehouse w = warehouse.warehouse();
        w.update("CREATE TABLE parallax.bench_events_staged AS parallax.inference_events");
        w.update("CREATE TABLE parallax.bench_events_plain AS parallax.inference_events");
        // 400 series of 28 runs each, a run on 8 of 1,000 devices, over a week: the page benchmark's fleet's shape.
        w.update("""
                INSERT INTO parallax.bench_events_staged (event_id, event_time, run_id, test_id, model_name,
                    model_version, precision, tier, device_id, device_class, runtime, latency_ms, status, power_w,
                    idle_power_w)
                SELECT generateUUIDv4(number), now64(3) - toIntervalMillisecond(intDiv(number * 604800000, ?)),
                    concat('bench-run-', toString(number % 400), '-', toString(intDiv(number * 28, ?))),
                    concat('bench-test-', toString(number % 200)), concat('bench-model-', toString(number % 20)), 'v1',
                    if(number % 400 < 200, 'INT8', 'FP32'), if(number % 400 < 200, 'EDGE', 'CLOUD'),
                    concat('device-', toString((number % 400 * 8 + number % 8) % 1000)), 'pi5-hailo8l', 'onnxruntime',
                    20 + randNormal(0, 2), 'OK', 9, 4
                FROM numbers(?)
                """, ROWS, ROWS, ROWS);
        double[] viewed = new double[TURNS];
        double[] plain = new double[TURNS];
        for (int turn = 0; turn < TURNS; turn++) {
            plain[turn] = rate(w, "parallax.bench_events_plain");
            viewed[turn] = rate(w, "parallax.inference_events");
        }
        assertEquals(TURNS * ROWS, w.query("SELECT count() FROM parallax.inference_events", rs -> rs.getLong(1))
                .getFirst());
        double viewedMedian = median(viewed);
        double plainMedian = median(plain);
        System.out.printf(Locale.ROOT, "%ninserts of %,d raw events, rows/s (median of %d turns, each turn both):%n",
                ROWS, TURNS);
        System.out.printf(Locale.ROOT, "  a copy of inference_events without views (baseline) : %,12.0f%n",
                plainMedian);
        System.out.printf(Locale.ROOT, "  inference_events with its 3 views                    : %,12.0f  (%.2f x)%n",
                viewedMedian, viewedMedian / plainMedian);
        System.out.printf(Locale.ROOT, "  rows in the views' tables: run_hours %,d, run_arrivals %,d, device_heard %,d%n",
                count(w, "run_hours"), count(w, "run_arrivals"), count(w, "device_heard"));
        w.update("DROP TABLE parallax.bench_events_staged");
        w.update("DROP TABLE parallax.bench_events_plain");
    }

    private static double rate(Warehouse w, String table) {
        long start = System.nanoTime();
        w.update("INSERT INTO " + table + " SELECT * FROM parallax.bench_events_staged");
        return ROWS / ((System.nanoTime() - start) / 1e9);
    }

    private static long count(Warehouse w, String table) {
        return w.query("SELECT count() FROM parallax." + table, rs -> rs.getLong(1)).getFirst();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
