package dev.parallax.insights.alerts;

import java.time.Instant;

/** An alert that is not resolved, as the alerts table holds it. */
public record OpenAlert(String alertId, String rule, String subject, String state, String severity, String message,
                        Instant raisedAt, String acknowledgedBy) {
}
