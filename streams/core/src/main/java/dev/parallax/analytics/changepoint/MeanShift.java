package dev.parallax.analytics.changepoint;

import dev.parallax.analytics.stats.StudentT;

/**
 * The two segments either side of a change point and Student's two-sided t-test between their means.
 *
 * <p>The test is computed as Otava computes it, so that p-values (and therefore the change points kept) match:
 * the pooled-variance t-test of {@code scipy.stats.ttest_ind_from_stats} fed with each side's population
 * standard deviation ({@code numpy.std}, divisor n rather than n - 1). That slightly understates the pooled
 * variance and so the p-value for short segments; the golden series depends on it.
 *
 * @param pValue two-sided; 1 when there is no evidence (one run per side, or both sides constant and equal)
 */
public record MeanShift(int runsBefore, double meanBefore, double stdDevBefore,
                        int runsAfter, double meanAfter, double stdDevAfter,
                        double tStatistic, double pValue) {

    /** Compares {@code values[from, at)} with {@code values[at, to)}; both must be non-empty. */
    static MeanShift between(double[] values, int from, int at, int to) {
        if (!(from < at && at < to)) {
            throw new IllegalArgumentException("empty side: [" + from + ", " + at + ") vs [" + at + ", " + to + ")");
        }
        int n1 = at - from;
        int n2 = to - at;
        double mean1 = mean(values, from, at);
        double mean2 = mean(values, at, to);
        double std1 = populationStdDev(values, from, at, mean1);
        double std2 = populationStdDev(values, at, to, mean2);
        double df = n1 + n2 - 2.0;
        double t = 0;
        double p = 1;
        if (df > 0) {
            double pooledVariance = ((n1 - 1) * (std1 * std1) + (n2 - 1) * (std2 * std2)) / df;
            t = (mean1 - mean2) / Math.sqrt(pooledVariance * (1.0 / n1 + 1.0 / n2));
            if (Double.isNaN(t)) { // 0 / 0: both sides constant and equal
                t = 0;
            } else {
                p = StudentT.twoSidedPValue(t, df);
            }
        }
        return new MeanShift(n1, mean1, std1, n2, mean2, std2, t, p);
    }

    /** {@code meanAfter / meanBefore - 1}; 0 when the mean before is 0. */
    public double relativeChange() {
        return meanBefore == 0 ? 0 : meanAfter / meanBefore - 1;
    }

    /**
     * The larger of the relative changes forwards and backwards, so that a rise and the fall back count alike
     * (+25 % and -20 % both give 0.25).
     */
    public double magnitude() {
        double backwards = meanAfter == 0 ? 0 : meanBefore / meanAfter - 1;
        return Math.max(Math.abs(relativeChange()), Math.abs(backwards));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static double populationStdDev(double[] values, int from, int to, double mean) {
        double squares = 0;
        for (int i = from; i < to; i++) {
            double d = values[i] - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (to - from));
    }
}
