package dev.parallax.analytics.latency;

/**
 * The figures of one latency window or range, as the {@code latency_windows} row carries them (SPEC §11).
 * Latency figures are over OK inferences only; they are {@code NaN} when the window holds errors only.
 *
 * @param count  all inferences, errors included
 * @param errors inferences whose status is not OK
 * @param sketch the window's {@link DDQuantileSketch} encoding, mergeable into any range
 */
public record LatencySummary(long count, long errors, double meanMs, double p50Ms, double p90Ms, double p95Ms,
                             double p99Ms, double p999Ms, double maxMs, byte[] sketch) {

    /** Inferences that contributed a latency. */
    public long okCount() {
        return count - errors;
    }
}
