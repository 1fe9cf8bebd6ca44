package dev.parallax.ui.tests;

/**
 * One latency key of a test over a range (SPEC §3): its inferences, the quantiles of their merged window sketches
 * (NaN when none succeeded), and its events that came too late to count in any window (beyond the horizon of
 * SPEC §3a; kept in raw only), which no other figure of the page includes.
 */
public record KeyFigures(String modelName, String modelVersion, String precision, String tier, String deviceClass,
                         long inferences, long errors, double p50Ms, double p99Ms, long tooLate) {
}
