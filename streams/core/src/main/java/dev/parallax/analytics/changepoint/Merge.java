package dev.parallax.analytics.changepoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hunter's merge step: thins the weak change points of the split step down to those that are both significant
 * ({@code p < maxPValue}) and large enough ({@code magnitude > minMagnitude}).
 *
 * <p>Greedy, bottom-up: while some change point has {@code p >= maxPValue}, remove the one with the largest
 * p-value; otherwise remove the one of smallest magnitude if that is {@code <= minMagnitude}; otherwise stop.
 * Ties go to the earliest. After a removal the two segments it separated are one, so neighbours are
 * re-tested, <em>exactly as Otava does</em>: the change point after the removed one and the one after that.
 * The one before keeps its statistics, now stale (its right segment grew). That is arguably an Otava slip,
 * but re-testing it too changes three of the eight golden TigerBeetle results, so it is reproduced here.
 * Otava then reports those possibly stale statistics; here the survivors are re-tested between their final
 * neighbours, so that the means, counts and p-value shown describe the segments actually shown. (A fresh
 * p-value can therefore, rarely, be above {@code maxPValue}: the decision was made on the stale one.)
 *
 * <p>The order of removals is global (the largest p-value anywhere goes first) and each re-test depends on
 * the neighbours present at that moment, so the merge is replayed over the weak change points on each update
 * rather than patched; it costs O(k²) for k weak change points and no window is re-analysed.
 */
final class Merge {

    private Merge() {
    }

    static List<ChangePoint> merge(double[] values, int size, List<ChangePoint> weak, ChangePointSettings settings) {
        List<ChangePoint> points = new ArrayList<>(weak);
        while (!points.isEmpty()) {
            int weakest = first(points, Comparator.comparingDouble((ChangePoint c) -> c.shift().pValue()).reversed());
            if (points.get(weakest).shift().pValue() < settings.maxPValue()) {
                weakest = first(points, Comparator.comparingDouble((ChangePoint c) -> c.shift().magnitude()));
                if (points.get(weakest).shift().magnitude() > settings.minMagnitude()) {
                    break;
                }
            }
            points.remove(weakest);
            retest(values, size, points, weakest);
            retest(values, size, points, weakest + 1);
        }
        for (int k = 0; k < points.size(); k++) {
            retest(values, size, points, k);
        }
        return points;
    }

    /** Re-tests {@code points[k]} against its current neighbours (the series' ends where it has none). */
    static void retest(double[] values, int size, List<ChangePoint> points, int k) {
        if (k < 0 || k >= points.size()) {
            return;
        }
        int from = k == 0 ? 0 : points.get(k - 1).index();
        int to = k == points.size() - 1 ? size : points.get(k + 1).index();
        int at = points.get(k).index();
        points.set(k, new ChangePoint(at, MeanShift.between(values, from, at, to)));
    }

    /** Position of the first point that no later point precedes in {@code order}. */
    private static int first(List<ChangePoint> points, Comparator<ChangePoint> order) {
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            if (order.compare(points.get(i), points.get(best)) < 0) {
                best = i;
            }
        }
        return best;
    }
}
