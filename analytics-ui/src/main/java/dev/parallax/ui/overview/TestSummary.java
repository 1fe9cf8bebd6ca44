package dev.parallax.ui.overview;

/** A test with where it runs now and what the placement rubric advises. */
public record TestSummary(String testId, String currentTier, long inferences, String recommendedTier, String reason) {
}
