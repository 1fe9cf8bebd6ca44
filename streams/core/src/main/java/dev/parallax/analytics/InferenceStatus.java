package dev.parallax.analytics;

/** Outcome of an inference (SPEC §2); anything but {@link #OK} counts as an error. */
public enum InferenceStatus {
    OK, ERROR, TIMEOUT
}
