package dev.parallax.analytics.divergence;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.window.TumblingWindows;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Divergence settings with the SPEC §5 defaults: the reference is FP32, else FP16, preferably from the CLOUD
 * tier; a candidate waits up to 24 h for its reference; windows of 5 minutes by candidate event time with
 * 30 s grace (as latency windows); the drift tolerance of {@link DriftTolerance#defaults()}.
 *
 * <p>Window aggregation details: per-pair SQNR is clamped to ±{@value #DEFAULT_SQNR_CAP_DB} dB in window means
 * (float32 arithmetic cannot resolve more than ~150 dB, so identical vectors count as "perfect" rather than
 * +∞, which would make every mean infinite); KL and max-abs-error quantiles come from sketches accurate to
 * 0.5 %; in a PROBABILITIES KL, candidate probabilities are floored at 1e-12.
 */
public final class DivergenceSettings {

    public static final List<Precision> DEFAULT_REFERENCE_PRECISIONS = List.of(Precision.FP32, Precision.FP16);
    public static final Tier DEFAULT_REFERENCE_TIER = Tier.CLOUD;
    public static final Duration DEFAULT_PAIRING_HORIZON = Duration.ofHours(24);
    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final double DEFAULT_SQNR_CAP_DB = 150;
    public static final double DEFAULT_PROBABILITY_FLOOR = 1e-12;
    public static final double DEFAULT_SKETCH_RELATIVE_ACCURACY = 0.005;

    private final List<Precision> referencePrecisions;
    private final Tier referenceTier;
    private final long pairingHorizonMs;
    private final TumblingWindows windows;
    private final double sqnrCapDb;
    private final OutputComparator comparator;
    private final double sketchRelativeAccuracy;
    private final DriftTolerance tolerance;

    private DivergenceSettings(Builder builder) {
        if (builder.referencePrecisions.isEmpty()) {
            throw new IllegalArgumentException("at least one reference precision is needed");
        }
        this.referencePrecisions = List.copyOf(builder.referencePrecisions);
        this.referenceTier = builder.referenceTier;
        if (builder.pairingHorizon.isNegative()) {
            throw new IllegalArgumentException("pairing horizon must not be negative: " + builder.pairingHorizon);
        }
        this.pairingHorizonMs = builder.pairingHorizon.toMillis();
        this.windows = TumblingWindows.of(builder.windowSize, builder.grace);
        if (!(builder.sqnrCapDb > 0 && builder.sqnrCapDb < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("SQNR cap must be finite and positive: " + builder.sqnrCapDb);
        }
        this.sqnrCapDb = builder.sqnrCapDb;
        this.comparator = new OutputComparator(builder.probabilityFloor);
        this.sketchRelativeAccuracy = builder.sketchRelativeAccuracy;
        this.tolerance = builder.tolerance;
        newWindow(); // validates the sketch accuracy now rather than at the first window
    }

    public static DivergenceSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Rank of an event as a reference, lower is better: reference precisions in order, and within a precision
     * the preferred tier first; {@code -1} when the event's precision is not a reference precision.
     */
    int referenceRank(OutputSample sample) {
        int precision = referencePrecisions.indexOf(sample.precision());
        return precision < 0 ? -1 : 2 * precision + (sample.tier() == referenceTier ? 0 : 1);
    }

    public List<Precision> referencePrecisions() {
        return referencePrecisions;
    }

    public Tier referenceTier() {
        return referenceTier;
    }

    public long pairingHorizonMs() {
        return pairingHorizonMs;
    }

    public TumblingWindows windows() {
        return windows;
    }

    public double sqnrCapDb() {
        return sqnrCapDb;
    }

    public OutputComparator comparator() {
        return comparator;
    }

    public DriftTolerance tolerance() {
        return tolerance;
    }

    /** A new, empty window aggregate. */
    public DivergenceWindow newWindow() {
        return new DivergenceWindow(sketchRelativeAccuracy, sqnrCapDb);
    }

    public static final class Builder {
        private List<Precision> referencePrecisions = DEFAULT_REFERENCE_PRECISIONS;
        private Tier referenceTier = DEFAULT_REFERENCE_TIER;
        private Duration pairingHorizon = DEFAULT_PAIRING_HORIZON;
        private Duration windowSize = DEFAULT_WINDOW_SIZE;
        private Duration grace = DEFAULT_GRACE;
        private double sqnrCapDb = DEFAULT_SQNR_CAP_DB;
        private double probabilityFloor = DEFAULT_PROBABILITY_FLOOR;
        private double sketchRelativeAccuracy = DEFAULT_SKETCH_RELATIVE_ACCURACY;
        private DriftTolerance tolerance = DriftTolerance.defaults();

        private Builder() {
        }

        /** Reference precisions, most preferred first. */
        public Builder referencePrecisions(List<Precision> precisions) {
            this.referencePrecisions = List.copyOf(precisions);
            return this;
        }

        public Builder referenceTier(Tier tier) {
            this.referenceTier = Objects.requireNonNull(tier);
            return this;
        }

        public Builder pairingHorizon(Duration horizon) {
            this.pairingHorizon = Objects.requireNonNull(horizon);
            return this;
        }

        public Builder windowSize(Duration windowSize) {
            this.windowSize = Objects.requireNonNull(windowSize);
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = Objects.requireNonNull(grace);
            return this;
        }

        public Builder sqnrCapDb(double capDb) {
            this.sqnrCapDb = capDb;
            return this;
        }

        public Builder probabilityFloor(double floor) {
            this.probabilityFloor = floor;
            return this;
        }

        public Builder sketchRelativeAccuracy(double relativeAccuracy) {
            this.sketchRelativeAccuracy = relativeAccuracy;
            return this;
        }

        public Builder tolerance(DriftTolerance tolerance) {
            this.tolerance = Objects.requireNonNull(tolerance);
            return this;
        }

        public DivergenceSettings build() {
            return new DivergenceSettings(this);
        }
    }
}
