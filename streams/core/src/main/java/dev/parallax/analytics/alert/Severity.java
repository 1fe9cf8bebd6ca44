package dev.parallax.analytics.alert;

/** How urgently an alert wants a person. */
public enum Severity {
    WARNING, CRITICAL
}
