package dev.parallax.analytics.alert;

import java.util.Objects;

/**
 * A rule's condition holding for one subject right now. Alerts are deduplicated by (rule, subject).
 *
 * @param subject   what the condition is about, e.g. {@code test=resnet-smoke tier=EDGE device_class=pi5-hailo8l}
 * @param value     the measured figure that breaks the threshold
 * @param threshold the threshold it breaks
 */
public record Finding(String rule, String subject, Severity severity, String summary, double value, double threshold) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
    }
}
