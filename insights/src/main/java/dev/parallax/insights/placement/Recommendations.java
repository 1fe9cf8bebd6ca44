package dev.parallax.insights.placement;

import dev.parallax.analytics.alert.AlertSettings.TestOverrides;
import dev.parallax.analytics.placement.PlacementAdvisor;
import dev.parallax.analytics.placement.PlacementPolicy;
import dev.parallax.analytics.placement.Recommendation;
import dev.parallax.insights.access.Actor;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.alerts.AlertOverrides;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Placement recommendations (SPEC §7): the rubric over each test's measured evidence and the cost model in use,
 * written to {@code recommendations} (a projection of computed data: recomputing replaces each test's row).
 */
public final class Recommendations {

    /**
     * The advice over a period as of an instant, with the budgets it weighed: what a page explains beside it (its
     * disagreements with open alerts) weighs the same budgets.
     */
    public record Advice(Period period, Instant asOf, List<StoredRecommendation> rows,
                         ToDoubleFunction<String> budgets) {

        public Advice {
            rows = List.copyOf(rows);
        }
    }

    private final Warehouse warehouse;
    private final PlacementEvidenceReader evidence;
    private final CostModels costs;
    private final AlertOverrides overrides;
    private final double defaultBudgetMs;
    private final Duration window;
    private final Clock clock;
    private volatile Consumer<Advice> recomputed = advice -> { };

    public Recommendations(Warehouse warehouse, SideBySideReads reads, CostModels costs, AlertOverrides overrides,
                           double defaultBudgetMs, Duration window, Clock clock) {
        this.warehouse = warehouse;
        this.evidence = new PlacementEvidenceReader(warehouse, reads);
        this.costs = costs;
        this.overrides = overrides;
        this.defaultBudgetMs = defaultBudgetMs;
        this.window = window;
        this.clock = clock;
    }

    public Duration window() {
        return window;
    }

    /** Recomputes every test's recommendation from the last {@link #window()} and stores them. */
    public List<Recommendation> recompute() {
        Instant now = clock.instant();
        Period period = Period.last(window, now);
        ToDoubleFunction<String> budgets = budgetsMs();
        List<Recommendation> recommendations = advise(period, now, budgets);
        for (Recommendation r : recommendations) {
            warehouse.update("""
                    INSERT INTO parallax.recommendations (test_id, current_tier, recommended_tier, placement, reason,
                        evidence, confidence, monthly_cost_delta_usd, computed_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, r.testId(), r.current().name(), r.target().name(), r.placement().name(), r.reason(),
                    String.join("\n", r.evidence()), r.confidence(),
                    Double.isFinite(r.monthlyCostDeltaUsd()) ? r.monthlyCostDeltaUsd() : null, now, now.toEpochMilli());
        }
        recomputed.accept(new Advice(period, now, asStored(recommendations, now), budgets));
        return recommendations;
    }

    /**
     * Tells {@code listener} each advice {@link #recompute()} makes, after storing it: the one who keeps advice for
     * pages ({@link RecentAdvice}) then has it at once, and drops what an older cost model or budget gave.
     */
    void whenRecomputed(Consumer<Advice> listener) {
        recomputed = listener;
    }

    /** {@link #over} with the budgets in force now, as of now. */
    public Advice advice(Period period) {
        Instant now = clock.instant();
        ToDoubleFunction<String> budgets = budgetsMs();
        return new Advice(period, now, asStored(advise(period, now, budgets), now), budgets);
    }

    /**
     * The advice over a range someone chose with the tests' {@code budgets} ({@link #budgetsMs()}), read as they look
     * and not stored: what reports and alerts compare with stays the advice of the last {@link #window()}.
     */
    public List<StoredRecommendation> over(Period period, ToDoubleFunction<String> budgets) {
        Instant now = clock.instant();
        return asStored(advise(period, now, budgets), now);
    }

    private static List<StoredRecommendation> asStored(List<Recommendation> recommendations, Instant computedAt) {
        return recommendations.stream().map(r -> StoredRecommendation.of(r, computedAt)).toList();
    }

    private List<Recommendation> advise(Period period, Instant now, ToDoubleFunction<String> budgets) {
        PlacementAdvisor advisor = new PlacementAdvisor(PlacementPolicy.DEFAULTS, costs.current());
        return evidence.read(period, now, budgets).stream().map(advisor::advise).toList();
    }

    /** Each test's p99 budget as the rubric weighs it: its alert override, else the default; NaN when it has none. */
    public ToDoubleFunction<String> budgetsMs() {
        Map<String, TestOverrides> budgets = overrides.all();
        return test -> {
            TestOverrides o = budgets.get(test);
            return o != null && o.latencyBudgetMs() != null ? o.latencyBudgetMs() : defaultBudgetMs;
        };
    }

    /** {@link #recompute()} asked for by a user ("Recompute now"): operators and admins only. */
    public List<Recommendation> recomputeFor(Actor user) {
        user.require(Roles.OPERATOR, "recompute placement recommendations");
        return recompute();
    }

    /** The stored recommendations, one per test. */
    public List<StoredRecommendation> stored() {
        return stored(warehouse);
    }

    /** The recommendations table as it is, for readers without a cost model (reports). */
    public static List<StoredRecommendation> stored(Warehouse warehouse) {
        return warehouse.query("""
                SELECT test_id, current_tier, recommended_tier, placement, reason, evidence, confidence,
                    monthly_cost_delta_usd, computed_at
                FROM parallax.recommendations FINAL ORDER BY test_id
                """, rs -> new StoredRecommendation(rs.getString("test_id"), rs.getString("current_tier"),
                rs.getString("recommended_tier"), rs.getString("placement"), rs.getString("reason"),
                Arrays.asList(rs.getString("evidence").split("\n")), rs.getDouble("confidence"),
                Warehouse.number(rs, "monthly_cost_delta_usd"), Warehouse.instant(rs, "computed_at")));
    }
}
