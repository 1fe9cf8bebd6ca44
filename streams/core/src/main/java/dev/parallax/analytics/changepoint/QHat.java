package dev.parallax.analytics.changepoint;

/**
 * The E-divisive divergence q-hat (Matteson and James, "A Nonparametric Approach for Multiple Change Point
 * Analysis of Multivariate Data", 2014, with alpha = 1) over the runs of one window, and its best split.
 *
 * <p>For a split of {@code [lo, kappa)} at {@code tau} into X = {@code [lo, tau)} (n runs) and
 * Y = {@code [tau, kappa)} (m runs):
 * <pre>
 *   q(tau, kappa) = 2/(m+n) Σ|x-y| - 2m/((m+n)(n-1)) Σ_{i&lt;j}|x_i-x_j| - 2n/((m+n)(m-1)) Σ_{i&lt;j}|y_i-y_j|
 * </pre>
 * (a within-sum term is 0 for a one-run side). The best split of an interval maximizes q over every
 * {@code lo < tau < kappa <= hi}; ties go to the smallest tau, then the smallest kappa, as numpy's argmax over
 * Otava's matrix does. Column prefix sums of the distance matrix make each interval O(w²) rather than O(w⁴).
 */
final class QHat {

    /** The split point (first run after the change) and its q-hat. */
    record Split(int index, double qHat) {
    }

    private final int start;
    /** {@code below[j][i]} = Σ_{start <= t < start + i} |x_t - x_{start + j}|. */
    private final double[][] below;

    QHat(double[] values, int start, int end) {
        this.start = start;
        int w = end - start;
        below = new double[w][w + 1];
        for (int j = 0; j < w; j++) {
            double xj = values[start + j];
            for (int i = 0; i < w; i++) {
                below[j][i + 1] = below[j][i] + Math.abs(values[start + i] - xj);
            }
        }
    }

    /** The best split of {@code [lo, hi)}, which needs at least two runs. */
    Split best(int lo, int hi) {
        if (hi - lo < 2) {
            throw new IllegalArgumentException("an interval of " + (hi - lo) + " run(s) cannot be split");
        }
        int bestIndex = -1;
        double bestQ = Double.NEGATIVE_INFINITY;
        double withinX = 0;
        for (int tau = lo + 1; tau < hi; tau++) {
            if (tau > lo + 1) {
                withinX += distances(lo, tau - 1, tau - 1);
            }
            int n = tau - lo;
            double cross = 0;
            double withinY = 0;
            for (int kappa = tau + 1; kappa <= hi; kappa++) {
                int added = kappa - 1;
                cross += distances(lo, tau, added);
                withinY += distances(tau, added, added);
                int m = kappa - tau;
                double q = 2.0 / (m + n) * cross;
                if (n > 1) {
                    q -= 2.0 * m / ((m + n) * (n - 1)) * withinX;
                }
                if (m > 1) {
                    q -= 2.0 * n / ((m + n) * (m - 1)) * withinY;
                }
                if (q > bestQ) {
                    bestQ = q;
                    bestIndex = tau;
                }
            }
        }
        return new Split(bestIndex, bestQ);
    }

    /** Σ_{from <= i < to} |x_i - x_j|. */
    private double distances(int from, int to, int j) {
        double[] column = below[j - start];
        return column[to - start] - column[from - start];
    }
}
