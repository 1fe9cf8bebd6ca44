package dev.parallax.analytics.alert;

import java.time.Instant;

/** An alert's current state: the fold of its events. */
public record Alert(String alertId, String rule, String subject, Severity severity, String summary, double value,
                    double threshold, Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt,
                    Instant resolvedAt) {

    public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

    public State state() {
        if (resolvedAt != null) {
            return State.RESOLVED;
        }
        return acknowledgedBy != null ? State.ACKNOWLEDGED : State.OPEN;
    }

    public boolean isActive() {
        return resolvedAt == null;
    }

    static Alert raised(AlertEvent event) {
        return new Alert(event.alertId(), event.rule(), event.subject(), event.severity(), event.summary(),
                event.value(), event.threshold(), event.at(), null, null, null);
    }

    Alert apply(AlertEvent event) {
        return switch (event.type()) {
            case RAISED -> raised(event);
            case SNOOZED -> this;
            case ACKNOWLEDGED -> new Alert(alertId, rule, subject, severity, summary, value, threshold, raisedAt,
                    event.actor(), event.at(), resolvedAt);
            case RESOLVED -> new Alert(alertId, rule, subject, severity, summary, value, threshold, raisedAt,
                    acknowledgedBy, acknowledgedAt, event.at());
        };
    }
}
