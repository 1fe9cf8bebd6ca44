package dev.parallax.analytics.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One step in an alert's life, as published on {@code parallax.alerts.v1} and kept in the {@code alerts} table.
 * The event id is derived from the alert, the step and its time, so a replayed evaluation writes the same rows.
 *
 * @param actor who caused the step: {@code system} for raise and resolve, the signed-in user for an acknowledgement,
 *     a snooze or a resolve by hand
 * @param until for a snooze, when it ends; null for every other step
 */
public record AlertEvent(String eventId, String alertId, Type type, String rule, String subject, Severity severity,
                         String summary, double value, double threshold, Instant at, String actor, Instant until) {

    public static final String SYSTEM = "system";

    /** A snooze hides an active alert from people until it ends; the alert stays active and its rule may resolve it. */
    public enum Type { RAISED, ACKNOWLEDGED, RESOLVED, SNOOZED }

    /** A step that is not a snooze. */
    public AlertEvent(String eventId, String alertId, Type type, String rule, String subject, Severity severity,
                      String summary, double value, double threshold, Instant at, String actor) {
        this(eventId, alertId, type, rule, subject, severity, summary, value, threshold, at, actor, null);
    }

    public AlertEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
    }

    static AlertEvent of(Alert alert, Type type, String summary, double value, Instant at, String actor) {
        return of(alert, type, summary, value, at, actor, null);
    }

    static AlertEvent of(Alert alert, Type type, String summary, double value, Instant at, String actor,
                         Instant until) {
        String eventId = uuid(alert.alertId() + "|" + type + "|" + at.toEpochMilli()).toString();
        return new AlertEvent(eventId, alert.alertId(), type, alert.rule(), alert.subject(), alert.severity(), summary,
                value, alert.threshold(), at, actor, until);
    }

    /** Alerts are deduplicated by (rule, subject); one raised again after resolving is a new alert. */
    static String alertId(String rule, String subject, Instant raisedAt) {
        return uuid(rule + "|" + subject + "|" + raisedAt.toEpochMilli()).toString();
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
