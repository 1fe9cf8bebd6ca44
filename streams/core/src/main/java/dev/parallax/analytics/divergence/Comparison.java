package dev.parallax.analytics.divergence;

/** What comparing two output vectors yields: the pair's metrics, or why they cannot be compared. */
public sealed interface Comparison permits PairMetrics, Comparison.Rejection {

    /** The vectors cannot be compared; the event becomes a dead letter with this reason. */
    record Rejection(String reason) implements Comparison {
    }
}
