package dev.parallax.insights.regression;

import dev.parallax.analytics.regression.RunMetric;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run's figures in one series; a metric is absent when the run has nothing to measure it from (no power readings,
 * no divergence pairs).
 */
public record RunFigures(String runId, Instant start, long inferences, Map<RunMetric, Double> values) {

    public RunFigures {
        values = Map.copyOf(values);
    }

    public Optional<Double> value(RunMetric metric) {
        return Optional.ofNullable(values.get(metric));
    }
}
