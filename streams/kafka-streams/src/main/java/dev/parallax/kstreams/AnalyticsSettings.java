package dev.parallax.kstreams;

import dev.parallax.streams.records.EventTimePolicy;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.throttle.ThrottleSettings;
import java.time.Duration;
import java.util.Objects;

/** What the analytics topology computes and how often it reports; SPEC defaults throughout. */
public final class AnalyticsSettings {

    private final LatencySettings latency;
    private final ThrottleSettings throttle;
    private final DivergenceSettings divergence;
    private final Duration emitInterval;
    private final Duration windowRetention;
    private final Duration maxClockSkew;

    private AnalyticsSettings(Builder builder) {
        this.latency = builder.latency;
        this.throttle = builder.throttle;
        this.divergence = builder.divergence;
        this.emitInterval = builder.emitInterval;
        this.windowRetention = builder.windowRetention;
        this.maxClockSkew = builder.maxClockSkew;
    }

    public static AnalyticsSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public LatencySettings latency() {
        return latency;
    }

    public ThrottleSettings throttle() {
        return throttle;
    }

    public DivergenceSettings divergence() {
        return divergence;
    }

    /** How often updated windows and episodes are emitted (default 1 s): bounds freshness and output volume. */
    public Duration emitInterval() {
        return emitInterval;
    }

    /**
     * How long a closed window stays in state to count late events (default 1 h). A divergence window stays
     * this long after the pairing horizon too: its candidates may be paired, or found unmatched, that late.
     */
    public Duration windowRetention() {
        return windowRetention;
    }

    /** How far ahead of the processing clock an event time may be before it is refused (default 1 h). */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    public static final class Builder {
        private LatencySettings latency = LatencySettings.defaults();
        private ThrottleSettings throttle = ThrottleSettings.defaults();
        private DivergenceSettings divergence = DivergenceSettings.defaults();
        private Duration emitInterval = EventTimePolicy.DEFAULT_EMIT_INTERVAL;
        private Duration windowRetention = EventTimePolicy.DEFAULT_WINDOW_RETENTION;
        private Duration maxClockSkew = EventTimePolicy.DEFAULT_MAX_CLOCK_SKEW;

        private Builder() {
        }

        public Builder latency(LatencySettings latency) {
            this.latency = Objects.requireNonNull(latency);
            return this;
        }

        public Builder throttle(ThrottleSettings throttle) {
            this.throttle = Objects.requireNonNull(throttle);
            return this;
        }

        public Builder divergence(DivergenceSettings divergence) {
            this.divergence = Objects.requireNonNull(divergence);
            return this;
        }

        public Builder emitInterval(Duration emitInterval) {
            this.emitInterval = Objects.requireNonNull(emitInterval);
            return this;
        }

        public Builder windowRetention(Duration windowRetention) {
            this.windowRetention = Objects.requireNonNull(windowRetention);
            return this;
        }

        public Builder maxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = Objects.requireNonNull(maxClockSkew);
            return this;
        }

        public AnalyticsSettings build() {
            return new AnalyticsSettings(this);
        }
    }
}
