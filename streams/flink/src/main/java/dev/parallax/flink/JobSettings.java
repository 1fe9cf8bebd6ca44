package dev.parallax.flink;

import dev.parallax.streams.records.EventTimePolicy;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.config.ParallaxConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the Flink job computes and how it runs, as plain values so that Flink can ship it to every task.
 *
 * <p>From configuration ({@link #from(ParallaxConfig)}): {@code flink.parallelism} (1),
 * {@code flink.checkpoint.interval.ms} (10,000: derived records become visible to read-committed consumers
 * when a checkpoint completes), {@code flink.transactional.id.prefix} ({@code parallax-flink}),
 * {@code flink.group.id} ({@code parallax-flink}), {@code flink.emit.interval.ms} (1,000),
 * {@code flink.idle.timeout.ms} (60,000), {@code flink.transaction.timeout.ms} (600,000: below the broker's
 * default {@code transaction.max.timeout.ms} of 15 min). The analytics defaults are SPEC's, as in the Kafka
 * Streams job.
 *
 * @param idleTimeoutMs      how long an input partition may stay silent before the event-time clock stops
 *                           waiting for it (otherwise one idle partition holds every window open)
 * @param windowRetentionMs  how long a closed latency window stays in state to count late events
 * @param maxClockSkewMs     how far ahead of the processing clock an event time may be before it is refused
 */
public record JobSettings(int parallelism, long checkpointIntervalMs, String transactionalIdPrefix, String groupId,
                          long emitIntervalMs, long idleTimeoutMs, long transactionTimeoutMs, long windowRetentionMs,
                          long maxClockSkewMs)
        implements Serializable {

    public static JobSettings from(ParallaxConfig config) {
        return new JobSettings(
                config.getInt("flink.parallelism", 1),
                config.getLong("flink.checkpoint.interval.ms", 10_000),
                config.get("flink.transactional.id.prefix", "parallax-flink"),
                config.get("flink.group.id", "parallax-flink"),
                config.getLong("flink.emit.interval.ms", EventTimePolicy.DEFAULT_EMIT_INTERVAL.toMillis()),
                config.getLong("flink.idle.timeout.ms", 60_000),
                config.getLong("flink.transaction.timeout.ms", 600_000),
                EventTimePolicy.DEFAULT_WINDOW_RETENTION.toMillis(),
                EventTimePolicy.DEFAULT_MAX_CLOCK_SKEW.toMillis());
    }

    public JobSettings withCheckpointInterval(Duration interval) {
        return new JobSettings(parallelism, interval.toMillis(), transactionalIdPrefix, groupId, emitIntervalMs,
                idleTimeoutMs, transactionTimeoutMs, windowRetentionMs, maxClockSkewMs);
    }

    /** How long a silent input partition holds the event-time clock back (see {@code flink.idle.timeout.ms}). */
    public JobSettings withIdleTimeout(Duration idleTimeout) {
        return new JobSettings(parallelism, checkpointIntervalMs, transactionalIdPrefix, groupId, emitIntervalMs,
                idleTimeout.toMillis(), transactionTimeoutMs, windowRetentionMs, maxClockSkewMs);
    }

    public JobSettings withIds(String groupId, String transactionalIdPrefix) {
        return new JobSettings(parallelism, checkpointIntervalMs, transactionalIdPrefix, groupId, emitIntervalMs,
                idleTimeoutMs, transactionTimeoutMs, windowRetentionMs, maxClockSkewMs);
    }

    /** The episode detectors' settings: SPEC's, as in the Kafka Streams job (built on the task). */
    public ThrottleSettings throttle() {
        return ThrottleSettings.defaults();
    }

    /** The divergence operators' settings: SPEC's, as in the Kafka Streams job (built on the task). */
    public DivergenceSettings divergence() {
        return DivergenceSettings.defaults();
    }

    /** The latency operator's settings: SPEC's, as in the Kafka Streams job (built on the task). */
    public LatencySettings latency() {
        return LatencySettings.defaults();
    }
}
