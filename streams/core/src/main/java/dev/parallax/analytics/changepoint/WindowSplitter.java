package dev.parallax.analytics.changepoint;

import java.util.ArrayList;
import java.util.List;

/**
 * E-divisive over one window with Hunter's t-test in place of the permutation test: split the interval whose
 * best q-hat split is largest, keep the split while the t-test between the two halves of that interval is
 * significant, and stop at the first split that is not.
 */
final class WindowSplitter {

    private WindowSplitter() {
    }

    /** Change points in {@code values[start, end)}, ascending, as indexes into {@code values}. */
    static List<Integer> changePoints(double[] values, int start, int end, double maxPValue) {
        QHat qHat = new QHat(values, start, end);
        List<Integer> found = new ArrayList<>();
        while (true) {
            QHat.Split best = null;
            int bestFrom = 0;
            int bestTo = 0;
            int from = start;
            for (int k = 0; k <= found.size(); k++) {
                int to = k < found.size() ? found.get(k) : end;
                if (to - from > 1) {
                    QHat.Split split = qHat.best(from, to);
                    if (best == null || split.qHat() > best.qHat()) {
                        best = split;
                        bestFrom = from;
                        bestTo = to;
                    }
                }
                from = to;
            }
            if (best == null || !(MeanShift.between(values, bestFrom, best.index(), bestTo).pValue() <= maxPValue)) {
                return found;
            }
            int at = 0;
            while (at < found.size() && found.get(at) < best.index()) {
                at++;
            }
            found.add(at, best.index());
        }
    }
}
