package dev.parallax.flink;

import dev.parallax.testkit.RealStack;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.contract.Topics;
import dev.parallax.kstreams.AnalyticsApp;
import dev.parallax.kstreams.AnalyticsSettings;
import dev.parallax.kstreams.AnalyticsTopology;
import dev.parallax.replay.Replay;
import dev.parallax.replay.ReplayRange;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same recorded log (the parity test's, about a million records) through Kafka Streams and through the
 * Flink job, both exactly once into the derived topics, one after the other on the same broker: events/s from
 * start until the engine's committed input offset reaches the end of the log; then {@code ./parallax replay}
 * of the whole log into ClickHouse, records/s. Run with
 * {@code mvn -pl streams/flink test -Dgroups=benchmark -Dtest.excludedGroups=none -Dtest.redirectOutput=false}.
 */
@Tag("benchmark")
class ThroughputBenchmarkTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** About a million input records: three inferences per step, a device sample per second of event time. */
    private static final int EVENTS_PER_KEY = 333_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Test
    void flinkAndKafkaStreamsSideBySide(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir); var producer = stack.producer();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers()))) {
            EventLog.produce(producer, EVENTS_PER_KEY, 5);
            long end = admin.listOffsets(Map.of(new TopicPartition(Topics.INFERENCE, 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values().iterator().next().offset();

            Properties props = AnalyticsApp.properties(stack.config);
            long start = System.nanoTime();
            try (KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.defaults()), props)) {
                streams.start();
                awaitCommitted(admin, props.getProperty("application.id"), end);
            }
            double kafkaStreams = end / seconds(start);

            double flink = flinkRate(stack, admin, "hashmap", end);
            // RocksDB encodes state on every access (a device's detector per sample): a prefix of the log is enough.
            long rocksDbEnd = end / 10;
            double flinkRocksDb = flinkRate(stack, admin, "rocksdb", rocksDbEnd);

            // The same log rebuilt by ./parallax replay: the Flink job, bounded, into ClickHouse shadow tables.
            Replay.Summary replay = replay(stack, "hashmap");

            System.out.printf("%nANALYTICS THROUGHPUT (%,d inference records, exactly once, 1 partition, 1 thread / parallelism 1)%n", end);
            System.out.printf("  Kafka Streams           : %,10.0f events/s%n", kafkaStreams);
            System.out.printf("  Flink, heap state       : %,10.0f events/s (%.2f x Kafka Streams)%n", flink, flink / kafkaStreams);
            System.out.printf("  Flink, RocksDB state    : %,10.0f events/s (%.2f x Kafka Streams; first %,d records)%n",
                    flinkRocksDb, flinkRocksDb / kafkaStreams, rocksDbEnd);
            System.out.printf("  replay, heap state      : %,10.0f records/s (%,d records of every input topic into"
                    + " ClickHouse in %.1f s; %.2f x Kafka Streams' rate)%n", replay.recordsPerSecond(),
                    replay.records(), replay.took().toMillis() / 1000.0, replay.recordsPerSecond() / kafkaStreams);
            assertTrue(flink > 0 && flinkRocksDb > 0 && kafkaStreams > 0 && replay.records() >= end);
        }
    }

    /** The live Flink job's rate from the earliest offsets to {@code until}, with the given state backend. */
    private static double flinkRate(RealStack stack, Admin admin, String stateBackend, long until)
            throws Exception {
        String group = "flink-benchmark-" + stateBackend;
        JobSettings settings = JobSettings.from(stack.config).toBuilder().checkpointInterval(Duration.ofSeconds(1))
                .ids(group, group).stateBackend(stateBackend).build();
        StreamExecutionEnvironment env = AnalyticsJob.environment(settings);
        AnalyticsJob.derive(AnalyticsJob.read(env, AnalyticsJob.source(KafkaClientSettings.from(stack.config), settings)
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build(),
                settings), settings).sinkTo(AnalyticsJob.sink(KafkaClientSettings.from(stack.config), settings));
        long start = System.nanoTime();
        JobClient job = env.executeAsync(group);
        try {
            awaitCommitted(admin, group, until);
        } finally {
            job.cancel().get();
        }
        return until / seconds(start);
    }

    private static Replay.Summary replay(RealStack stack, String stateBackend) throws Exception {
        return new Replay(stack.config, JobSettings.from(stack.config).toBuilder().stateBackend(stateBackend).build(),
                new PrintStream(OutputStream.nullOutputStream()), false).run(ReplayRange.EVERYTHING);
    }

    private static void awaitCommitted(Admin admin, String group, long end) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        TopicPartition partition = new TopicPartition(Topics.INFERENCE, 0);
        OffsetAndMetadata committed = null;
        while (System.nanoTime() < deadline) {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(partition);
            if (committed != null && committed.offset() >= end) return;
            Thread.sleep(100);
        }
        throw new AssertionError(group + " did not reach offset " + end + " within " + TIMEOUT + " (at " + committed + ")");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
