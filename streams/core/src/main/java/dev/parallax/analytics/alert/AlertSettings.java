package dev.parallax.analytics.alert;

import dev.parallax.analytics.latency.QuantileReliability;
import dev.parallax.analytics.divergence.DivergenceTolerances;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Thresholds of the default rules (SPEC §6) with per-test overrides.
 *
 * @param tolerance           divergence tolerance per model and candidate precision (SPEC §5 unless configured)
 * @param latencyBudgetMs     default p99 budget of a test; {@code NaN} = tests have no budget unless overridden
 * @param budgetWindows       consecutive windows over budget before the budget rule fires (3)
 * @param edgeCloudRatio      edge p99 ÷ cloud p99 above which a test alerts
 * @param driftShift          relative shift of p50 or p99 against the baseline that counts as drift
 * @param driftSignificance   p-value below which the two-sample test calls the distributions different
 * @param maxThrottledShare   share of a test's inferences in throttle episodes per hour (5 %)
 * @param silentAfter         a device heard from before {@code now − silentAfter} is silent (10 min)
 * @param clockOffsetLimit    a device whose clock is off by this much or more, ahead or behind, alerts
 *                            (SPEC §3a: 2 min)
 * @param reliability         how many samples a quantile needs before it may alert (SPEC §3: 662 for p99)
 * @param overrides           per test id
 */
public record AlertSettings(DivergenceTolerances tolerance, double latencyBudgetMs, int budgetWindows,
                            double edgeCloudRatio, double driftShift, double driftSignificance,
                            double maxThrottledShare, Duration silentAfter, Duration clockOffsetLimit,
                            QuantileReliability reliability, Map<String, TestOverrides> overrides) {

    public static final AlertSettings DEFAULTS = new AlertSettings(DivergenceTolerances.defaults(), Double.NaN, 3, 3.0,
            0.20, 0.01, 0.05, Duration.ofMinutes(10), Duration.ofMinutes(2), new QuantileReliability(0.99), Map.of());

    public AlertSettings {
        overrides = Map.copyOf(overrides);
        if (budgetWindows < 1) {
            throw new IllegalArgumentException("budget windows must be >= 1: " + budgetWindows);
        }
        if (!(edgeCloudRatio > 0) || !(driftShift > 0) || !(driftSignificance > 0 && driftSignificance < 1)) {
            throw new IllegalArgumentException("ratio and drift shift must be > 0, significance in (0, 1)");
        }
        if (!clockOffsetLimit.isPositive()) {
            throw new IllegalArgumentException("clock offset limit must be > 0: " + clockOffsetLimit);
        }
    }

    /** Per-test values that replace the defaults; a {@code null} or NaN field keeps the default. */
    public record TestOverrides(Double latencyBudgetMs, Double edgeCloudRatio, Set<String> mutedRules) {
        public TestOverrides {
            mutedRules = mutedRules == null ? Set.of() : Set.copyOf(mutedRules);
        }
    }

    public AlertSettings withOverrides(Map<String, TestOverrides> overrides) {
        return new AlertSettings(tolerance, latencyBudgetMs, budgetWindows, edgeCloudRatio, driftShift,
                driftSignificance, maxThrottledShare, silentAfter, clockOffsetLimit, reliability, overrides);
    }

    public double budgetMs(String testId) {
        return override(testId).map(TestOverrides::latencyBudgetMs).filter(v -> !v.isNaN()).orElse(latencyBudgetMs);
    }

    public double edgeCloudRatio(String testId) {
        return override(testId).map(TestOverrides::edgeCloudRatio).filter(v -> !v.isNaN()).orElse(edgeCloudRatio);
    }

    public boolean muted(String testId, String rule) {
        return override(testId).map(o -> o.mutedRules().contains(rule)).orElse(false);
    }

    private Optional<TestOverrides> override(String testId) {
        return Optional.ofNullable(overrides.get(testId));
    }
}
