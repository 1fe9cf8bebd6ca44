package dev.parallax.analytics;

/** Where an inference ran (SPEC §2). */
public enum Tier {
    EDGE, CLOUD
}
