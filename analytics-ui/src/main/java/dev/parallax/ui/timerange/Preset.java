package dev.parallax.ui.timerange;

import java.time.Duration;

/** The ranges offered with one click: the last so long, moving with the clock. */
public enum Preset {
    MINUTES_15("15m", "Last 15 minutes", Duration.ofMinutes(15)),
    HOUR_1("1h", "Last hour", Duration.ofHours(1)),
    HOURS_6("6h", "Last 6 hours", Duration.ofHours(6)),
    HOURS_24("24h", "Last 24 hours", Duration.ofHours(24)),
    DAYS_7("7d", "Last 7 days", Duration.ofDays(7));

    private final String key;
    private final String label;
    private final Duration length;

    Preset(String key, String label, Duration length) {
        this.key = key;
        this.label = label;
        this.length = length;
    }

    /** How it is written in a URL ({@code ?range=1h}). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }
}
