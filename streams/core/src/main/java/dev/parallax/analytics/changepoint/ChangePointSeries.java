package dev.parallax.analytics.changepoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One metric's values over successive runs and the change points Hunter's method finds in them: E-divisive
 * means over sliding windows with a Student t-test (the split step, {@link WeakChangePoints}), then a merge of
 * the weak change points down to the significant ones ({@link Merge}).
 *
 * <p>Incremental: {@link #append} is O(1) and the next {@link #changePoints()} re-analyses only the windows
 * that reach the new runs and re-tests only the weak change points whose segments changed, before replaying
 * the merge. The answer is the same as for the whole series analysed at once (the golden test and the
 * incremental-equals-batch test check both). Not thread-safe.
 */
public final class ChangePointSeries {

    private final ChangePointSettings settings;
    private final WeakChangePoints split;
    private double[] values = new double[64];
    private int size;
    /** The weak change points with their tests, as of {@link #analysedSize}. */
    private List<ChangePoint> weak = List.of();
    private List<ChangePoint> changePoints = List.of();
    private int analysedSize;

    public ChangePointSeries(ChangePointSettings settings) {
        this.settings = settings;
        this.split = new WeakChangePoints(settings);
    }

    /** A series holding {@code values}, in run order. */
    public static ChangePointSeries of(ChangePointSettings settings, double... values) {
        ChangePointSeries series = new ChangePointSeries(settings);
        for (double value : values) {
            series.append(value);
        }
        return series;
    }

    /** Adds the next run's value. */
    public void append(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("run value must be finite: " + value);
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int size() {
        return size;
    }

    /** The change points, ascending by index, each tested against the segments up to its neighbours. */
    public List<ChangePoint> changePoints() {
        if (analysedSize != size) {
            weak = retest(split.update(values, size));
            changePoints = List.copyOf(Merge.merge(values, size, weak, settings));
            analysedSize = size;
        }
        return changePoints;
    }

    /**
     * The tests of the new weak change points: a point keeps its test when it, its predecessor and its
     * successor are unchanged (the last one's right segment always grew, so it is always re-tested).
     */
    private List<ChangePoint> retest(int[] indexes) {
        int unchanged = 0;
        while (unchanged < indexes.length && unchanged < weak.size() && weak.get(unchanged).index() == indexes[unchanged]) {
            unchanged++;
        }
        List<ChangePoint> tested = new ArrayList<>(indexes.length);
        for (int k = 0; k < indexes.length; k++) {
            // A changed point enters untested; the loop below tests it once its neighbours are all in place.
            tested.add(k + 1 < unchanged ? weak.get(k) : new ChangePoint(indexes[k], null));
        }
        for (int k = Math.max(0, unchanged - 1); k < indexes.length; k++) {
            Merge.retest(values, size, tested, k);
        }
        return List.copyOf(tested);
    }
}
