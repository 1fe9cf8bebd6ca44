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

    /** The state backend that keeps keyed state as live objects on the heap (the default). */
    public static final String HEAP_BACKEND = "hashmap";

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
                config.get("flink.state.backend", HEAP_BACKEND),
                EventTimePolicy.arrival(config));
    }

    /** These settings to change some of: {@code JobSettings.from(config).toBuilder().ids(...).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Job settings changed one by one (tests, and replay's own run of the job). */
    public static final class Builder {

        private final JobSettings from;
        private long checkpointIntervalMs;
        private int restartAttempts;
        private String transactionalIdPrefix;
        private String groupId;
        private long idleTimeoutMs;
        private String stateBackend;

        private Builder(JobSettings from) {
            this.from = from;
            this.checkpointIntervalMs = from.checkpointIntervalMs;
            this.restartAttempts = from.restartAttempts;
            this.transactionalIdPrefix = from.transactionalIdPrefix;
            this.groupId = from.groupId;
            this.idleTimeoutMs = from.idleTimeoutMs;
            this.stateBackend = from.stateBackend;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointIntervalMs = interval.toMillis();
            return this;
        }

        /** How often a failure restarts the job (a replay fails fast instead of retrying for ever). */
        public Builder restartAttempts(int attempts) {
            this.restartAttempts = attempts;
            return this;
        }

        /** How long a silent input partition holds the event-time clock back (see {@code flink.idle.timeout.ms}). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeoutMs = idleTimeout.toMillis();
            return this;
        }

        public Builder stateBackend(String backend) {
            this.stateBackend = backend;
            return this;
        }

        public Builder ids(String groupId, String transactionalIdPrefix) {
            this.groupId = groupId;
            this.transactionalIdPrefix = transactionalIdPrefix;
            return this;
        }

        public JobSettings build() {
            return new JobSettings(from.parallelism, checkpointIntervalMs, from.checkpointDir, restartAttempts,
                    transactionalIdPrefix, groupId, from.emitIntervalMs, idleTimeoutMs, from.transactionTimeoutMs,
                    stateBackend, from.arrival);
        }
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
