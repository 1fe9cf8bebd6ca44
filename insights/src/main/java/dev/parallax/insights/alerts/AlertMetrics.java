package dev.parallax.insights.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * What alert evaluation counts: each evaluation by outcome ({@code parallax_alert_evaluations_total{outcome}}:
 * {@code done}, {@code skipped} when a rule failed and every alert kept its state, {@code failed} when the warehouse
 * or the log could not be read), how long a done one took ({@code parallax_alert_evaluation_seconds}) and the events
 * it appended by type ({@code parallax_alert_events_total{type}}).
 */
public final class AlertMetrics {

    private final MeterRegistry registry;
    private final Timer duration;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("parallax.alert.evaluation").description("Time one evaluation of every rule took")
                .register(registry);
    }

    void done(List<AlertRecord> records, long nanos) {
        outcome("done");
        duration.record(Duration.ofNanos(nanos));
        for (AlertRecord record : records) {
            Counter.builder("parallax.alert.events").description("Alert events appended to the log, by type")
                    .tag("type", record.event().type().name()).register(registry).increment();
        }
    }

    void skipped() {
        outcome("skipped");
    }

    void failed() {
        outcome("failed");
    }

    private void outcome(String outcome) {
        Counter.builder("parallax.alert.evaluations").description("Evaluations of the alert rules, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
