package dev.parallax.ui.compare;

import dev.parallax.insights.regression.SeriesKey;
import java.util.List;
import java.util.Map;

/**
 * Two runs compared: the series either measured, in order, each figure with its verdict, and each series' samples
 * of A and B (for the latency distributions' chart).
 */
public record Comparison(String runA, String runB, List<SeriesKey> series, List<ComparedFigure> figures,
                         Map<SeriesKey, RunSamples[]> samples) {

    public long worse() {
        return figures.stream().filter(f -> f.verdict() == ComparedFigure.Verdict.WORSE).count();
    }

    public long better() {
        return figures.stream().filter(f -> f.verdict() == ComparedFigure.Verdict.BETTER).count();
    }
}
