package dev.parallax.insights.placement;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.placement.Recommendation;
import java.time.Instant;
import java.util.List;

/** A test's recommendation as the {@code recommendations} table keeps it. */
public record StoredRecommendation(String testId, String currentTier, String recommendedTier, String placement,
                                   String reason, List<String> evidence, double confidence,
                                   double monthlyCostDeltaUsd, Instant computedAt) {

    public StoredRecommendation {
        evidence = List.copyOf(evidence);
    }

    /** {@code r} as it would be stored at {@code computedAt}. */
    public static StoredRecommendation of(Recommendation r, Instant computedAt) {
        return new StoredRecommendation(r.testId(), r.current().name(), r.target().name(), r.placement().name(),
                r.reason(), r.evidence(), r.confidence(), r.monthlyCostDeltaUsd(), computedAt);
    }

    /** Its confidence for people: no confidence is no evidence, not a verdict at 0 %. */
    public String confidenceShown() {
        return confidence > 0 ? Figures.percent(confidence) : Figures.NOT_ENOUGH_DATA;
    }
}
