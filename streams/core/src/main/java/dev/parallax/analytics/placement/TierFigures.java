package dev.parallax.analytics.placement;

import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;

/**
 * What one tier measured for a test over the evidence window.
 *
 * @param inferences          inferences in the window
 * @param throughputPerSecond the highest per-device rate observed: what one node of the tier sustains
 * @param p99                 p99 latency merged over the window's sketches, with its interval
 */
public record TierFigures(long inferences, double throughputPerSecond, Percentile p99) {

    public static final TierFigures NONE = new TierFigures(0, 0, Percentile.none(0.99, PercentileConfidence.SHOWN));

    public TierFigures {
        if (inferences < 0 || !(throughputPerSecond >= 0)) {
            throw new IllegalArgumentException("inferences and throughput must be >= 0");
        }
    }

    public double p99Ms() {
        return p99.value();
    }

    public boolean measured() {
        return inferences > 0;
    }
}
