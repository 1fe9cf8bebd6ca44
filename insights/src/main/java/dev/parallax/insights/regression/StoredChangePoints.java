package dev.parallax.insights.regression;

import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The change points in force ({@code change_points FINAL}, not retracted), each with its first expected-change mark. */
public final class StoredChangePoints {

    private static final String SERIES = "c.test_id = ? AND c.model_name = ? AND c.precision = ? AND c.tier = ?"
            + " AND c.device_class = ?";

    private final Warehouse warehouse;

    public StoredChangePoints(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The change points in force that start at a run begun in {@code [from, to)}, newest first. */
    public List<RunChange> startedBetween(Instant from, Instant to) {
        return query("c.run_start >= ? AND c.run_start < ?", from, to);
    }

    /** The change points of one series, newest first. */
    public List<RunChange> ofSeries(SeriesKey key) {
        return query(SERIES, key.testId(), key.model(), key.precision(), key.tier(), key.deviceClass());
    }

    /** The change points of a test's series at runs begun in {@code [from, to)}, newest first (for its page). */
    public List<RunChange> ofTest(String testId, Instant from, Instant to) {
        return query("c.test_id = ? AND c.run_start >= ? AND c.run_start < ?", testId, from, to);
    }

    /** The change point in {@code metric} of the series that starts at {@code runId}, if one is in force. */
    public List<RunChange> at(SeriesKey key, RunMetric metric, String runId) {
        return query(SERIES + " AND c.metric = ? AND c.run_id = ?", key.testId(), key.model(), key.precision(),
                key.tier(), key.deviceClass(), metric.id(), runId);
    }

    /**
     * Who first marked each change point of the series as expected, by {@link #markKey}, per series (one read for
     * them all; a series without marks is left out).
     */
    public Map<SeriesKey, Map<String, String>> expectedBy(Collection<SeriesKey> keys) {
        Map<SeriesKey, Map<String, String>> marks = new HashMap<>();
        if (keys.isEmpty()) {
            return marks;
        }
        warehouse.query("""
                SELECT test_id, model_name, precision, tier, device_class, metric, run_id,
                    argMin(expected_by, expected_at) AS expected_by
                FROM parallax.change_point_expectations
                WHERE %s
                GROUP BY test_id, model_name, precision, tier, device_class, metric, run_id
                """.formatted(SeriesKey.oneOf(keys.size())), rs -> marks.computeIfAbsent(SeriesKey.of(rs),
                        k -> new HashMap<>())
                .put(markKey(RunMetric.ofId(rs.getString("metric")), rs.getString("run_id")),
                        rs.getString("expected_by")), SeriesKey.values(keys));
        return marks;
    }

    /** Names a change point within its series. */
    static String markKey(RunMetric metric, String runId) {
        return metric.id() + "/" + runId;
    }

    /** Change points in force matching {@code where} (on alias {@code c}), each with its first expected-change mark. */
    private List<RunChange> query(String where, Object... params) {
        // where is one of the constant conditions of this class; values are bound.
        return warehouse.query("""
                SELECT c.test_id AS test_id, c.model_name AS model_name, c.precision AS precision, c.tier AS tier,
                    c.device_class AS device_class, c.metric AS metric, c.run_id AS run_id, c.run_start AS run_start,
                    c.series_index AS series_index, c.runs_before AS runs_before, c.runs_after AS runs_after,
                    c.mean_before AS mean_before, c.mean_after AS mean_after, c.relative_change AS relative_change,
                    c.magnitude AS magnitude, c.p_value AS p_value, c.regression AS regression,
                    c.detected_at AS detected_at, e.expected_by AS expected_by
                FROM (SELECT * FROM parallax.change_points FINAL WHERE retracted = 0) AS c
                LEFT JOIN (
                    SELECT test_id, model_name, precision, tier, device_class, metric, run_id,
                        argMin(expected_by, expected_at) AS expected_by
                    FROM parallax.change_point_expectations
                    GROUP BY test_id, model_name, precision, tier, device_class, metric, run_id
                ) AS e ON c.test_id = e.test_id AND c.model_name = e.model_name AND c.precision = e.precision
                    AND c.tier = e.tier AND c.device_class = e.device_class AND c.metric = e.metric
                    AND c.run_id = e.run_id
                WHERE %s
                ORDER BY c.run_start DESC, c.test_id, c.model_name, c.precision, c.tier, c.device_class, c.metric
                """.formatted(where), StoredChangePoints::change, params);
    }

    private static RunChange change(ResultSet rs) throws SQLException {
        String expectedBy = rs.getString("expected_by");
        return new RunChange(SeriesKey.of(rs), RunMetric.ofId(rs.getString("metric")), rs.getString("run_id"),
                Warehouse.instant(rs, "run_start"),
                rs.getInt("series_index"), rs.getInt("runs_before"), rs.getInt("runs_after"),
                rs.getDouble("mean_before"), rs.getDouble("mean_after"), rs.getDouble("relative_change"),
                rs.getDouble("magnitude"), rs.getDouble("p_value"), rs.getInt("regression") == 1,
                Warehouse.instant(rs, "detected_at"), expectedBy == null || expectedBy.isEmpty() ? null : expectedBy);
    }

}
