package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.streams.records.EventTimePolicy;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.metrics.PipelineMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/** What the analytics topology computes, how often it reports and where it counts; SPEC defaults throughout. */
public final class AnalyticsSettings {

    private final LatencySettings latency;
    private final ThrottleSettings throttle;
    private final DivergenceSettings divergence;
    private final Duration emitInterval;
    private final ArrivalPolicy arrival;
    private final PipelineMetrics metrics;

    private AnalyticsSettings(Builder builder) {
        this.latency = builder.latency;
        this.throttle = builder.throttle;
        this.divergence = builder.divergence;
        this.emitInterval = builder.emitInterval;
        this.arrival = builder.arrival;
        this.metrics = builder.metrics;
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

    /** How late events and wrong clocks are placed (SPEC §3a): a 7-day horizon per key, clocks 1 h ahead at most. */
    public ArrivalPolicy arrival() {
        return arrival;
    }

    /** Events in and out, dead letters, late and too-late inputs: the service's registry, or one nobody reads. */
    public PipelineMetrics metrics() {
        return metrics;
    }

    public static final class Builder {
        private LatencySettings latency = LatencySettings.defaults();
        private ThrottleSettings throttle = ThrottleSettings.defaults();
        private DivergenceSettings divergence = DivergenceSettings.defaults();
        private Duration emitInterval = EventTimePolicy.DEFAULT_EMIT_INTERVAL;
        private ArrivalPolicy arrival = ArrivalPolicy.defaults();
        private PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());

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

        public Builder arrival(ArrivalPolicy arrival) {
            this.arrival = Objects.requireNonNull(arrival);
            return this;
        }

        public Builder metrics(PipelineMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics);
            return this;
        }

        public AnalyticsSettings build() {
            return new AnalyticsSettings(this);
        }
    }
}
