package dev.parallax.insights.regression;

import dev.parallax.analytics.regression.RunMetric;
import java.util.List;

/** A series' runs in order of their start. */
public record RunSeries(SeriesKey key, List<RunFigures> runs) {

    public RunSeries {
        runs = List.copyOf(runs);
    }

    /** The runs that have a value of {@code metric}, in order: the series the detector sees for it. */
    public List<RunFigures> runsWith(RunMetric metric) {
        return runs.stream().filter(r -> r.values().containsKey(metric)).toList();
    }

    public static double[] values(List<RunFigures> runs, RunMetric metric) {
        return runs.stream().mapToDouble(r -> r.values().get(metric)).toArray();
    }
}
