package dev.parallax.insights.alerts;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.Alert;
import dev.parallax.analytics.alert.AlertEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert's state as the {@code alerts} table holds it (one row per alert, the highest version wins): the fold
 * of its events. Each event raises the version by one, so the projection keeps the latest state.
 *
 * @param snoozedUntil when its last snooze ends; null when never snoozed. Not a column of the table (the log holds
 *     it), so rows read from the table have none
 */
public record AlertRow(String alertId, String rule, String alertKey, String state, String severity, String message,
                       String evidence, Instant raisedAt, Instant acknowledgedAt, String acknowledgedBy,
                       Instant resolvedAt, long version, Instant snoozedUntil) {

    public AlertRow {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(state, "state");
    }

    static AlertRow raised(AlertEvent event) {
        if (event.type() != AlertEvent.Type.RAISED) {
            throw new IllegalArgumentException("an alert starts with RAISED, not " + event.type());
        }
        return new AlertRow(event.alertId(), event.rule(), event.subject(), Alert.State.OPEN.name(),
                event.severity().name(), event.summary(), evidence(event), event.at(), null, null, null, 1, null);
    }

    /** The row after {@code event}, one version up. */
    AlertRow next(AlertEvent event) {
        return switch (event.type()) {
            case RAISED -> raised(event);
            case ACKNOWLEDGED -> new AlertRow(alertId, rule, alertKey, Alert.State.ACKNOWLEDGED.name(), severity,
                    message, evidence, raisedAt, event.at(), event.actor(), resolvedAt, version + 1, snoozedUntil);
            case RESOLVED -> new AlertRow(alertId, rule, alertKey, Alert.State.RESOLVED.name(), severity, message,
                    evidence, raisedAt, acknowledgedAt, acknowledgedBy, event.at(), version + 1, snoozedUntil);
            case SNOOZED -> new AlertRow(alertId, rule, alertKey, state, severity, message, evidence, raisedAt,
                    acknowledgedAt, acknowledgedBy, resolvedAt, version + 1, event.until());
        };
    }

    public boolean isActive() {
        return resolvedAt == null;
    }

    /** Whether a snooze hides it from people at {@code now}. */
    public boolean isSnoozedAt(Instant now) {
        return snoozedUntil != null && now.isBefore(snoozedUntil);
    }

    public boolean isAcknowledged() {
        return acknowledgedBy != null;
    }

    private static String evidence(AlertEvent event) {
        return "measured " + Figures.number(event.value()) + " against threshold " + Figures.number(event.threshold());
    }
}
