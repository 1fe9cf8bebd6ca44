package dev.parallax.analytics.changepoint;

import java.util.List;
import java.util.TreeSet;

/**
 * Hunter's split step, kept up to date as runs are appended: the union of the change points that
 * {@link WindowSplitter} finds, at the split step's looser p-value, in windows sliding over the series.
 *
 * <p>Windows are {@code windowLength} runs long; each starts at the later of half a window after the previous
 * start and the last change point the previous window found. A window that lies wholly inside the series
 * (start + windowLength &lt;= size) sees the same runs whatever is appended later, and its successor's start
 * depends only on it; so complete windows are analysed once and their change points <em>settled</em>. Only the
 * windows that run into the end of the series are re-analysed on each update: at most two, since they start
 * within the last window length and at least half a window apart. The result is therefore identical to
 * analysing the whole series from scratch. (Otava's own incremental mode instead restarts about four windows
 * before the end, an approximation.)
 */
final class WeakChangePoints {

    private final int windowLength;
    private final int windowStep;
    private final double pValue;
    private final TreeSet<Integer> settled = new TreeSet<>();
    /** Start of the first window not yet complete. */
    private int nextWindow;

    WeakChangePoints(ChangePointSettings settings) {
        windowLength = settings.windowLength();
        windowStep = settings.windowStep();
        pValue = settings.splitPValue();
    }

    /** The weak change points of {@code values[0, size)}, ascending; {@code size} never decreases. */
    int[] update(double[] values, int size) {
        while (nextWindow + windowLength <= size) {
            int start = nextWindow;
            List<Integer> found = WindowSplitter.changePoints(values, start, start + windowLength, pValue);
            settled.addAll(found);
            nextWindow = nextStart(start, found);
        }
        TreeSet<Integer> all = new TreeSet<>(settled);
        for (int start = nextWindow; start < size; ) {
            List<Integer> found = WindowSplitter.changePoints(values, start, size, pValue);
            all.addAll(found);
            start = nextStart(start, found);
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private int nextStart(int start, List<Integer> found) {
        return Math.max(found.isEmpty() ? 0 : found.getLast(), start + windowStep);
    }
}
