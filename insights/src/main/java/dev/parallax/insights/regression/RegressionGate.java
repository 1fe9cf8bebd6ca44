package dev.parallax.insights.regression;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.regression.FalseAlarmRate;
import dev.parallax.analytics.regression.RunMetric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CI gate's regression checks (issue 16): for every series run {@code R} belongs to, each metric's series is
 * analysed (in memory: the gate reads only) and R fails when a regression starts at it (latency, energy, flip rate or throttled share up, SQNR down),
 * significant and beyond the magnitude floor, that nobody marked as expected.
 *
 * <p>A gate is one look at the warehouse: it analyses each series once, however many of its runs are asked about,
 * and the series it is asked about together ({@link #lookAt}, a page of runs) are read together
 * ({@link ChangePoints#find}). Make a new gate for a fresh look.
 */
public final class RegressionGate {

    /** The benchmark's figures, for comparison beside the rate calibrated for each series. */
    public static final String BENCHMARK = "benchmark (issue 16): at p < 0.001, 11.5 % of noise-only 200-run series at"
            + " 1 % noise raise a change point either way, 4.0 % with a 2 % floor";

    private final RunSeriesReader reader;
    private final ChangePoints changePoints;
    /** Calibrations by length and noise (rounded to two digits): series of one run share them. */
    private final Map<String, FalseAlarmRate> calibrations = new HashMap<>();
    private final Map<SeriesKey, SeriesAnalysis> analyses = new HashMap<>();

    /** A gate that reads and analyses every series it looks at. */
    public RegressionGate(RunSeriesReader reader, ChangePoints changePoints) {
        this.reader = reader;
        this.changePoints = changePoints;
    }

    /**
     * Analyses those of the series this gate has not looked at yet, together: one read, not one per series, for up to
     * {@value ChangePoints#SERIES_PER_READ} series (an export's chunk holds more).
     */
    public void lookAt(Collection<SeriesKey> keys) {
        analyses.putAll(changePoints.find(keys.stream().distinct().filter(k -> !analyses.containsKey(k)).toList()));
    }

    public List<RegressionCheck> check(String runId) {
        List<RegressionCheck> checks = new ArrayList<>();
        List<SeriesKey> keys = reader.keysOfRun(runId);
        lookAt(keys);
        for (SeriesKey key : keys) {
            SeriesAnalysis analysis = analysis(key);
            for (RunMetric metric : RunMetric.values()) {
                List<RunFigures> runs = analysis.series().runsWith(metric);
                int position = indexOf(runs, runId);
                if (position < 0) {
                    continue;
                }
                double[] values = RunSeries.values(runs, metric);
                List<RunChange> changes = analysis.changes(metric);
                RunChange change = changes.stream().filter(c -> c.runId().equals(runId)).findFirst().orElse(null);
                // The runs since the previous change point: the level this run is compared with, and its noise.
                int from = changes.stream().mapToInt(RunChange::index).filter(i -> i < position).max().orElse(0);
                double before = position == 0 ? Double.NaN : mean(values, from, position);
                // Too few runs before it to show noise: the whole level it belongs to (up to the next change point).
                int to = position - from >= 2 ? position : changes.stream().mapToInt(RunChange::index)
                        .filter(i -> i > from).min().orElse(values.length);
                double noise = FalseAlarmRate.noiseOf(values, from, to);
                checks.add(new RegressionCheck(key, metric, runId, position, runs.size(), values[position],
                        confidence(key, metric, runId), before, change,
                        Double.isNaN(noise) ? null : calibration(runs.size(), noise), changePoints.settings()));
            }
        }
        return checks;
    }

    /**
     * The change points that start at the run in one of its series: the gate fails the run on those that
     * {@link RunChange#fails() fail} (the verdict of {@link #check}, without the evidence's intervals and calibration).
     */
    public List<RunChange> changesAt(SeriesKey key, String runId) {
        return analysis(key).changes().stream().filter(c -> c.runId().equals(runId)).toList();
    }

    private SeriesAnalysis analysis(SeriesKey key) {
        lookAt(List.of(key));
        return analyses.get(key);
    }

    /**
     * For a percentile, its 95 % interval over the run's inferences from order statistics, or how many inferences one
     * would need; empty for other metrics.
     */
    private String confidence(SeriesKey key, RunMetric metric, String runId) {
        double q = switch (metric) {
            case P50_LATENCY_MS -> 0.5;
            case P99_LATENCY_MS -> 0.99;
            default -> Double.NaN;
        };
        if (Double.isNaN(q)) {
            return "";
        }
        double[] sorted = reader.latencies(key, runId);
        // The interval alone: the value beside it is the series' own (the warehouse's exact quantile).
        Percentile p = Percentile.of(Double.NaN, sorted, q, PercentileConfidence.SHOWN);
        return Figures.interval(p, " " + metric.unit()) + (p.bounded() ? " over " + Figures.count(sorted.length)
                + " inferences" : " inferences");
    }

    private FalseAlarmRate calibration(int runs, double noise) {
        double rounded = new BigDecimal(noise).round(new MathContext(2)).doubleValue();
        return calibrations.computeIfAbsent(runs + "/" + rounded,
                k -> FalseAlarmRate.calibrate(changePoints.settings(), runs, rounded));
    }

    private static int indexOf(List<RunFigures> runs, String runId) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).runId().equals(runId)) {
                return i;
            }
        }
        return -1;
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
