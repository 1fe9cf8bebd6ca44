package dev.parallax.analytics.window;

import java.time.Duration;

/**
 * Epoch-aligned tumbling event-time windows with a grace period, as pure functions so that both engines
 * assign events to windows by the same rule.
 *
 * <p>A window is {@code [start, start + size)}. The grace says when a window is complete enough to alert on,
 * never what it may hold: late events amend their window within the horizon of
 * {@link dev.parallax.analytics.arrival.ArrivalPolicy} (SPEC §3a).
 */
public final class TumblingWindows {

    private final long sizeMs;
    private final long graceMs;

    private TumblingWindows(long sizeMs, long graceMs) {
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive: " + sizeMs + " ms");
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must not be negative: " + graceMs + " ms");
        }
        this.sizeMs = sizeMs;
        this.graceMs = graceMs;
    }

    public static TumblingWindows of(Duration size, Duration grace) {
        return new TumblingWindows(size.toMillis(), grace.toMillis());
    }

    public long sizeMs() {
        return sizeMs;
    }

    public long graceMs() {
        return graceMs;
    }

    /** Start of the window holding {@code eventTime} (floor division, so times before 1970 work too). */
    public long windowStart(long eventTime) {
        return Math.floorDiv(eventTime, sizeMs) * sizeMs;
    }

    public long windowEnd(long windowStart) {
        return windowStart + sizeMs;
    }

    /** Event time after which the window starting at {@code windowStart} is complete enough to alert on. */
    public long closeTime(long windowStart) {
        return windowEnd(windowStart) + graceMs;
    }

    @Override
    public String toString() {
        return "TumblingWindows[size=" + sizeMs + "ms, grace=" + graceMs + "ms]";
    }
}
