package dev.parallax.analytics.placement;

import dev.parallax.analytics.divergence.DivergenceSummary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Tier;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlacementAdvisorTest {

    private final PlacementAdvisor advisor = new PlacementAdvisor(PlacementPolicy.DEFAULTS, CostModel.DEFAULTS);

    private static final TierFigures EDGE = new TierFigures(36_000, 10, p99(36_000, 80));
    private static final TierFigures CLOUD = new TierFigures(36_000, 200, p99(36_000, 15));

    /** The p99 of {@code n} inferences that each took {@code ms}. */
    private static Percentile p99(int n, double ms) {
        double[] sorted = new double[n];
        Arrays.fill(sorted, ms);
        return Percentile.of(sorted, 0.99, PercentileConfidence.SHOWN);
    }

    private static final DivergenceSummary PARITY = new DivergenceSummary(600, 0.002, Double.NaN, Double.NaN, Double.NaN, 0.999, 42, Double.NaN, 0);

    private static PlacementEvidence evidence(Tier current, TierFigures edge, DivergenceSummary divergence,
                                              double throttled, double budget, double requiredRate, double runsPerDay) {
        return new PlacementEvidence("t1", Duration.ofHours(24), current, edge, CLOUD, divergence, throttled, budget,
                requiredRate, 3, runsPerDay);
    }

    @Test
    void numericParityComesFirst() {
        DivergenceSummary flips = new DivergenceSummary(600, 0.04, Double.NaN, Double.NaN, Double.NaN, 0.97, 22, Double.NaN, 0);
        Recommendation r = advisor.advise(evidence(Tier.EDGE, EDGE, flips, 0.5, 100, 1000, 20));
        assertEquals(Placement.RUN_ON_CLOUD, r.placement(), "parity beats throttling and concurrency");
        assertEquals(Tier.CLOUD, r.target());
        assertTrue(r.evidence().stream().anyMatch(l -> l.contains("flip rate 4 % > 1 %")), r.evidence().toString());
        assertEquals(1.0, r.confidence(), 1e-12, "600 pairs ≥ 300 needed");
    }

    @Test
    void concurrencyBeyondEdgeCapacityGoesToCloud() {
        Recommendation r = advisor.advise(evidence(Tier.EDGE, EDGE, PARITY, 0, 100, 45, 20));
        assertEquals(Placement.RUN_ON_CLOUD, r.placement());
        assertTrue(r.evidence().stream().anyMatch(l -> l.contains("required 45.0 inf/s > edge capacity 30.0 inf/s")));
    }

    @Test
    void throttlingPollutedEdgeResultsAskForCooling() {
        Recommendation r = advisor.advise(evidence(Tier.EDGE, EDGE, PARITY, 0.12, 100, 5, 20));
        assertEquals(Placement.FIX_COOLING, r.placement());
        assertEquals(Tier.CLOUD, r.target());
    }

    @Test
    void frequentCompliantCloudTestMovesToEdgeAndSavesMoney() {
        Recommendation r = advisor.advise(evidence(Tier.CLOUD, EDGE, PARITY, 0.0, 100, 5, 20));
        assertEquals(Placement.MOVE_TO_EDGE, r.placement());
        double monthly = (EDGE.inferences() + CLOUD.inferences()) / 86_400.0 * 30.4375 * 86_400;
        double expected = CostModel.DEFAULTS.monthlyUsd(Tier.EDGE, monthly, 10)
                - CostModel.DEFAULTS.monthlyUsd(Tier.CLOUD, monthly, 200);
        assertEquals(expected, r.monthlyCostDeltaUsd(), 1e-9);
        assertTrue(r.monthlyCostDeltaUsd() < 0, "edge at 10 inf/s is cheaper than a $1 GPU hour at 200 inf/s");
        assertTrue(r.evidence().stream().anyMatch(l -> l.contains("edge p99 80 ms (95 % CI 80 – 80) within budget")),
                "the edge p99 with its interval: " + r.evidence());
    }

    @Test
    void overBudgetOrRareTestsStayWhereTheyAre() {
        assertEquals(Placement.KEEP, advisor.advise(evidence(Tier.CLOUD, EDGE, PARITY, 0, 50, 5, 20)).placement());
        assertEquals(Placement.KEEP, advisor.advise(evidence(Tier.CLOUD, EDGE, PARITY, 0, 100, 5, 0.2)).placement());
        Recommendation keep = advisor.advise(evidence(Tier.EDGE, EDGE, PARITY, 0, 100, 5, 20));
        assertEquals(Placement.KEEP, keep.placement());
        assertEquals(0, keep.monthlyCostDeltaUsd(), 1e-12);
    }

    @Test
    void nothingMeasuredIsNotEnoughDataNeverAFit() {
        Recommendation r = advisor.advise(new PlacementEvidence("t1", Duration.ofHours(24), Tier.EDGE, TierFigures.NONE,
                TierFigures.NONE, PARITY, 0, Double.NaN, 0, 0, 0));
        assertEquals(Placement.KEEP, r.placement());
        assertEquals(0, r.confidence());
        assertEquals("not enough data: no inferences on EDGE in the window", r.reason());
        assertTrue(r.evidence().contains("edge p99 not enough data, budget none, 0 runs/day"), r.evidence().toString());
        assertTrue(r.evidence().stream().noneMatch(l -> l.contains("NaN") || l.contains("e-")), r.evidence().toString());
    }

    @Test
    void confidenceFollowsTheEvidenceItRestsOn() {
        DivergenceSummary fewPairs = new DivergenceSummary(75, 0.0, Double.NaN, Double.NaN, Double.NaN, 0.999, 45, Double.NaN, 0);
        Recommendation r = advisor.advise(evidence(Tier.CLOUD, EDGE, fewPairs, 0, 100, 5, 20));
        assertEquals(Placement.MOVE_TO_EDGE, r.placement());
        assertEquals(0.25, r.confidence(), 1e-12, "75 of the 300 pairs a 1 % flip-rate verdict needs");
    }

    @Test
    void unmeasuredTierUsesTheSeedsThroughputAndSaysSo() {
        Recommendation r = advisor.advise(new PlacementEvidence("t1", Duration.ofHours(24), Tier.EDGE, EDGE,
                TierFigures.NONE, new DivergenceSummary(600, 0.05, Double.NaN, Double.NaN, Double.NaN, 0.9, 20, Double.NaN, 0), 0, 100, 5, 3, 20));
        assertTrue(r.evidence().contains("CLOUD throughput not measured: assumed 200 inf/s"), r.evidence().toString());
        assertTrue(Double.isFinite(r.monthlyCostDeltaUsd()));
    }
}
