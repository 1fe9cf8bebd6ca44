package dev.parallax.analytics.placement;

import dev.parallax.analytics.divergence.DriftTolerance;

/**
 * The knobs of the placement rubric.
 *
 * @param tolerance               numeric parity the edge must keep
 * @param maxThrottledShare       share of edge inferences inside throttle episodes beyond which edge results
 *                                are polluted (SPEC §6 uses 5 % for its throttle alert)
 * @param minRunsPerDayForEdge    how often a test must run to count as frequent
 * @param latencySamplesNeeded    samples before a p99 decides (662: the MLPerf bound of SPEC §3)
 * @param divergencePairsNeeded   pairs before a flip rate decides (300: with no flip in 300 pairs the 95 %
 *                                upper bound of the flip rate is 1 %, the tolerance — the rule of three)
 * @param assumedEdgeThroughput   inferences/s of one edge node when the test never ran on the edge (seed: 10)
 * @param assumedCloudThroughput  inferences/s of one cloud GPU when the test never ran on the cloud (seed: 200)
 */
public record PlacementPolicy(DriftTolerance tolerance, double maxThrottledShare, double minRunsPerDayForEdge,
                              long latencySamplesNeeded, long divergencePairsNeeded, double assumedEdgeThroughput,
                              double assumedCloudThroughput) {

    public static final PlacementPolicy DEFAULTS =
            new PlacementPolicy(DriftTolerance.defaults(), 0.05, 1, 662, 300, 10, 200);

    public PlacementPolicy {
        java.util.Objects.requireNonNull(tolerance, "tolerance");
        if (!(maxThrottledShare >= 0 && maxThrottledShare <= 1)) {
            throw new IllegalArgumentException("max throttled share must be in [0, 1]: " + maxThrottledShare);
        }
        if (latencySamplesNeeded < 1 || divergencePairsNeeded < 1) {
            throw new IllegalArgumentException("sample needs must be >= 1");
        }
        if (!(assumedEdgeThroughput > 0 && assumedCloudThroughput > 0)) {
            throw new IllegalArgumentException("assumed throughputs must be > 0");
        }
    }
}
