package dev.parallax.analytics.placement;

/**
 * What one tier measured for a test over the evidence window.
 *
 * @param inferences          inferences in the window
 * @param throughputPerSecond the highest per-device rate observed: what one node of the tier sustains
 * @param p99Ms               p99 latency merged over the window's sketches
 */
public record TierFigures(long inferences, double throughputPerSecond, double p99Ms) {

    public static final TierFigures NONE = new TierFigures(0, 0, Double.NaN);

    public TierFigures {
        if (inferences < 0 || !(throughputPerSecond >= 0)) {
            throw new IllegalArgumentException("inferences and throughput must be >= 0");
        }
    }

    public boolean measured() {
        return inferences > 0;
    }
}
