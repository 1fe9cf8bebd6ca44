package dev.parallax.insights.regression;

import dev.parallax.analytics.regression.RunMetric;
import java.util.List;

/** A series of runs and the change points now found in it, with their expected-change marks. */
public record SeriesAnalysis(RunSeries series, List<RunChange> changes) {

    public SeriesAnalysis {
        changes = List.copyOf(changes);
    }

    public List<RunChange> changes(RunMetric metric) {
        return changes.stream().filter(c -> c.metric() == metric).toList();
    }
}
