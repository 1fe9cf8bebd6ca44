package dev.parallax.insights.divergence;

import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Divergence windows merged over a range, in SQL: pair-weighted means of the per-window means, the extremes of
 * the per-window extremes. Callers select {@link #COLUMNS} from {@code parallax.divergence_windows FINAL} with
 * their own grouping and read each row with {@link #read}. Aliases carry a prefix: ClickHouse resolves an
 * alias everywhere in its query, so {@code sum(pairs) AS pairs} would feed itself.
 */
public final class DivergenceSummaries {

    /** Aggregates over divergence_windows rows; weighted by pairs, NULL where no window had the figure. */
    public static final String COLUMNS = """
            sum(pairs) AS dv_pairs,
            sumIf(flip_rate * pairs, pairs > 0) / nullIf(sumIf(pairs, pairs > 0), 0) AS dv_flip_rate,
            sumIf(kl_mean * pairs, kl_mean IS NOT NULL) / nullIf(sumIf(pairs, kl_mean IS NOT NULL), 0) AS dv_kl_mean,
            max(kl_p95) AS dv_kl_p95,
            min(cosine_min) AS dv_cosine_min,
            sumIf(cosine_mean * pairs, pairs > 0) / nullIf(sumIf(pairs, pairs > 0), 0) AS dv_cosine_mean,
            sumIf(sqnr_mean_db * pairs, pairs > 0) / nullIf(sumIf(pairs, pairs > 0), 0) AS dv_sqnr_mean_db,
            max(max_abs_err_p99) AS dv_max_abs_err_p99,
            sum(unmatched) AS dv_unmatched""";

    private DivergenceSummaries() {
    }

    public static DivergenceSummary read(ResultSet rs) throws SQLException {
        return new DivergenceSummary(rs.getLong("dv_pairs"), Warehouse.number(rs, "dv_flip_rate"),
                Warehouse.number(rs, "dv_kl_mean"), Warehouse.number(rs, "dv_kl_p95"), Warehouse.number(rs, "dv_cosine_min"),
                Warehouse.number(rs, "dv_cosine_mean"), Warehouse.number(rs, "dv_sqnr_mean_db"),
                Warehouse.number(rs, "dv_max_abs_err_p99"), rs.getLong("dv_unmatched"));
    }
}
