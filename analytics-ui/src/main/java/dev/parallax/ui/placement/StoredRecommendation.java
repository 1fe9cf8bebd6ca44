package dev.parallax.ui.placement;

import dev.parallax.analytics.Figures;
import java.time.Instant;
import java.util.List;

/** A test's recommendation as the {@code recommendations} table keeps it. */
public record StoredRecommendation(String testId, String currentTier, String recommendedTier, String placement,
                                   String reason, List<String> evidence, double confidence,
                                   double monthlyCostDeltaUsd, Instant computedAt) {

    public StoredRecommendation {
        evidence = List.copyOf(evidence);
    }

    /** Its confidence for people: no confidence is no evidence, not a verdict at 0 %. */
    public String confidenceShown() {
        return confidence > 0 ? Figures.percent(confidence) : Figures.NOT_ENOUGH_DATA;
    }
}
