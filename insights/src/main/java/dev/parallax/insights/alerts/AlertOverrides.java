package dev.parallax.insights.alerts;

import dev.parallax.analytics.alert.AlertSettings.TestOverrides;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/** Per-test overrides of the default rules, kept in {@code alert_overrides} (migration V013). */
@Service
public class AlertOverrides {

    private final Warehouse warehouse;
    private final Clock clock;

    public AlertOverrides(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    /** Every test's overrides; tests whose override was cleared are absent. */
    public Map<String, TestOverrides> all() {
        Map<String, TestOverrides> overrides = new LinkedHashMap<>();
        warehouse.query("""
                SELECT test_id, latency_budget_ms, edge_cloud_ratio, arrayStringConcat(muted_rules, ',') AS muted
                FROM parallax.alert_overrides FINAL ORDER BY test_id
                """, rs -> {
            Set<String> muted = new TreeSet<>(Arrays.stream(rs.getString("muted").split(","))
                    .filter(s -> !s.isEmpty()).toList());
            Double budget = nullable(Warehouse.number(rs, "latency_budget_ms"));
            Double ratio = nullable(Warehouse.number(rs, "edge_cloud_ratio"));
            if (budget != null || ratio != null || !muted.isEmpty()) {
                overrides.put(rs.getString("test_id"), new TestOverrides(budget, ratio, muted));
            }
            return null;
        });
        return overrides;
    }

    /**
     * Saves a test's overrides; {@code null} values keep the defaults.
     *
     * @throws IllegalArgumentException for a budget or ratio that is not a positive number, or an unknown rule
     */
    public void save(String testId, TestOverrides overrides, Set<String> knownRules, String user) {
        if (testId == null || testId.isBlank()) {
            throw new IllegalArgumentException("a test id is required");
        }
        requirePositive("latency budget", overrides.latencyBudgetMs());
        requirePositive("edge/cloud ratio", overrides.edgeCloudRatio());
        for (String rule : overrides.mutedRules()) {
            if (!knownRules.contains(rule)) {
                throw new IllegalArgumentException("unknown rule '" + rule + "'; known: " + knownRules);
            }
            if (rule.contains(",")) {
                throw new IllegalArgumentException("a rule id has no commas: " + rule);
            }
        }
        Instant now = clock.instant();
        warehouse.update("""
                INSERT INTO parallax.alert_overrides (test_id, latency_budget_ms, edge_cloud_ratio, muted_rules,
                    updated_by, updated_at, version)
                SELECT ?, ?, ?, arrayFilter(r -> r != '', splitByChar(',', ?)), ?, ?, ?
                """, testId.strip(), overrides.latencyBudgetMs(), overrides.edgeCloudRatio(),
                String.join(",", new TreeSet<>(overrides.mutedRules())), user, now, version(now));
    }

    /** A version that grows with every save, even two in the same millisecond. */
    private long version(Instant now) {
        Long last = warehouse.query("SELECT max(version) FROM parallax.alert_overrides", rs -> rs.getLong(1))
                .getFirst();
        return Math.max(now.toEpochMilli(), last + 1);
    }

    private static void requirePositive(String what, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(what + " must be a positive number: " + value);
        }
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
