package dev.parallax.insights.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.insights.alerts.OpenAlert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An open alert beside advice that seems to contradict it says why both hold; agreeing ones say nothing. */
class AdviceAndAlertsTest {

    private static final String WINDOW = "the last 24 hours";

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static StoredRecommendation advice(String test, String tier, String placement) {
        return new StoredRecommendation(test, "EDGE", tier, placement, "placement fits the measured data", List.of(),
                1, 0, AT);
    }

    private static OpenAlert alert(String rule, String subject, String message) {
        return new OpenAlert("a-" + subject, rule, subject, "OPEN", "WARNING", message, AT, null);
    }

    @Test
    void anEdgeTailAlertBesideEdgeAdviceSaysPlacementWeighsTheBudget() {
        OpenAlert ratio = alert("edge-cloud-p99-ratio", "test=t1", "t1 edge p99 52 ms is 6.6× cloud p99 7.9 ms (limit 3×)");
        assertEquals(List.of("t1 edge p99 52 ms is 6.6× cloud p99 7.9 ms (limit 3×) — placement weighs the edge p99 "
                        + "against the test's p99 budget (none set), not against the cloud's; set a budget for this test "
                        + "to have placement weigh its edge tail"),
                AdviceAndAlerts.explain(advice("t1", "EDGE", "KEEP"), List.of(ratio), Double.NaN, WINDOW));
        assertEquals(List.of(), AdviceAndAlerts.explain(advice("t1", "CLOUD", "RUN_ON_CLOUD"), List.of(ratio),
                Double.NaN, WINDOW), "advice to run on the cloud agrees with the alert");
    }

    @Test
    void aThrottleAlertNeedsNoWordsBesideFixCooling() {
        OpenAlert hot = alert("throttle-impact", "test=t1", "t1: 12 % of inferences throttled");
        assertEquals(1, AdviceAndAlerts.explain(advice("t1", "EDGE", "KEEP"), List.of(hot), 50, WINDOW).size());
        assertEquals(List.of(),
                AdviceAndAlerts.explain(advice("t1", "CLOUD", "FIX_COOLING"), List.of(hot), 50, WINDOW));
    }

    @Test
    void onlyTheTestsOwnAlertsCount() {
        List<OpenAlert> others = List.of(
                alert("edge-cloud-p99-ratio", "test=t10", "t10 edge p99 …"),
                alert("p99-over-budget", "test=t1x model=m tier=EDGE device_class=pi", "t1x over budget"),
                alert("device-silent", "device=pi-1", "pi-1 silent"));
        assertEquals(List.of(),
                AdviceAndAlerts.explain(advice("t1", "EDGE", "KEEP"), others, 50, WINDOW));
        OpenAlert budget = alert("p99-over-budget", "test=t1 model=m tier=EDGE device_class=pi", "t1 over budget");
        assertEquals(List.of("t1 over budget — the alert is about the last minutes, placement about " + WINDOW + ", "
                + "over which the edge p99 was within budget"),
                AdviceAndAlerts.explain(advice("t1", "EDGE", "KEEP"), List.of(budget), 50, WINDOW));
    }
}
