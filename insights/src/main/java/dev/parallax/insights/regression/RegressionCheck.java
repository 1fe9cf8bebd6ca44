package dev.parallax.insights.regression;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.regression.FalseAlarmRate;
import dev.parallax.analytics.regression.RunMetric;
import java.util.Locale;

/**
 * One metric of one series, judged for one run by the gate: the run fails it when a regression nobody expected
 * starts at it.
 *
 * @param position the run's position among the series' runs that have the metric (0 = first)
 * @param runs how many runs of the series have the metric
 * @param confidence for a percentile, its interval over the run's inferences or why there is none; empty otherwise
 * @param before mean of the runs since the previous change point up to this run; NaN for the first run
 * @param change the change point that starts at this run; null when none does
 * @param falseAlarms how often noise alone raises a regression under these settings, at this length and noise; null
 *     when the noise is undefined (values varying around 0)
 */
public record RegressionCheck(SeriesKey key, RunMetric metric, String runId, int position, int runs, double value,
                              String confidence, double before, RunChange change, FalseAlarmRate falseAlarms,
                              ChangePointSettings settings) {

    public boolean fails() {
        return change != null && change.fails();
    }

    public String name() {
        return metric.label() + " · " + key;
    }

    /** The evidence: the measured numbers, the change point if any, and the false-alarm rate of the settings. */
    public String evidence() {
        StringBuilder s = new StringBuilder();
        if (change != null) {
            s.append(metric.label()).append(' ').append(format(metric, change.meanBefore())).append(" → ")
                    .append(format(metric, change.meanAfter()))
                    .append(String.format(Locale.ROOT, " (%+.1f %%, magnitude %.1f %% > floor %.1f %%), p = %.2g < %s",
                            change.relativeChange() * 100, change.magnitude() * 100, settings.minMagnitude() * 100,
                            change.pValue(), settings.maxPValue()))
                    .append("; ").append(change.runsBefore()).append(" runs before, ").append(change.runsAfter())
                    .append(" from this run on");
            thisRun(s);
            s.append("; ");
            s.append(!change.regression() ? "a change for the better"
                    : change.expected() ? "a regression marked expected by " + change.expectedBy()
                    : "a regression");
        } else {
            s.append(metric.label()).append(' ').append(measured()).append(", run ").append(position + 1).append(" of ").append(runs);
            if (position > 0) {
                s.append(" (before it: ").append(format(metric, before)).append(')');
            }
            s.append("; no change point starts at this run");
        }
        s.append("; false alarms at p < ").append(settings.maxPValue())
                .append(String.format(Locale.ROOT, ", floor %.1f %%", settings.minMagnitude() * 100));
        if (falseAlarms == null) {
            s.append(": not calibrated (the values vary around 0)");
        } else if (falseAlarms.noise() == 0) {
            s.append(": none (the series has no run-to-run noise)");
        } else {
            s.append(String.format(Locale.ROOT, " for %d runs at this series' noise (%.2g %%): ", falseAlarms.runs(),
                    falseAlarms.noise() * 100));
            s.append(falseAlarms.perSeries() == 0
                    ? String.format(Locale.ROOT, "none in %d noise-only series (below %.1f %% of series)",
                            falseAlarms.series(), 100.0 / falseAlarms.series())
                    : String.format(Locale.ROOT, "%.3f %% per run, %.1f %% of series (%d noise-only series)",
                            falseAlarms.perRun() * 100, falseAlarms.perSeries() * 100, falseAlarms.series()));
        }
        return s.toString();
    }

    /** This run's own value, when the change's "after" is the mean of several runs or the value has an interval. */
    private void thisRun(StringBuilder s) {
        if (change.runsAfter() > 1 || !confidence.isEmpty()) {
            s.append("; this run ").append(measured());
        }
    }

    private String measured() {
        return format(metric, value) + (confidence.isEmpty() ? "" : " (" + confidence + ")");
    }

    static String format(RunMetric metric, double value) {
        return switch (metric) {
            case FLIP_RATE, THROTTLED_SHARE -> String.format(Locale.ROOT, "%.2f %%", value * 100);
            default -> String.format(Locale.ROOT, "%.4g %s", value, metric.unit());
        };
    }
}
