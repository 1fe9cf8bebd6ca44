package dev.parallax.ui.tests;

import java.time.Instant;

/** Tail latency of one tier over one bucket of time, merged from the bucket's window sketches. */
public record LatencyPoint(Instant start, String tier, long samples, double p50Ms, double p95Ms, double p99Ms,
                           double p999Ms) {
}
