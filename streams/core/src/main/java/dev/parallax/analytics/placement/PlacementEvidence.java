package dev.parallax.analytics.placement;

import dev.parallax.analytics.divergence.DivergenceSummary;

import dev.parallax.analytics.Tier;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the placement rubric looks at for one test, measured over {@code window}.
 *
 * @param currentTier         where most of the test's inferences ran in the window
 * @param edgeDivergence      divergence of the test's model on edge device classes
 * @param edgeThrottledShare  share of the test's edge inferences made inside a throttle episode
 * @param latencyBudgetMs     the test's p99 budget; {@code NaN} when it has none
 * @param requiredRatePerSecond the rate the test must drive (its peak demand)
 * @param edgeNodes           edge nodes available to the test
 * @param runsPerDay          how often the test runs
 */
public record PlacementEvidence(String testId, Duration window, Tier currentTier, TierFigures edge, TierFigures cloud,
                                DivergenceSummary edgeDivergence, double edgeThrottledShare, double latencyBudgetMs,
                                double requiredRatePerSecond, int edgeNodes, double runsPerDay) {

    public PlacementEvidence {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(currentTier, "currentTier");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(edgeDivergence, "edgeDivergence");
        if (!(edgeThrottledShare >= 0 && edgeThrottledShare <= 1)) {
            throw new IllegalArgumentException("throttled share must be in [0, 1]: " + edgeThrottledShare);
        }
        if (edgeNodes < 0) {
            throw new IllegalArgumentException("edge nodes must be >= 0: " + edgeNodes);
        }
    }

    /** Inferences per month the test drives, extrapolated from the window. */
    public double monthlyInferences() {
        double seconds = window.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : CostModel.monthlyInferences((edge.inferences() + cloud.inferences()) / seconds);
    }
}
