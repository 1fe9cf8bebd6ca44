package dev.parallax.ui.placement;

import java.time.Instant;
import java.util.List;

/** A test's recommendation as the {@code recommendations} table keeps it. */
public record StoredRecommendation(String testId, String currentTier, String recommendedTier, String placement,
                                   String reason, List<String> evidence, double confidence,
                                   double monthlyCostDeltaUsd, Instant computedAt) {

    public StoredRecommendation {
        evidence = List.copyOf(evidence);
    }
}
