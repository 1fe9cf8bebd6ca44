package dev.parallax.analytics.latency;

import dev.parallax.analytics.window.TumblingWindows;
import java.time.Duration;
import java.util.Objects;

/**
 * Tail-latency settings with the SPEC §3 defaults: 1-minute windows, 30 s grace, sketches accurate to 0.5 %
 * (half the 1 % the SPEC promises, so the bound holds with margin), quantile alerts at 99 % confidence.
 */
public final class LatencySettings {

    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.005;
    public static final double DEFAULT_ALERT_CONFIDENCE = 0.99;

    private final TumblingWindows windows;
    private final double relativeAccuracy;
    private final QuantileReliability reliability;

    private LatencySettings(Builder builder) {
        this.windows = TumblingWindows.of(builder.windowSize, builder.grace);
        if (!(builder.relativeAccuracy > 0 && builder.relativeAccuracy < 1)) {
            throw new IllegalArgumentException("relative accuracy must be in (0, 1): " + builder.relativeAccuracy);
        }
        this.relativeAccuracy = builder.relativeAccuracy;
        this.reliability = new QuantileReliability(builder.alertConfidence);
    }

    public static LatencySettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public TumblingWindows windows() {
        return windows;
    }

    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    public QuantileReliability reliability() {
        return reliability;
    }

    /** A new, empty window aggregate with this accuracy. */
    public LatencyWindow newWindow() {
        return new LatencyWindow(relativeAccuracy);
    }

    public static final class Builder {
        private Duration windowSize = DEFAULT_WINDOW_SIZE;
        private Duration grace = DEFAULT_GRACE;
        private double relativeAccuracy = DEFAULT_RELATIVE_ACCURACY;
        private double alertConfidence = DEFAULT_ALERT_CONFIDENCE;

        private Builder() {
        }

        public Builder windowSize(Duration windowSize) {
            this.windowSize = Objects.requireNonNull(windowSize);
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = Objects.requireNonNull(grace);
            return this;
        }

        public Builder relativeAccuracy(double relativeAccuracy) {
            this.relativeAccuracy = relativeAccuracy;
            return this;
        }

        public Builder alertConfidence(double alertConfidence) {
            this.alertConfidence = alertConfidence;
            return this;
        }

        public LatencySettings build() {
            return new LatencySettings(this);
        }
    }
}
