package dev.parallax.analytics.alert;

import dev.parallax.analytics.latency.QuantileSketch;

/**
 * Two-sample Kolmogorov–Smirnov test between two latency distributions known only by their quantile sketches.
 *
 * <p>The statistic D = sup |F₁(x) − F₂(x)| is taken at the percentiles of both sketches; each CDF value is
 * recovered by bisection on the sketch's quantile function. The sketch's relative error moves D by
 * at most the mass within that error band of x, which is small next to the differences that matter for an alert.
 * The p-value is the asymptotic Kolmogorov distribution with Stephens' small-sample correction (as in
 * Numerical Recipes' {@code kstwo}).
 */
public final class SketchKolmogorovSmirnov {

    private static final int GRID = 100;
    private static final int BISECTIONS = 40;

    private SketchKolmogorovSmirnov() {
    }

    public record Result(double statistic, double pValue) {
    }

    public static Result test(QuantileSketch a, QuantileSketch b) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("both samples must be non-empty");
        }
        double d = 0;
        for (int i = 0; i <= GRID; i++) {
            double q = (double) i / GRID;
            for (double x : new double[] {a.quantile(q), b.quantile(q)}) {
                d = Math.max(d, Math.abs(cdf(a, x) - cdf(b, x)));
            }
        }
        double n = a.count();
        double m = b.count();
        double effective = Math.sqrt(n * m / (n + m));
        return new Result(d, kolmogorovTail((effective + 0.12 + 0.11 / effective) * d));
    }

    /** The largest q with quantile(q) ≤ x: the sketch's CDF at x. */
    static double cdf(QuantileSketch sketch, double x) {
        if (x < sketch.min()) {
            return 0;
        }
        if (x >= sketch.max()) {
            return 1;
        }
        double low = 0;
        double high = 1;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (low + high) / 2;
            if (sketch.quantile(mid) <= x) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²). */
    static double kolmogorovTail(double lambda) {
        if (lambda < 1e-3) {
            return 1;
        }
        double sum = 0;
        double sign = 1;
        for (int j = 1; j <= 100; j++) {
            double term = sign * Math.exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-12) {
                break;
            }
            sign = -sign;
        }
        return Math.clamp(2 * sum, 0, 1);
    }
}
