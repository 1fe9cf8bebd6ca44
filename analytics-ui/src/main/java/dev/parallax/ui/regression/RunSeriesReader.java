package dev.parallax.ui.regression;

import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.ui.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The series of runs (issue 16): per (test, model, precision, tier, device class), each run's figures in order of
 * its start (its {@code STARTED} run event, else its first inference in the series).
 *
 * <p>Latency percentiles are exact quantiles of the run's own successful inferences, computed by the warehouse, not
 * merges of the stored window sketches: {@code latency_windows} are per key and minute, not per run, so a run's
 * first and last minutes (and any minute two runs of a key share) hold other runs' inferences too. Energy is SPEC
 * §8's net power × latency, mean per inference; the throttled share counts the run's successful inferences inside a
 * throttle episode of their device; flip rate and mean SQNR (capped as everywhere, so identical outputs do not
 * make it infinite) come from the run's divergence pairs. Those pairs carry no tier: a device class is one tier in
 * practice, so they are matched by device class. Every read is of deduplicated rows ({@code FINAL}).
 */
@Service
public class RunSeriesReader {

    private final Warehouse warehouse;

    public RunSeriesReader(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The series the run's successful inferences belong to. */
    public List<SeriesKey> keysOfRun(String runId) {
        return keys("run_id = ?", runId);
    }

    /** The series with a run that made an inference in {@code [from, to)}. */
    public List<SeriesKey> keysActiveBetween(Instant from, Instant to) {
        return keys("event_time >= ? AND event_time < ? AND run_id != ''", from, to);
    }

    public RunSeries series(SeriesKey key) {
        Map<String, double[]> divergence = new HashMap<>();
        double cap = DivergenceSettings.defaults().sqnrCapDb();
        warehouse.query("""
                SELECT run_id, 1 - avg(top1_agree) AS flip_rate, avg(least(greatest(sqnr_db, -?), ?)) AS sqnr_db
                FROM parallax.divergence_pairs FINAL
                WHERE test_id = ? AND model_name = ? AND candidate_precision = ? AND device_class = ?
                GROUP BY run_id
                """, rs -> divergence.put(rs.getString("run_id"),
                new double[] {rs.getDouble("flip_rate"), rs.getDouble("sqnr_db")}),
                cap, cap, key.testId(), key.model(), key.precision(), key.deviceClass());
        List<RunFigures> runs = warehouse.query("""
                SELECT a.run_id AS run_id, if(r.run_id = '', a.first, r.started) AS start, a.inferences AS inferences,
                    a.p50 AS p50, a.p99 AS p99, a.energy_j AS energy_j, a.throttled_share AS throttled_share
                FROM (
                    SELECT i.run_id AS run_id, min(i.event_time) AS first, count() AS inferences,
                        quantileExact(0.5)(i.latency_ms) AS p50, quantileExact(0.99)(i.latency_ms) AS p99,
                        avgIf(greatest(i.power_w - i.idle_power_w, 0) * i.latency_ms / 1000,
                              i.power_w IS NOT NULL AND i.idle_power_w IS NOT NULL) AS energy_j,
                        countIf(e.device_id != '' AND i.event_time <= e.end_time) / count() AS throttled_share
                    FROM (
                        SELECT run_id, device_id, event_time, latency_ms, power_w, idle_power_w
                        FROM parallax.inference_events FINAL
                        WHERE test_id = ? AND model_name = ? AND precision = ? AND tier = ? AND device_class = ?
                          AND run_id != '' AND status = 'OK' AND latency_ms IS NOT NULL
                    ) AS i
                    ASOF LEFT JOIN (
                        SELECT device_id, start_time, coalesce(end_time, now64(3)) AS end_time
                        FROM parallax.throttle_episodes FINAL
                    ) AS e ON i.device_id = e.device_id AND i.event_time >= e.start_time
                    GROUP BY i.run_id
                ) AS a
                LEFT JOIN (
                    SELECT run_id, min(event_time) AS started FROM parallax.runs WHERE phase = 'STARTED' GROUP BY run_id
                ) AS r ON a.run_id = r.run_id
                ORDER BY start, run_id
                """, rs -> figures(rs, divergence), key.testId(), key.model(), key.precision(), key.tier(),
                key.deviceClass());
        return new RunSeries(key, runs);
    }

    /** The latencies of the run's successful inferences in the series, ascending (for percentile bounds). */
    public double[] latencies(SeriesKey key, String runId) {
        return warehouse.query("""
                SELECT latency_ms FROM parallax.inference_events FINAL
                WHERE test_id = ? AND model_name = ? AND precision = ? AND tier = ? AND device_class = ?
                  AND run_id = ? AND status = 'OK' AND latency_ms IS NOT NULL
                ORDER BY latency_ms
                """, rs -> rs.getDouble(1), key.testId(), key.model(), key.precision(), key.tier(),
                key.deviceClass(), runId).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static RunFigures figures(ResultSet rs, Map<String, double[]> divergence) throws SQLException {
        String runId = rs.getString("run_id");
        Map<RunMetric, Double> values = new EnumMap<>(RunMetric.class);
        put(values, RunMetric.P50_LATENCY_MS, Warehouse.number(rs, "p50"));
        put(values, RunMetric.P99_LATENCY_MS, Warehouse.number(rs, "p99"));
        put(values, RunMetric.ENERGY_J, Warehouse.number(rs, "energy_j"));
        put(values, RunMetric.THROTTLED_SHARE, Warehouse.number(rs, "throttled_share"));
        double[] pairs = divergence.get(runId);
        if (pairs != null) {
            put(values, RunMetric.FLIP_RATE, pairs[0]);
            put(values, RunMetric.SQNR_DB, pairs[1]);
        }
        return new RunFigures(runId, Warehouse.instant(rs, "start"), rs.getLong("inferences"), values);
    }

    private static void put(Map<RunMetric, Double> values, RunMetric metric, double value) {
        if (Double.isFinite(value)) {
            values.put(metric, value);
        }
    }

    private List<SeriesKey> keys(String where, Object... params) {
        // where is one of the constant conditions above; values are bound.
        return warehouse.query("SELECT DISTINCT test_id, model_name, precision, tier, device_class"
                + " FROM parallax.inference_events WHERE status = 'OK' AND " + where
                + " ORDER BY test_id, model_name, precision, tier, device_class",
                rs -> new SeriesKey(rs.getString("test_id"), rs.getString("model_name"), rs.getString("precision"),
                        rs.getString("tier"), rs.getString("device_class")), params);
    }
}
