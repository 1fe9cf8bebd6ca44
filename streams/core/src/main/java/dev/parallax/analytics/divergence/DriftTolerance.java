package dev.parallax.analytics.divergence;

import dev.parallax.analytics.Figures;
import java.util.ArrayList;
import java.util.List;

/**
 * The divergence a quantized model may show before it counts as drifted (SPEC §5 defaults: flip rate at most
 * 1 %, mean SQNR at least 30 dB, mean cosine at least 0.99). A window without pairs is no evidence and passes.
 */
public final class DriftTolerance {

    public static final double DEFAULT_MAX_FLIP_RATE = 0.01;
    public static final double DEFAULT_MIN_MEAN_SQNR_DB = 30;
    public static final double DEFAULT_MIN_MEAN_COSINE = 0.99;

    private final double maxFlipRate;
    private final double minMeanSqnrDb;
    private final double minMeanCosine;

    private DriftTolerance(Builder builder) {
        if (!(builder.maxFlipRate >= 0 && builder.maxFlipRate <= 1)) {
            throw new IllegalArgumentException("max flip rate must be in [0, 1]: " + builder.maxFlipRate);
        }
        if (!Double.isFinite(builder.minMeanSqnrDb)) {
            throw new IllegalArgumentException("min mean SQNR must be finite: " + builder.minMeanSqnrDb);
        }
        if (!(builder.minMeanCosine >= -1 && builder.minMeanCosine <= 1)) {
            throw new IllegalArgumentException("min mean cosine must be in [-1, 1]: " + builder.minMeanCosine);
        }
        this.maxFlipRate = builder.maxFlipRate;
        this.minMeanSqnrDb = builder.minMeanSqnrDb;
        this.minMeanCosine = builder.minMeanCosine;
    }

    public static DriftTolerance defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public double maxFlipRate() {
        return maxFlipRate;
    }

    public double minMeanSqnrDb() {
        return minMeanSqnrDb;
    }

    public double minMeanCosine() {
        return minMeanCosine;
    }

    /** Human-readable breaches of this tolerance, empty when the window is within it. */
    public List<String> breaches(DivergenceSummary window) {
        List<String> breaches = new ArrayList<>();
        if (window.pairs() == 0) {
            return breaches;
        }
        if (window.flipRate() > maxFlipRate) {
            breaches.add("flip rate " + Figures.percent(window.flipRate()) + " > " + Figures.percent(maxFlipRate));
        }
        if (window.sqnrMeanDb() < minMeanSqnrDb) {
            breaches.add("mean SQNR " + Figures.decibels(window.sqnrMeanDb()) + " < " + Figures.decibels(minMeanSqnrDb));
        }
        if (window.cosineMean() < minMeanCosine) {
            breaches.add("mean cosine " + Figures.cosine(window.cosineMean()) + " < " + Figures.cosine(minMeanCosine));
        }
        return breaches;
    }

    public boolean isWithin(DivergenceSummary window) {
        return breaches(window).isEmpty();
    }

    public static final class Builder {
        private double maxFlipRate = DEFAULT_MAX_FLIP_RATE;
        private double minMeanSqnrDb = DEFAULT_MIN_MEAN_SQNR_DB;
        private double minMeanCosine = DEFAULT_MIN_MEAN_COSINE;

        private Builder() {
        }

        public Builder maxFlipRate(double maxFlipRate) {
            this.maxFlipRate = maxFlipRate;
            return this;
        }

        public Builder minMeanSqnrDb(double minMeanSqnrDb) {
            this.minMeanSqnrDb = minMeanSqnrDb;
            return this;
        }

        public Builder minMeanCosine(double minMeanCosine) {
            this.minMeanCosine = minMeanCosine;
            return this;
        }

        public DriftTolerance build() {
            return new DriftTolerance(this);
        }
    }
}
