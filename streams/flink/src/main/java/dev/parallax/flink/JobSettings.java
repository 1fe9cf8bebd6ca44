package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.streams.records.EventTimePolicy;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the Flink job computes and how it runs, as plain values so that Flink can ship it to every task.
 *
 * <p>From configuration ({@link #from(ParallaxConfig)}): {@code flink.parallelism} (1),
 * {@code flink.checkpoint.interval.ms} (10,000: derived records become visible to read-committed consumers
 * when a checkpoint completes), {@code flink.checkpoint.dir} ({@code data/flink-checkpoints} under the
 * Parallax home: checkpoints go to files, so state is not bounded by the job manager's memory),
 * {@code flink.restart.attempts} (10), {@code flink.transactional.id.prefix} ({@code parallax-flink}),
 * {@code flink.group.id} ({@code parallax-flink}), {@code flink.emit.interval.ms} (1,000),
 * {@code flink.idle.timeout.ms} (60,000), {@code flink.state.backend} ({@code hashmap}: keyed state as live objects
 * on the heap, checkpointed to files; {@code rocksdb}: on local disk, checkpointed incrementally, for state
 * larger than the heap, at the cost of encoding state on every access), {@code flink.transaction.timeout.ms} (600,000: below the broker's
 * default {@code transaction.max.timeout.ms} of 15 min), and {@link EventTimePolicy#arrival} as in the Kafka
 * Streams job. The other analytics defaults are SPEC's.
 *
 * @param checkpointDir   where checkpoints are written (a URI, e.g. {@code file:///...} or {@code s3://...})
 * @param restartAttempts how often a failed job restarts from its last checkpoint before it fails for good
 * @param idleTimeoutMs   how long an input partition may stay silent before the event-time clock stops
 *                        waiting for it (otherwise one idle partition holds the throttle detectors back)
 * @param stateBackend    {@code rocksdb} or {@code hashmap}
 * @param arrival         how events are placed in time and how long late ones amend their windows (SPEC §3a)
 */
public record JobSettings(int parallelism, long checkpointIntervalMs, String checkpointDir, int restartAttempts,
                          String transactionalIdPrefix, String groupId, long emitIntervalMs, long idleTimeoutMs,
                          long transactionTimeoutMs, String stateBackend, ArrivalPolicy arrival)
        implements Serializable {

    public static JobSettings from(ParallaxConfig config) {
        return new JobSettings(
                config.getInt("flink.parallelism", 1),
                config.getLong("flink.checkpoint.interval.ms", 10_000),
                config.get("flink.checkpoint.dir", config.home().resolve("data").resolve("flink-checkpoints").toUri().toString()),
                config.getInt("flink.restart.attempts", 10),
                config.get("flink.transactional.id.prefix", "parallax-flink"),
                config.get("flink.group.id", "parallax-flink"),
                config.getLong("flink.emit.interval.ms", EventTimePolicy.DEFAULT_EMIT_INTERVAL.toMillis()),
                config.getLong("flink.idle.timeout.ms", 60_000),
                config.getLong("flink.transaction.timeout.ms", 600_000),
                config.get("flink.state.backend", "hashmap"),
                EventTimePolicy.arrival(config));
    }

    public JobSettings withCheckpointInterval(Duration interval) {
        return new JobSettings(parallelism, interval.toMillis(), checkpointDir, restartAttempts, transactionalIdPrefix,
                groupId, emitIntervalMs, idleTimeoutMs, transactionTimeoutMs, stateBackend, arrival);
    }

    /** How often a failure restarts the job (a replay fails fast instead of retrying for ever). */
    public JobSettings withRestartAttempts(int attempts) {
        return new JobSettings(parallelism, checkpointIntervalMs, checkpointDir, attempts, transactionalIdPrefix,
                groupId, emitIntervalMs, idleTimeoutMs, transactionTimeoutMs, stateBackend, arrival);
    }

    /** How long a silent input partition holds the event-time clock back (see {@code flink.idle.timeout.ms}). */
    public JobSettings withIdleTimeout(Duration idleTimeout) {
        return new JobSettings(parallelism, checkpointIntervalMs, checkpointDir, restartAttempts, transactionalIdPrefix,
                groupId, emitIntervalMs, idleTimeout.toMillis(), transactionTimeoutMs, stateBackend, arrival);
    }

    public JobSettings withStateBackend(String backend) {
        return new JobSettings(parallelism, checkpointIntervalMs, checkpointDir, restartAttempts, transactionalIdPrefix,
                groupId, emitIntervalMs, idleTimeoutMs, transactionTimeoutMs, backend, arrival);
    }

    public JobSettings withIds(String groupId, String transactionalIdPrefix) {
        return new JobSettings(parallelism, checkpointIntervalMs, checkpointDir, restartAttempts, transactionalIdPrefix,
                groupId, emitIntervalMs, idleTimeoutMs, transactionTimeoutMs, stateBackend, arrival);
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
