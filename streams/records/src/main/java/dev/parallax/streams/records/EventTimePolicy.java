package dev.parallax.streams.records;

import java.time.Duration;
import java.util.Optional;

/**
 * How both stream engines treat event time and emission, so that one configuration gives the same rows on
 * Kafka Streams and on Flink.
 */
public final class EventTimePolicy {

    /** How often updated windows and episodes are emitted. */
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(1);
    /** How long a closed window stays in state to count late events. */
    public static final Duration DEFAULT_WINDOW_RETENTION = Duration.ofHours(1);
    /** How far ahead of the processing clock an event time may be. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);

    private EventTimePolicy() {
    }

    /**
     * Why an event is refused when its time is further ahead of the processing clock than runner clocks may
     * drift (no window could ever place it, and brokers reject such timestamps on internal topics); empty
     * when it is not.
     */
    public static Optional<String> tooFarAhead(long eventTime, long now, long maxClockSkewMs) {
        return eventTime > now + maxClockSkewMs
                ? Optional.of("event_time " + eventTime + " is more than " + maxClockSkewMs / 1000
                        + " s ahead of the processing clock (" + now + "); check the runner's clock")
                : Optional.empty();
    }
}
