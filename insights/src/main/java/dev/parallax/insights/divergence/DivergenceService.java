package dev.parallax.insights.divergence;

import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Quantized-vs-reference divergence (SPEC §5) of a test's models over time, and per model over a range. */
@Service
public class DivergenceService {

    private final Warehouse warehouse;

    public DivergenceService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The windows in {@code [from, to)} of every model the test ran in that range. */
    public List<DivergencePoint> series(String testId, Instant from, Instant to) {
        return warehouse.query("""
                SELECT window_start, model_name, candidate_precision, device_class, pairs, flip_rate, kl_mean,
                    sqnr_mean_db, cosine_mean
                FROM parallax.divergence_windows FINAL
                WHERE window_start >= ? AND window_start < ? AND pairs > 0
                  AND model_name IN (SELECT DISTINCT model_name FROM parallax.latency_windows
                                     WHERE test_id = ? AND window_start >= ? AND window_start < ?)
                ORDER BY window_start
                """, rs -> new DivergencePoint(Warehouse.instant(rs, "window_start"), rs.getString("model_name"),
                rs.getString("candidate_precision"), rs.getString("device_class"), rs.getLong("pairs"),
                Warehouse.number(rs, "flip_rate"), Warehouse.number(rs, "kl_mean"),
                Warehouse.number(rs, "sqnr_mean_db"), Warehouse.number(rs, "cosine_mean")), from, to, testId, from, to);
    }

    /** Per "model precision · device class" over {@code [from, to)}, for reports. */
    public Map<String, DivergenceSummary> byModel(Instant from, Instant to) {
        Map<String, DivergenceSummary> out = new LinkedHashMap<>();
        warehouse.query("SELECT model_name, candidate_precision, device_class, " + DivergenceSummaries.COLUMNS + """

                FROM parallax.divergence_windows FINAL
                WHERE window_start >= ? AND window_start < ?
                GROUP BY model_name, candidate_precision, device_class
                ORDER BY model_name, candidate_precision, device_class
                """, rs -> out.put(rs.getString("model_name") + " " + rs.getString("candidate_precision") + " · "
                + rs.getString("device_class"), DivergenceSummaries.read(rs)), from, to);
        return out;
    }
}
