package dev.parallax.analytics.placement;

/**
 * When a quantized candidate counts as numerically equivalent to its reference (SPEC §5 drift tolerance).
 * Defaults: flip rate ≤ 1 %, mean SQNR ≥ 30 dB, mean cosine ≥ 0.99.
 */
public record DivergenceTolerance(double maxFlipRate, double minSqnrDb, double minCosine) {

    public static final DivergenceTolerance DEFAULTS = new DivergenceTolerance(0.01, 30, 0.99);

    public DivergenceTolerance {
        if (!(maxFlipRate >= 0 && maxFlipRate <= 1)) {
            throw new IllegalArgumentException("max flip rate must be in [0, 1]: " + maxFlipRate);
        }
        if (!(minCosine >= -1 && minCosine <= 1)) {
            throw new IllegalArgumentException("min cosine must be in [-1, 1]: " + minCosine);
        }
        if (Double.isNaN(minSqnrDb)) {
            throw new IllegalArgumentException("min SQNR must be a number");
        }
    }

    /** The tolerances the figures break, in words; empty when within tolerance or when there are no pairs. */
    public java.util.List<String> breaches(DivergenceFigures figures) {
        if (figures.pairs() == 0) {
            return java.util.List.of();
        }
        java.util.List<String> broken = new java.util.ArrayList<>();
        if (figures.flipRate() > maxFlipRate) {
            broken.add(String.format(java.util.Locale.ROOT, "flip rate %.2f %% > %.2f %%",
                    100 * figures.flipRate(), 100 * maxFlipRate));
        }
        if (figures.sqnrMeanDb() < minSqnrDb) {
            broken.add(String.format(java.util.Locale.ROOT, "mean SQNR %.1f dB < %.1f dB", figures.sqnrMeanDb(), minSqnrDb));
        }
        if (figures.cosineMean() < minCosine) {
            broken.add(String.format(java.util.Locale.ROOT, "mean cosine %.4f < %.4f", figures.cosineMean(), minCosine));
        }
        return broken;
    }
}
