package dev.parallax.analytics.arrival;

import java.io.Serializable;
import java.time.Duration;

/**
 * How an event's arrival relates to its event time (SPEC §3a), the same on both engines.
 *
 * <ul>
 *   <li><b>Arrival</b> is when the broker took the record: its log-append timestamp on the input topics (never
 *   later than the job's clock). It orders nothing in the analytics; it is the one clock no device controls.
 *   <li><b>Placement.</b> An event is placed at its own event time, unless that is more than
 *   {@code maxClockAhead} ahead of its arrival: no inference happens in the future, so that clock is wrong (a
 *   board without a real-time clock, a bad NTP step) and the event is placed at its arrival instead, rather
 *   than refused. Raw tables keep the time the device sent; the device's clock offset shows it.
 *   <li><b>Horizon.</b> Each key (latency key, divergence key) has its own clock: the newest placement time of
 *   its events. A window whose end is at least {@code horizon} behind it is beyond the horizon: its events
 *   are too late, counted and kept in raw. Every nearer window takes late events and is emitted again. No
 *   other key's events, and no device's clock beyond {@code maxClockAhead}, can move a key's clock.
 * </ul>
 *
 * @param horizonMs       how far behind its key's newest event a window still takes events (default 7 days)
 * @param maxClockAheadMs how far ahead of its arrival an event time is believed (default 1 h)
 */
public record ArrivalPolicy(long horizonMs, long maxClockAheadMs) implements Serializable {

    public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);
    public static final Duration DEFAULT_MAX_CLOCK_AHEAD = Duration.ofHours(1);
    /** A key that has seen no event yet. */
    public static final long NO_EVENT = Long.MIN_VALUE;

    public ArrivalPolicy {
        if (horizonMs <= 0) throw new IllegalArgumentException("horizon must be positive: " + horizonMs + " ms");
        if (maxClockAheadMs < 0) {
            throw new IllegalArgumentException("max clock ahead must not be negative: " + maxClockAheadMs + " ms");
        }
    }

    public static ArrivalPolicy defaults() {
        return of(DEFAULT_HORIZON, DEFAULT_MAX_CLOCK_AHEAD);
    }

    public static ArrivalPolicy of(Duration horizon, Duration maxClockAhead) {
        return new ArrivalPolicy(horizon.toMillis(), maxClockAhead.toMillis());
    }

    /**
     * The arrival time of a record whose broker timestamp is {@code recordTimestamp}, read when the job's clock
     * says {@code now}: the timestamp, but never later than now (a producer's create-time can run ahead) nor
     * negative (records without a timestamp say -1).
     */
    public static long arrivalTime(long recordTimestamp, long now) {
        return recordTimestamp < 0 ? Math.max(now, 0) : Math.min(recordTimestamp, Math.max(now, 0));
    }

    /** The event time the analytics place the event at: its own, or its arrival when its clock is too far ahead. */
    public long placementTime(long eventTime, long arrivalTime) {
        return isClockAhead(eventTime, arrivalTime) ? arrivalTime : eventTime;
    }

    /** Whether the event's time is further ahead of its arrival than any working clock would put it. */
    public boolean isClockAhead(long eventTime, long arrivalTime) {
        if (eventTime <= arrivalTime) return false;
        long ahead = eventTime - arrivalTime;
        return ahead > maxClockAheadMs || ahead < 0; // negative: the difference overflowed, it is larger still
    }

    /** The newer of a key's clock and an event's placement time. */
    public static long advance(long keyClock, long placementTime) {
        return Math.max(keyClock, placementTime);
    }

    /** Whether the window ending at {@code windowEnd} is beyond the horizon of a key whose clock is {@code keyClock}. */
    public boolean isBeyondHorizon(long windowEnd, long keyClock) {
        // Subtracting from NO_EVENT would wrap around: a key without events has no horizon yet.
        return keyClock != NO_EVENT && windowEnd <= keyClock - horizonMs;
    }

    /**
     * The first window start that no key with a clock at most {@code newestKeyClock} has beyond its horizon:
     * windows starting at or after it need not be looked at when forgetting.
     */
    public long forgetBound(long newestKeyClock, long windowSizeMs) {
        return newestKeyClock == NO_EVENT ? Long.MIN_VALUE : newestKeyClock - horizonMs - windowSizeMs + 1;
    }
}
