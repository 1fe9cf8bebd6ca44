package dev.parallax.analytics.changepoint;

/**
 * How a series is searched for change points, in Hunter's terms (Fleming et al., "Hunter: Using Change Point
 * Detection to Hunt for Performance Regressions", ICPE 2023, arXiv 2301.03034; Apache Otava's option names).
 *
 * @param windowLength runs in one E-divisive window; windows start half a window apart (or at the last change
 *     point found), so each run is seen by about two windows
 * @param maxPValue a change point is kept when the two-sided t-test between its neighbouring segments gives a
 *     p-value below this
 * @param minMagnitude ... and the relative change of the segment means exceeds this (0 keeps every significant one)
 */
public record ChangePointSettings(int windowLength, double maxPValue, double minMagnitude) {

    public ChangePointSettings {
        if (windowLength < 2) {
            throw new IllegalArgumentException("window length must be >= 2: " + windowLength);
        }
        if (!(maxPValue > 0 && maxPValue <= 1)) {
            throw new IllegalArgumentException("max p-value must be in (0, 1]: " + maxPValue);
        }
        if (!(minMagnitude >= 0)) {
            throw new IllegalArgumentException("min magnitude must be >= 0: " + minMagnitude);
        }
    }

    /** Otava's defaults: windows of 50 runs, p &lt; 0.001, any magnitude. */
    public static ChangePointSettings defaults() {
        return new ChangePointSettings(50, 0.001, 0);
    }

    /**
     * The looser p-value of the split step, whose "weak" change points the merge step then thins out to
     * {@link #maxPValue()}: ten times it below 0.05, twice it below 0.5 (Otava's rule, so results match).
     */
    double splitPValue() {
        if (maxPValue < 0.05) {
            return maxPValue * 10;
        }
        return maxPValue < 0.5 ? maxPValue * 2 : maxPValue;
    }

    /** Windows start at least this many runs apart. */
    int windowStep() {
        return windowLength / 2;
    }
}
