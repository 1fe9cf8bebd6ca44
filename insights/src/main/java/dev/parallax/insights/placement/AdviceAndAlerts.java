package dev.parallax.insights.placement;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.EdgeCloudRatioRule;
import dev.parallax.analytics.alert.LatencyBudgetRule;
import dev.parallax.analytics.alert.ThrottleImpactRule;
import dev.parallax.analytics.placement.Placement;
import dev.parallax.insights.alerts.OpenAlert;
import java.util.List;
import java.util.Optional;

/**
 * Why a test's open alert and its placement advice can both be right where they seem to contradict each other (an
 * edge tail alert beside advice to run on the edge, a throttling alert beside advice that is not to fix cooling).
 * They answer different questions: a rule compares the recent past with its threshold, the rubric weighs the
 * evidence window against the test's needs. Each such alert gets one line saying what the advice did not weigh.
 */
public final class AdviceAndAlerts {

    private AdviceAndAlerts() {
    }

    /**
     * @param budgetMs the test's p99 budget as the rubric used it; NaN when it has none
     * @param window   the rubric's evidence window in words ("the last 24 hours")
     */
    public static List<String> explain(StoredRecommendation advice, List<OpenAlert> open, double budgetMs,
                                       String window) {
        return open.stream().filter(a -> concerns(a, advice.testId()))
                .flatMap(a -> why(a, advice, budgetMs, window).map(why -> a.message() + " — " + why).stream())
                .toList();
    }

    private static Optional<String> why(OpenAlert alert, StoredRecommendation advice, double budgetMs, String window) {
        boolean onEdge = advice.recommendedTier().equals("EDGE");
        return switch (alert.rule()) {
            case EdgeCloudRatioRule.ID -> onEdge ? Optional.of("placement weighs the edge p99 against the test's p99 "
                    + "budget (" + (Double.isNaN(budgetMs) ? "none set" : Figures.ms(budgetMs)) + "), not against "
                    + "the cloud's; set a budget for this test to have placement weigh its edge tail")
                    : Optional.empty();
            case LatencyBudgetRule.ID -> onEdge ? Optional.of("the alert is about the last minutes, placement about "
                    + window + ", over which the edge p99 was within budget") : Optional.empty();
            case ThrottleImpactRule.ID -> advice.placement().equals(Placement.FIX_COOLING.name()) ? Optional.empty()
                    : Optional.of("the alert is about the last hour, placement about " + window + ", over "
                    + "which the throttled share of edge inferences was within the limit");
            default -> Optional.empty();
        };
    }

    /** An alert's subject names its test as {@code test=ID}, alone or followed by more of the key. */
    private static boolean concerns(OpenAlert alert, String testId) {
        String prefix = "test=" + testId;
        return alert.subject().equals(prefix) || alert.subject().startsWith(prefix + " ");
    }
}
