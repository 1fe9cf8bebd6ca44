package dev.parallax.analytics.regression;

import java.util.Locale;

/** A figure measured once per run, and which way it gets worse. */
public enum RunMetric {

    P50_LATENCY_MS("p50 latency", "ms", true),
    P99_LATENCY_MS("p99 latency", "ms", true),
    ENERGY_J("energy per inference", "J", true),
    FLIP_RATE("flip rate", "", true),
    SQNR_DB("mean SQNR", "dB", false),
    THROTTLED_SHARE("share throttled", "", true);

    private final String label;
    private final String unit;
    private final boolean higherIsWorse;

    RunMetric(String label, String unit, boolean higherIsWorse) {
        this.label = label;
        this.unit = unit;
        this.higherIsWorse = higherIsWorse;
    }

    /** The name stored in the warehouse, e.g. {@code p99_latency_ms}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunMetric ofId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** Whether a move from {@code before} to {@code after} is a regression: latency, energy, flips up; SQNR down. */
    public boolean worsens(double before, double after) {
        return higherIsWorse ? after > before : after < before;
    }
}
