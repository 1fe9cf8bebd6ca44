package dev.parallax.analytics.alert;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.FleetSnapshot.LatencySeries;
import dev.parallax.analytics.alert.FleetSnapshot.Window;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.latency.QuantileSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * p99 over the test's latency budget for N (3) consecutive windows. A one-minute window rarely holds the 662
 * samples a p99 needs (SPEC §3), so the N windows must hold them together: fewer samples give no verdict.
 */
public final class LatencyBudgetRule implements AlertRule {

    public static final String ID = "p99-over-budget";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (LatencySeries series : snapshot.latency()) {
            double budget = settings.budgetMs(series.testId());
            int n = settings.budgetWindows();
            if (Double.isNaN(budget) || settings.muted(series.testId(), ID) || series.windows().size() < n) {
                continue;
            }
            List<Window> last = series.windows().subList(series.windows().size() - n, series.windows().size());
            long samples = last.stream().mapToLong(Window::samples).sum();
            boolean allOver = last.stream().allMatch(w -> w.p99Ms() > budget);
            if (allOver && settings.reliability().isReliable(0.99, samples)) {
                double worst = last.stream().mapToDouble(Window::p99Ms).max().orElseThrow();
                QuantileSketch merged = last.getFirst().sketch().copy();
                last.subList(1, n).forEach(w -> merged.merge(w.sketch()));
                findings.add(new Finding(ID, series.subject(), Severity.CRITICAL, String.format(Locale.ROOT,
                        "%s p99 over its %.1f ms budget for %d consecutive windows (together %s; worst window %.1f ms;"
                                + " %d samples)", series.testId(), budget, n,
                        Figures.tail(Percentile.of(merged, 0.99, PercentileConfidence.SHOWN), " ms"), worst, samples),
                        worst, budget));
            }
        }
        return findings;
    }
}
