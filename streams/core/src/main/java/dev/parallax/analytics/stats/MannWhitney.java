package dev.parallax.analytics.stats;

import java.util.Arrays;

/**
 * The Mann-Whitney U test: whether one sample's values tend to be larger than another's (a shift of the whole
 * distribution, not only of its mean), without assuming any distribution, which suits latencies with their long
 * tails. Two-sided, by the normal approximation with the correction for ties and for continuity (as SciPy's
 * {@code mannwhitneyu(method="asymptotic")}), sound from about 8 values a sample.
 */
public final class MannWhitney {

    private MannWhitney() {
    }

    /** The two-sided p-value that {@code a} and {@code b} come from one distribution; NaN when either is empty. */
    public static double twoSidedPValue(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            return Double.NaN;
        }
        int n = n1 + n2;
        // Both samples in one order, each value knowing its sample; tied values share their mean rank.
        double[] values = new double[n];
        boolean[] fromA = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = i < n1 ? a[i] : b[i - n1];
            fromA[i] = i < n1;
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double rankSumA = 0;
        double tieTerm = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) {
                if (fromA[order[i]]) rankSumA += rank;
            }
            double ties = end - start + 1;
            tieTerm += ties * ties * ties - ties;
            start = end + 1;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2;
        double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (!(variance > 0)) {
            return 1; // every value the same
        }
        double z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
        return Normal.twoSidedPValue(z);
    }
}
