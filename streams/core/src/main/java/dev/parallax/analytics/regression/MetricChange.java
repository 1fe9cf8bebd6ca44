package dev.parallax.analytics.regression;

import dev.parallax.analytics.changepoint.ChangePoint;
import dev.parallax.analytics.changepoint.ChangePointSeries;
import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.changepoint.MeanShift;
import java.util.List;

/**
 * A change point in one metric's series of runs, with the direction judged: {@link #regression()} when the
 * metric got worse across it.
 *
 * @param index position of the first run after the change in the series the change was found in
 */
public record MetricChange(RunMetric metric, int index, MeanShift shift) {

    /**
     * The change points of {@code values} (one per run, in run order) under {@code settings}: its p-value and its
     * magnitude floor ({@link ChangePointSettings#minMagnitude()}) decide which changes count.
     */
    public static List<MetricChange> find(RunMetric metric, ChangePointSettings settings, double[] values) {
        List<ChangePoint> points = ChangePointSeries.of(settings, values).changePoints();
        return points.stream().map(p -> new MetricChange(metric, p.index(), p.shift())).toList();
    }

    public boolean regression() {
        return metric.worsens(shift.meanBefore(), shift.meanAfter());
    }
}
