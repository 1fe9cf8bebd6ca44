package dev.parallax.analytics.alert;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.alert.FleetSnapshot.DriftSample;
import dev.parallax.analytics.latency.QuantileSketch;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency drift against the baseline (SPEC §3): the two-sample test must call the distributions different and
 * p50 or p99 must have moved by more than the drift shift. A p99 shift counts only when both ranges hold the
 * samples a p99 needs; with fewer, only the p50 can alert.
 */
public final class LatencyDriftRule implements AlertRule {

    public static final String ID = "latency-drift";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (DriftSample sample : snapshot.drift()) {
            QuantileSketch current = sample.current();
            QuantileSketch baseline = sample.baseline();
            if (settings.muted(sample.testId(), ID)
                    || !settings.reliability().isReliable(0.5, current.count())
                    || !settings.reliability().isReliable(0.5, baseline.count())) {
                continue;
            }
            SketchKolmogorovSmirnov.Result test = SketchKolmogorovSmirnov.test(current, baseline);
            if (test.pValue() >= settings.driftSignificance()) {
                continue;
            }
            double p50Shift = current.quantile(0.5) / baseline.quantile(0.5) - 1;
            boolean p99Decides = settings.reliability().isReliable(0.99, current.count())
                    && settings.reliability().isReliable(0.99, baseline.count());
            double p99Shift = p99Decides ? current.quantile(0.99) / baseline.quantile(0.99) - 1 : 0;
            double shift = Math.abs(p99Shift) > Math.abs(p50Shift) ? p99Shift : p50Shift;
            if (Math.abs(shift) > settings.driftShift()) {
                findings.add(new Finding(ID, sample.subject(), Severity.WARNING, sample.testId()
                        + " drifted from its baseline: p50 " + Figures.signedPercent(p50Shift) + ", p99 "
                        + (p99Decides ? Figures.signedPercent(p99Shift) : "too few samples")
                        + "; p99 now " + Figures.tail(Percentile.of(current, 0.99, PercentileConfidence.SHOWN), " ms")
                        + ", baseline " + Figures.tail(Percentile.of(baseline, 0.99, PercentileConfidence.SHOWN), " ms")
                        + " (KS D="
                        + Figures.number(test.statistic()) + ", p=" + Figures.number(test.pValue()) + "; "
                        + Figures.count(current.count()) + " vs " + Figures.count(baseline.count()) + " samples)",
                        shift, settings.driftShift()));
            }
        }
        return findings;
    }
}
