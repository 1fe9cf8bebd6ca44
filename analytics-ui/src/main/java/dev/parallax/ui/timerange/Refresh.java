package dev.parallax.ui.timerange;

import java.time.Duration;

/** How often a page re-reads its data by itself. */
public enum Refresh {
    OFF("off", "Off", Duration.ZERO),
    SECONDS_10("10s", "Every 10 s", Duration.ofSeconds(10)),
    SECONDS_30("30s", "Every 30 s", Duration.ofSeconds(30)),
    MINUTE_1("1m", "Every minute", Duration.ofMinutes(1));

    private final String key;
    private final String label;
    private final Duration every;

    Refresh(String key, String label, Duration every) {
        this.key = key;
        this.label = label;
        this.every = every;
    }

    /** How it is written in a URL ({@code ?refresh=30s}). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Duration every() {
        return every;
    }
}
