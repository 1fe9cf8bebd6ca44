package dev.parallax.analytics.throttle;

/**
 * One thermal-throttle episode as the {@code throttle_episodes} row carries it (SPEC §4, §11). An open episode
 * is emitted as updates and finally replaced by its closed row; keep the row of the highest {@code version}.
 *
 * @param episodeId         name-based UUID of device id and start time: the same episode always has the same id
 * @param endTime           the closing sample's event time; for an open episode, the newest sample's so far
 * @param peakTempC         highest temperature in the episode, {@code NaN} when no sample carried one
 * @param meanTempC         mean of the temperatures in the episode, {@code NaN} when no sample carried one
 * @param samples           samples from the opening one up to, not including, the closing one
 * @param inferences        inferences among those samples
 * @param testsAffected     distinct tests of those inferences
 * @param latencyInflation  see {@link LatencyInflation}; {@code NaN} when no model has latencies both in the
 *                          episode and in the baseline before it. Its medians come from sketches of 0.5 %
 *                          relative accuracy, so it is within about 1 % of the exact ratio of medians
 * @param version           {@code 2 × (event time of the newest sample reflected) + (open ? 0 : 1)}: grows with
 *                          every update and lets the closed row win over an open row of the same instant; a
 *                          function of the input alone, so a replay writes the same versions
 */
public record ThrottleEpisode(String episodeId, String deviceId, String deviceClass, long startTime, long endTime,
                              double peakTempC, double meanTempC, long samples, long inferences, int testsAffected,
                              double latencyInflation, boolean open, long version) {

    public long durationMs() {
        return endTime - startTime;
    }
}
