package dev.parallax.insights.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.insights.InTurns;
import dev.parallax.insights.WarehouseFixture;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the raw tables' materialized views and projections cost an insert. Every insert into {@code inference_events}
 * runs {@code run_hours} (V028), {@code run_arrivals} (V031) and {@code device_heard} (V035) and writes its
 * {@code by_arrival} projection (V041); every insert into {@code device_samples} runs {@code device_heard} (V036) and
 * writes {@code by_arrival} and {@code by_time} (V040). The same rows go into each table and into a copy of it without
 * views or projections, in turns, and the rates are printed side by side. Server side only ({@code INSERT ... SELECT}
 * from a staged copy): what the sink's transport costs is the same for both.
 *
 * <p>{@code mvn -pl insights -am test -Dtest=RawEventWritesBenchmarkTest -Dgroups=benchmark
 * -Dtest.excludedGroups=none -Dtest.redirectOutput=false -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class RawEventWritesBenchmarkTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    static final long ROWS = 1_000_000;
    static final int TURNS = 3;

    @Test
    void insertsWithAndWithoutTheViewsAndProjections() {
        Warehouse w = warehouse.warehouse();
        System.out.printf(Locale.ROOT, "%ninserts of %,d raw rows, rows/s (median of %d turns, each turn both):%n",
                ROWS, TURNS);
        // 400 series of 28 runs each, a run on 8 of 1,000 devices, over a week: the page benchmark's fleet's shape.
        compare(w, "inference_events", "its 3 views and 1 projection", """
                INSERT INTO parallax.bench_staged (event_id, event_time, received_at, run_id, test_id, model_name,
                    model_version, precision, tier, device_id, device_class, runtime, latency_ms, status, power_w,
                    idle_power_w, temperature_c)
                SELECT generateUUIDv4(number), now64(3) - toIntervalMillisecond(intDiv(number * 604800000, ?)),
                    now64(3) - toIntervalMillisecond(intDiv(number * 604800000, ?) - 40),
                    concat('bench-run-', toString(number % 400), '-', toString(intDiv(number * 28, ?))),
                    concat('bench-test-', toString(number % 200)), concat('bench-model-', toString(number % 20)), 'v1',
                    if(number % 400 < 200, 'INT8', 'FP32'), if(number % 400 < 200, 'EDGE', 'CLOUD'),
                    concat('device-', toString((number % 400 * 8 + number % 8) % 1000)), 'pi5-hailo8l', 'onnxruntime',
                    20 + randNormal(0, 2), 'OK', 9, 4, 60 + randNormal(0, 5)
                FROM numbers(?)
                """, ROWS, ROWS, ROWS, ROWS);
        // A sample a minute from each of 1,000 devices, over a week.
        compare(w, "device_samples", "its 1 view and 2 projections", """
                INSERT INTO parallax.bench_staged (event_id, event_time, received_at, device_id, device_class, tier,
                    temperature_c, power_w, throttle_flags, cpu_freq_mhz)
                SELECT generateUUIDv4(number), now64(3) - toIntervalMillisecond(intDiv(number * 604800000, ?)),
                    now64(3) - toIntervalMillisecond(intDiv(number * 604800000, ?) - 40),
                    concat('device-', toString(number % 1000)), 'pi5-hailo8l', 'EDGE', 60 + randNormal(0, 5), 9, 0, 2400
                FROM numbers(?)
                """, ROWS, ROWS, ROWS);
        System.out.printf(Locale.ROOT, "  rows in the views' tables: run_hours %,d, run_arrivals %,d, device_heard %,d%n",
                count(w, "run_hours"), count(w, "run_arrivals"), count(w, "device_heard"));
    }

    /** Stages the rows once, then inserts them into {@code table} and into a bare copy of it, in turns. */
    private static void compare(Warehouse w, String table, String what, String stage, Object... params) {
        w.update("CREATE TABLE parallax.bench_staged AS parallax." + table);
        w.update("CREATE TABLE parallax.bench_bare AS parallax." + table);
        // A copy takes the table's projections along; the views are the source table's, not the copy's.
        w.query("SELECT name FROM system.projections WHERE database = 'parallax' AND table = ?", rs -> rs.getString(1),
                table).forEach(p -> {
                    w.update("ALTER TABLE parallax.bench_staged DROP PROJECTION " + p);
                    w.update("ALTER TABLE parallax.bench_bare DROP PROJECTION " + p);
                });
        w.update(stage, params);
        InTurns rates = InTurns.of(TURNS, () -> rate(w, "parallax.bench_bare"), () -> rate(w, "parallax." + table));
        assertEquals(TURNS * ROWS, count(w, table));
        System.out.printf(Locale.ROOT, "  %-16s a copy without views or projections (baseline) : %,12.0f%n", table,
                rates.baseline());
        System.out.printf(Locale.ROOT, "  %-16s with %-42s : %,12.0f  (%.2f x)%n", table, what, rates.measured(),
                rates.ratio());
        w.update("DROP TABLE parallax.bench_staged");
        w.update("DROP TABLE parallax.bench_bare");
    }

    private static double rate(Warehouse w, String table) {
        long start = System.nanoTime();
        w.update("INSERT INTO " + table + " SELECT * FROM parallax.bench_staged");
        return ROWS / ((System.nanoTime() - start) / 1e9);
    }

    private static long count(Warehouse w, String table) {
        return w.query("SELECT count() FROM parallax." + table, rs -> rs.getLong(1)).getFirst();
    }
}
