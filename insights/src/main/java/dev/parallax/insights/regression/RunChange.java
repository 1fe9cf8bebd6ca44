package dev.parallax.insights.regression;

import dev.parallax.analytics.regression.RunMetric;
import java.time.Instant;

/**
 * A stored change point: in {@code metric} of the series {@code key}, starting at run {@code runId} (position
 * {@code index} among the series' runs that have the metric).
 *
 * @param relativeChange {@code meanAfter / meanBefore - 1}
 * @param magnitude the larger relative change forwards or backwards, which the floor is compared with
 * @param expectedBy who marked it as an expected change; null when nobody has
 */
public record RunChange(SeriesKey key, RunMetric metric, String runId, Instant runStart, int index, int runsBefore,
                        int runsAfter, double meanBefore, double meanAfter, double relativeChange, double magnitude,
                        double pValue, boolean regression, Instant detectedAt, String expectedBy) {

    public boolean expected() {
        return expectedBy != null;
    }

    /** Whether it fails a gate: a regression nobody marked as expected. */
    public boolean fails() {
        return regression && !expected();
    }

    /** E.g. {@code 40.0 ms → 48.0 ms}. */
    public String beforeAfter() {
        return RegressionCheck.format(metric, meanBefore) + " → " + RegressionCheck.format(metric, meanAfter);
    }
}
