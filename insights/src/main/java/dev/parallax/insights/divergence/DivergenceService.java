package dev.parallax.insights.divergence;

import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.contract.derived.DerivedTable;
import dev.parallax.insights.latency.LatencyWindows;
import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The read model of divergence windows ({@code parallax.divergence_windows}, row type {@code DivergenceWindowRow}):
 * quantized-vs-reference divergence (SPEC §5) of a test's models over time, and merged over a range per model or per
 * test. Every reader of the table reads it here.
 */
@Service
public class DivergenceService {

    private static final String TABLE = "parallax." + DerivedTable.DIVERGENCE_WINDOWS.table();
    /**
     * Windows merged in SQL: pair-weighted means of the per-window means, the extremes of the per-window extremes,
     * NULL where no window had the figure. Aliases carry a prefix: ClickHouse resolves an alias everywhere in its
     * query, so {@code sum(pairs) AS pairs} would feed itself.
     */
    private static final String MERGED = """
            sum(pairs) AS dv_pairs,
            sumIf(flip_rate * pairs, pairs > 0) / nullIf(sumIf(pairs, pairs > 0), 0) AS dv_flip_rate,
            sumIf(kl_mean * pairs, kl_mean IS NOT NULL) / nullIf(sumIf(pairs, kl_mean IS NOT NULL), 0) AS dv_kl_mean,
            max(kl_p95) AS dv_kl_p95,
            min(cosine_min) AS dv_cosine_min,
            sumIf(cosine_mean * pairs, pairs > 0) / nullIf(sumIf(pairs, pairs > 0), 0) AS dv_cosine_mean,
            sumIf(sqnr_mean_db * pairs, pairs > 0) / nullIf(sumIf(pairs, pairs > 0), 0) AS dv_sqnr_mean_db,
            max(max_abs_err_p99) AS dv_max_abs_err_p99,
            sum(unmatched) AS dv_unmatched""";

    /** A model's divergence at one candidate precision on one device class, its windows merged. */
    public record ModelDivergence(String modelName, String candidatePrecision, String deviceClass,
                                  DivergenceSummary summary) {

        /** "model precision · device class", as reports name it. */
        public String label() {
            return modelName + " " + candidatePrecision + " · " + deviceClass;
        }
    }

    private final Warehouse warehouse;

    public DivergenceService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The windows in {@code [from, to)} of every model the test ran in that range. */
    public List<DivergencePoint> series(String testId, Instant from, Instant to) {
        return warehouse.query("""
                SELECT window_start, model_name, candidate_precision, device_class, pairs, flip_rate, kl_mean,
                    sqnr_mean_db, cosine_mean
                FROM %s FINAL
                WHERE window_start >= ? AND window_start < ? AND pairs > 0
                  AND model_name IN (%s)
                ORDER BY window_start
                """.formatted(TABLE, LatencyWindows.MODELS_OF_TEST), rs -> new DivergencePoint(
                Warehouse.instant(rs, "window_start"), rs.getString("model_name"), rs.getString("candidate_precision"),
                rs.getString("device_class"), rs.getLong("pairs"), Warehouse.number(rs, "flip_rate"),
                Warehouse.number(rs, "kl_mean"), Warehouse.number(rs, "sqnr_mean_db"),
                Warehouse.number(rs, "cosine_mean")), from, to, testId, from, to);
    }

    /** Per model, candidate precision and device class, its windows starting in {@code [from, to)}, in that order. */
    public List<ModelDivergence> byModel(Instant from, Instant to) {
        return byModel("window_start >= ? AND window_start < ?", from, to);
    }

    /** {@link #byModel(Instant, Instant)} from {@code since} on, windows a device's clock stamped ahead of now too. */
    public List<ModelDivergence> byModelSince(Instant since) {
        return byModel("window_start >= ?", since);
    }

    private List<ModelDivergence> byModel(String range, Object... params) {
        return warehouse.query("SELECT model_name, candidate_precision, device_class, " + MERGED + """

                FROM %s FINAL
                WHERE %s
                GROUP BY model_name, candidate_precision, device_class
                ORDER BY model_name, candidate_precision, device_class
                """.formatted(TABLE, range), rs -> new ModelDivergence(rs.getString("model_name"),
                rs.getString("candidate_precision"), rs.getString("device_class"), merged(rs)), params);
    }

    /**
     * Per test, the windows starting in {@code [from, to)} of the models and device classes it ran on edge in that
     * range (divergence pairs carry no test: an edge model on a device class is matched to the tests running it).
     */
    public Map<String, DivergenceSummary> byTest(Instant from, Instant to) {
        Map<String, DivergenceSummary> byTest = new HashMap<>();
        warehouse.query("SELECT e.test_id AS test_id, " + MERGED + """

                FROM %s AS d FINAL
                INNER JOIN (%s) AS e ON d.model_name = e.model_name AND d.device_class = e.device_class
                WHERE d.window_start >= ? AND d.window_start < ?
                GROUP BY e.test_id
                """.formatted(TABLE, LatencyWindows.EDGE_MODELS_OF_TESTS),
                rs -> byTest.put(rs.getString("test_id"), merged(rs)), from, to, from, to);
        return byTest;
    }

    private static DivergenceSummary merged(ResultSet rs) throws SQLException {
        return new DivergenceSummary(rs.getLong("dv_pairs"), Warehouse.number(rs, "dv_flip_rate"),
                Warehouse.number(rs, "dv_kl_mean"), Warehouse.number(rs, "dv_kl_p95"),
                Warehouse.number(rs, "dv_cosine_min"), Warehouse.number(rs, "dv_cosine_mean"),
                Warehouse.number(rs, "dv_sqnr_mean_db"), Warehouse.number(rs, "dv_max_abs_err_p99"),
                rs.getLong("dv_unmatched"));
    }
}
