package dev.parallax.analytics.window;

import java.time.Duration;

/**
 * Epoch-aligned tumbling event-time windows with a grace period, as pure functions so that both engines
 * assign events and drop late ones by the same rule.
 *
 * <p>A window is {@code [start, start + size)}. It accepts events until the stream time (the largest event time
 * seen so far by the operator, the current event included) reaches {@code end + grace}; an event whose window
 * is already closed at that point is late. This is Kafka Streams' rule ({@code windowEnd <= streamTime - grace}
 * drops); a Flink job reproduces it with a watermark equal to that stream time and allowed lateness = grace.
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

    /** Stream time at which the window starting at {@code windowStart} closes and its result is final. */
    public long closeTime(long windowStart) {
        return windowEnd(windowStart) + graceMs;
    }

    /** Whether an event arrives after its window closed, given the stream time after seeing it. */
    public boolean isLate(long eventTime, long streamTime) {
        return closeTime(windowStart(eventTime)) <= streamTime;
    }

    @Override
    public String toString() {
        return "TumblingWindows[size=" + sizeMs + "ms, grace=" + graceMs + "ms]";
    }
}
