package dev.parallax.insights.latency;

import dev.parallax.analytics.confidence.Percentile;

/**
 * One latency key of a test over a range (SPEC §3): its inferences, the quantiles of their merged window sketches
 * with their intervals (NaN when none succeeded), and its events that came too late to count in any window (beyond
 * the horizon of SPEC §3a; kept in raw only), which no other figure of the page includes.
 */
public record KeyFigures(String modelName, String modelVersion, String precision, String tier, String deviceClass,
                         long inferences, long errors, Percentile p50, Percentile p99, long tooLate) {

    public double p50Ms() {
        return p50.value();
    }

    public double p99Ms() {
        return p99.value();
    }
}
