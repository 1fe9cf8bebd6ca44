package dev.parallax.insights.latency;

import dev.parallax.analytics.confidence.Percentile;
import java.time.Instant;

/** Tail latency of one tier over one bucket of time, merged from the bucket's window sketches, each with its interval. */
public record LatencyPoint(Instant start, String tier, long samples, Percentile p50, Percentile p95, Percentile p99,
                           Percentile p999) {

    public double p50Ms() {
        return p50.value();
    }

    public double p95Ms() {
        return p95.value();
    }

    public double p99Ms() {
        return p99.value();
    }

    public double p999Ms() {
        return p999.value();
    }
}
