package dev.parallax.ui.runs;

import dev.parallax.insights.warehouse.Period;

/**
 * Which runs to list: those with inferences in the period, narrowed by the other fields (empty = any).
 *
 * @param search text in the run id, test, model or device class, any case
 * @param deviceId exact device: the runs' inferences on that device only
 */
public record RunFilter(Period period, String search, String runId, String testId, String deviceId, String tier) {

    public RunFilter {
        search = blankless(search);
        runId = blankless(runId);
        testId = blankless(testId);
        deviceId = blankless(deviceId);
        tier = blankless(tier);
    }

    /** Every run in the period. */
    public static RunFilter of(Period period) {
        return new RunFilter(period, "", "", "", "", "");
    }

    public RunFilter withSearch(String value) {
        return new RunFilter(period, value, runId, testId, deviceId, tier);
    }

    public RunFilter withRun(String value) {
        return new RunFilter(period, search, value, testId, deviceId, tier);
    }

    public RunFilter withTest(String value) {
        return new RunFilter(period, search, runId, value, deviceId, tier);
    }

    public RunFilter withDevice(String value) {
        return new RunFilter(period, search, runId, testId, value, tier);
    }

    public RunFilter withTier(String value) {
        return new RunFilter(period, search, runId, testId, deviceId, value);
    }

    private static String blankless(String value) {
        return value == null ? "" : value.strip();
    }
}
