package dev.parallax.ui.compare;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.analytics.stats.MannWhitney;
import dev.parallax.analytics.stats.TwoProportions;
import dev.parallax.analytics.stats.Welch;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.ui.compare.ComparedFigure.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The figures of one series in two runs side by side, each with the test fit for it: the latency distribution by
 * Mann-Whitney U (a shift anywhere, robust to the long tail), each percentile also by its 95 % interval (two
 * intervals apart: the percentiles differ), energy per inference and mean SQNR by Welch's t, the flip rate by two
 * proportions. A difference counts at p below {@link #ALPHA}: several figures of several series are compared at once,
 * so 5 % would call about one in twenty unchanged figures different.
 */
public final class RunDifference {

    /** The significance a difference needs to be called one. */
    public static final double ALPHA = 0.01;

    private RunDifference() {
    }

    public static List<ComparedFigure> of(SeriesKey series, RunSamples a, RunSamples b) {
        List<ComparedFigure> figures = new ArrayList<>();
        double latencyP = MannWhitney.twoSidedPValue(a.latenciesMs(), b.latenciesMs());
        figures.add(percentile(series, RunMetric.P50_LATENCY_MS, 0.5, a, b, latencyP));
        figures.add(percentile(series, RunMetric.P99_LATENCY_MS, 0.99, a, b, latencyP));
        figures.add(mean(series, RunMetric.ENERGY_J, a.energiesJ(), b.energiesJ(), Figures::joules));
        if (a.pairs() > 0 || b.pairs() > 0) {
            figures.add(flipRate(series, a, b));
            figures.add(mean(series, RunMetric.SQNR_DB, a.sqnrDb(), b.sqnrDb(), Figures::decibels));
        }
        return figures;
    }

    /**
     * A percentile: the distributions' test decides whether B moved; the intervals say whether this percentile did
     * (a p99 can move while the body does not, which the U test alone would miss).
     */
    private static ComparedFigure percentile(SeriesKey series, RunMetric metric, double q, RunSamples a, RunSamples b,
                                             double distributionP) {
        Percentile pa = Percentile.of(a.latenciesMs(), q, PercentileConfidence.SHOWN);
        Percentile pb = Percentile.of(b.latenciesMs(), q, PercentileConfidence.SHOWN);
        if (pa.samples() == 0 || pb.samples() == 0) {
            return unknown(series, metric, Figures.tail(pa, " ms"), Figures.tail(pb, " ms"));
        }
        boolean apart = pa.bounded() && pb.bounded() && (pa.upper() < pb.lower() || pb.upper() < pa.lower());
        String test = "Mann-Whitney U, " + p(distributionP) + (pa.bounded() && pb.bounded()
                ? "; 95 % intervals " + (apart ? "apart" : "overlap") : "; too few inferences for 95 % intervals");
        boolean differs = apart || distributionP < ALPHA;
        return new ComparedFigure(series, metric.label(), Figures.tail(pa, " ms"), Figures.tail(pb, " ms"),
                change(pa.value(), pb.value()), test, distributionP, verdict(metric, pa.value(), pb.value(), differs));
    }

    private static ComparedFigure mean(SeriesKey series, RunMetric metric, double[] a, double[] b,
                                       DoubleFunction<String> format) {
        if (a.length < 2 || b.length < 2) {
            return unknown(series, metric, a.length == 0 ? Figures.NOT_ENOUGH_DATA : format.apply(Welch.mean(a)),
                    b.length == 0 ? Figures.NOT_ENOUGH_DATA : format.apply(Welch.mean(b)));
        }
        double p = Welch.twoSidedPValue(a, b);
        double meanA = Welch.mean(a);
        double meanB = Welch.mean(b);
        return new ComparedFigure(series, metric.label(), format.apply(meanA) + " over " + Figures.count(a.length),
                format.apply(meanB) + " over " + Figures.count(b.length), change(meanA, meanB), "Welch's t, " + p(p), p,
                verdict(metric, meanA, meanB, p < ALPHA));
    }

    private static ComparedFigure flipRate(SeriesKey series, RunSamples a, RunSamples b) {
        RunMetric metric = RunMetric.FLIP_RATE;
        if (a.pairs() == 0 || b.pairs() == 0) {
            return unknown(series, metric, rate(a), rate(b));
        }
        double p = TwoProportions.twoSidedPValue(a.flips(), a.pairs(), b.flips(), b.pairs());
        double rateA = a.flips() / (double) a.pairs();
        double rateB = b.flips() / (double) b.pairs();
        return new ComparedFigure(series, metric.label(), rate(a), rate(b),
                Figures.signedPercent(rateB - rateA) + " (of all pairs)", "two proportions, " + p(p), p,
                verdict(metric, rateA, rateB, p < ALPHA));
    }

    private static String rate(RunSamples run) {
        return run.pairs() == 0 ? Figures.NOT_ENOUGH_DATA
                : Figures.percent(run.flips() / (double) run.pairs()) + " of " + Figures.count(run.pairs()) + " pairs";
    }

    private static ComparedFigure unknown(SeriesKey series, RunMetric metric, String a, String b) {
        return new ComparedFigure(series, metric.label(), a, b, "", "", Double.NaN, Verdict.UNKNOWN);
    }

    private static Verdict verdict(RunMetric metric, double a, double b, boolean differs) {
        if (!differs || a == b) return Verdict.SAME;
        return metric.worsens(a, b) ? Verdict.WORSE : Verdict.BETTER;
    }

    private static String change(double a, double b) {
        return a == 0 ? "" : Figures.signedPercent(b / a - 1);
    }

    private static String p(double p) {
        return p < 1e-4 ? "p < 0.0001" : String.format(Locale.ROOT, "p = %.2g", p);
    }
}
