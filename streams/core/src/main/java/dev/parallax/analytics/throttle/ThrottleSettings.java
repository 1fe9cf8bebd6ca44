package dev.parallax.analytics.throttle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thermal-throttle episode settings with the SPEC §4 defaults: opens at 80 °C (the Raspberry Pi throttling
 * threshold, overridable per device class), closes 5 °C lower once no throttling bit has been seen for 30 s,
 * episodes hotter than the threshold for less than 10 s are noise, samples may arrive up to 30 s out of
 * order, latency inflation compares against the 5 minutes before the episode (kept in slices of 10 s of event
 * time), and an open episode is re-emitted at most every 10 s of event time.
 */
public final class ThrottleSettings {

    public static final double DEFAULT_ON_THRESHOLD_C = 80;
    public static final double DEFAULT_HYSTERESIS_C = 5;
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_HOT_SPAN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BASELINE_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BASELINE_SLICE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_OPEN_UPDATE_INTERVAL = Duration.ofSeconds(10);

    private final double defaultOnThresholdC;
    private final Map<String, Double> onThresholdByDeviceClass;
    private final double hysteresisC;
    private final long quietPeriodMs;
    private final long minHotSpanMs;
    private final long graceMs;
    private final long baselineWindowMs;
    private final long baselineSliceMs;
    private final long openUpdateIntervalMs;

    private ThrottleSettings(Builder builder) {
        this.defaultOnThresholdC = finite(builder.defaultOnThresholdC, "on threshold");
        builder.onThresholdByDeviceClass.forEach((deviceClass, threshold) -> finite(threshold, deviceClass));
        this.onThresholdByDeviceClass = Map.copyOf(builder.onThresholdByDeviceClass);
        if (!(builder.hysteresisC >= 0 && builder.hysteresisC < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("hysteresis must be finite and >= 0: " + builder.hysteresisC);
        }
        this.hysteresisC = builder.hysteresisC;
        this.quietPeriodMs = nonNegative(builder.quietPeriod, "quiet period");
        this.minHotSpanMs = nonNegative(builder.minHotSpan, "minimum hot span");
        this.graceMs = nonNegative(builder.grace, "grace");
        this.baselineWindowMs = nonNegative(builder.baselineWindow, "baseline window");
        this.baselineSliceMs = positive(builder.baselineSlice, "baseline slice");
        this.openUpdateIntervalMs = positive(builder.openUpdateInterval, "open update interval");
    }

    public static ThrottleSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** T_on for a device class: its override, else the default. */
    public double onThresholdC(String deviceClass) {
        return onThresholdByDeviceClass.getOrDefault(deviceClass, defaultOnThresholdC);
    }

    /** The temperature below which an episode may close: T_on minus the hysteresis. */
    public double offThresholdC(String deviceClass) {
        return onThresholdC(deviceClass) - hysteresisC;
    }

    public long quietPeriodMs() {
        return quietPeriodMs;
    }

    public long minHotSpanMs() {
        return minHotSpanMs;
    }

    public long graceMs() {
        return graceMs;
    }

    public long baselineWindowMs() {
        return baselineWindowMs;
    }

    /**
     * The event-time granularity of the baseline: its latencies are kept per slice of this width, and the
     * window's oldest slice counts only when it lies wholly inside the window. Its state grows with window ÷ slice.
     */
    public long baselineSliceMs() {
        return baselineSliceMs;
    }

    public long openUpdateIntervalMs() {
        return openUpdateIntervalMs;
    }

    private static double finite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite: " + value);
        }
        return value;
    }

    private static long nonNegative(Duration duration, String what) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + duration);
        }
        return duration.toMillis();
    }

    private static long positive(Duration duration, String what) {
        if (nonNegative(duration, what) == 0) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration.toMillis();
    }

    public static final class Builder {
        private double defaultOnThresholdC = DEFAULT_ON_THRESHOLD_C;
        private final Map<String, Double> onThresholdByDeviceClass = new HashMap<>();
        private double hysteresisC = DEFAULT_HYSTERESIS_C;
        private Duration quietPeriod = DEFAULT_QUIET_PERIOD;
        private Duration minHotSpan = DEFAULT_MIN_HOT_SPAN;
        private Duration grace = DEFAULT_GRACE;
        private Duration baselineWindow = DEFAULT_BASELINE_WINDOW;
        private Duration baselineSlice = DEFAULT_BASELINE_SLICE;
        private Duration openUpdateInterval = DEFAULT_OPEN_UPDATE_INTERVAL;

        private Builder() {
        }

        public Builder onThresholdC(double celsius) {
            this.defaultOnThresholdC = celsius;
            return this;
        }

        public Builder onThresholdC(String deviceClass, double celsius) {
            onThresholdByDeviceClass.put(Objects.requireNonNull(deviceClass), celsius);
            return this;
        }

        public Builder hysteresisC(double celsius) {
            this.hysteresisC = celsius;
            return this;
        }

        public Builder quietPeriod(Duration quietPeriod) {
            this.quietPeriod = Objects.requireNonNull(quietPeriod);
            return this;
        }

        public Builder minHotSpan(Duration minHotSpan) {
            this.minHotSpan = Objects.requireNonNull(minHotSpan);
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = Objects.requireNonNull(grace);
            return this;
        }

        public Builder baselineWindow(Duration baselineWindow) {
            this.baselineWindow = Objects.requireNonNull(baselineWindow);
            return this;
        }

        public Builder baselineSlice(Duration baselineSlice) {
            this.baselineSlice = Objects.requireNonNull(baselineSlice);
            return this;
        }

        public Builder openUpdateInterval(Duration openUpdateInterval) {
            this.openUpdateInterval = Objects.requireNonNull(openUpdateInterval);
            return this;
        }

        public ThrottleSettings build() {
            return new ThrottleSettings(this);
        }
    }
}
