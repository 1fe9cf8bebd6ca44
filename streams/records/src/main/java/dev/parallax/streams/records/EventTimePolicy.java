package dev.parallax.streams.records;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.config.ParallaxConfig;
import java.time.Duration;

/**
 * How both stream engines place events in time and emit, so that one configuration gives the same rows on Kafka
 * Streams and on Flink.
 */
public final class EventTimePolicy {

    /** How often updated windows and episodes are emitted. */
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(1);

    private EventTimePolicy() {
    }

    /**
     * SPEC §3a from configuration: {@code analytics.horizon.hours} (168: late events amend their window for 7
     * days behind their key's newest event) and {@code analytics.clock.ahead.minutes} (60: an event time further
     * ahead of its arrival is placed at its arrival).
     */
    public static ArrivalPolicy arrival(ParallaxConfig config) {
        return ArrivalPolicy.of(
                Duration.ofHours(config.getLong("analytics.horizon.hours", ArrivalPolicy.DEFAULT_HORIZON.toHours())),
                Duration.ofMinutes(config.getLong("analytics.clock.ahead.minutes",
                        ArrivalPolicy.DEFAULT_MAX_CLOCK_AHEAD.toMinutes())));
    }
}
