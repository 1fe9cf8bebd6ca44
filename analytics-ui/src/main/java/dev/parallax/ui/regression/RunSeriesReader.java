package dev.parallax.ui.regression;

import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.ui.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
        return series(List.of(key)).get(key);
    }

    /**
     * The series of {@code keys}, read together: one query for the runs' inferences and one for their divergence
     * pairs, however many series (a page of runs costs one read, not one per series). A key without runs maps to an
     * empty series.
     */
    public Map<SeriesKey, RunSeries> series(Collection<SeriesKey> keys) {
        List<SeriesKey> asked = List.copyOf(new LinkedHashSet<>(keys));
        Map<SeriesKey, RunSeries> series = new LinkedHashMap<>();
        if (asked.isEmpty()) {
            return series;
        }
        // Per series of pairs, each run's flip rate and mean SQNR.
        Map<PairSeries, Map<String, double[]>> divergence = new HashMap<>();
        double cap = DivergenceSettings.defaults().sqnrCapDb();
        List<PairSeries> pairSeries = PairSeries.of(asked);
        List<Object> pairParams = new ArrayList<>(List.of(cap, cap));
        pairParams.addAll(List.of(PairSeries.values(pairSeries)));
        warehouse.query("""
                SELECT test_id, model_name, candidate_precision, device_class, run_id,
                    1 - avg(top1_agree) AS flip_rate, avg(least(greatest(sqnr_db, -?), ?)) AS sqnr_db
                FROM parallax.divergence_pairs FINAL
                WHERE %s
                GROUP BY test_id, model_name, candidate_precision, device_class, run_id
                """.formatted(PairSeries.oneOf(pairSeries.size())), rs -> divergence.computeIfAbsent(
                        new PairSeries(rs.getString("test_id"), rs.getString("model_name"),
                                rs.getString("candidate_precision"), rs.getString("device_class")),
                        k -> new HashMap<>())
                .put(rs.getString("run_id"), new double[] {rs.getDouble("flip_rate"), rs.getDouble("sqnr_db")}),
                pairParams.toArray());
        Map<SeriesKey, List<RunFigures>> runs = new HashMap<>();
        warehouse.query("""
                SELECT a.test_id AS test_id, a.model_name AS model_name, a.precision AS precision, a.tier AS tier,
                    a.device_class AS device_class, a.run_id AS run_id, if(r.run_id = '', a.first, r.started) AS start,
                    a.inferences AS inferences, a.p50 AS p50, a.p99 AS p99, a.energy_j AS energy_j,
                    a.throttled_share AS throttled_share
                FROM (
                    SELECT i.test_id AS test_id, i.model_name AS model_name, i.precision AS precision, i.tier AS tier,
                        i.device_class AS device_class, i.run_id AS run_id, min(i.event_time) AS first,
                        count() AS inferences,
                        quantileExact(0.5)(i.latency_ms) AS p50, quantileExact(0.99)(i.latency_ms) AS p99,
                        avgIf(greatest(i.power_w - i.idle_power_w, 0) * i.latency_ms / 1000,
                              i.power_w IS NOT NULL AND i.idle_power_w IS NOT NULL) AS energy_j,
                        countIf(e.device_id != '' AND i.event_time <= e.end_time) / count() AS throttled_share
                    FROM (
                        SELECT test_id, model_name, precision, tier, device_class, run_id, device_id, event_time,
                            latency_ms, power_w, idle_power_w
                        FROM parallax.inference_events FINAL
                        WHERE %s AND run_id != '' AND status = 'OK' AND latency_ms IS NOT NULL
                    ) AS i
                    ASOF LEFT JOIN (
                        SELECT device_id, start_time, coalesce(end_time, now64(3)) AS end_time
                        FROM parallax.throttle_episodes FINAL
                    ) AS e ON i.device_id = e.device_id AND i.event_time >= e.start_time
                    GROUP BY i.test_id, i.model_name, i.precision, i.tier, i.device_class, i.run_id
                ) AS a
                LEFT JOIN (
                    SELECT run_id, min(event_time) AS started FROM parallax.runs WHERE phase = 'STARTED' GROUP BY run_id
                ) AS r ON a.run_id = r.run_id
                ORDER BY start, run_id
                """.formatted(SeriesKey.oneOf(asked.size())), rs -> {
                    SeriesKey key = SeriesKey.of(rs);
                    return runs.computeIfAbsent(key, k -> new ArrayList<>()).add(figures(rs, divergence
                            .getOrDefault(PairSeries.of(key), Map.of()).get(rs.getString("run_id"))));
                }, SeriesKey.values(asked));
        asked.forEach(k -> series.put(k, new RunSeries(k, runs.getOrDefault(k, List.of()))));
        return series;
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

    /** A run's figures; {@code pairs}: its flip rate and mean SQNR, null when it has no divergence pairs. */
    private static RunFigures figures(ResultSet rs, double[] pairs) throws SQLException {
        String runId = rs.getString("run_id");
        Map<RunMetric, Double> values = new EnumMap<>(RunMetric.class);
        put(values, RunMetric.P50_LATENCY_MS, Warehouse.number(rs, "p50"));
        put(values, RunMetric.P99_LATENCY_MS, Warehouse.number(rs, "p99"));
        put(values, RunMetric.ENERGY_J, Warehouse.number(rs, "energy_j"));
        put(values, RunMetric.THROTTLED_SHARE, Warehouse.number(rs, "throttled_share"));
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

    /**
     * What divergence pairs are matched to a series by: they carry no tier, and a device class is one tier in practice.
     */
    private record PairSeries(String testId, String model, String precision, String deviceClass) {

        static PairSeries of(SeriesKey key) {
            return new PairSeries(key.testId(), key.model(), key.precision(), key.deviceClass());
        }

        static List<PairSeries> of(List<SeriesKey> keys) {
            return keys.stream().map(PairSeries::of).distinct().toList();
        }

        static String oneOf(int n) {
            return "(test_id, model_name, candidate_precision, device_class) IN (" + SeriesKey.placeholders(n, 4) + ")";
        }

        static Object[] values(List<PairSeries> pairs) {
            return pairs.stream().flatMap(p -> Stream.of(p.testId(), p.model(), p.precision(), p.deviceClass()))
                    .toArray();
        }
    }

    private List<SeriesKey> keys(String where, Object... params) {
        // where is one of the constant conditions above; values are bound.
        return warehouse.query("SELECT DISTINCT test_id, model_name, precision, tier, device_class"
                + " FROM parallax.inference_events WHERE status = 'OK' AND " + where
                + " ORDER BY test_id, model_name, precision, tier, device_class",
                SeriesKey::of, params);
    }
}
