package dev.parallax.flink;

import dev.parallax.testkit.RealStack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.contract.Topics;
import dev.parallax.kstreams.AnalyticsApp;
import dev.parallax.kstreams.AnalyticsSettings;
import dev.parallax.kstreams.AnalyticsTopology;
import dev.parallax.replay.Replay;
import dev.parallax.replay.ReplayRange;
import dev.parallax.sink.ClickHouseSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One recorded log through Kafka Streams, then through the Flink job (MiniCluster), each into the tables by
 * the real ClickHouse sink: identical rows table by table (latency windows, throttle episodes, divergence pairs
 * and windows, dead letters including the divergence pairing's), a shuffled, partly resent upload among them
 * (SPEC §3a). Then the derived tables are dropped and rebuilt by replay: identical again.
 */
class ParityAndReplayTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int EVENTS_PER_KEY = 1_200;
    /** 3 keys x 1,200 events 150 ms apart: three full minutes per key, errors included. */
    private static final long SPACING_MS = 150;
    private static final List<String> DERIVED = List.of(Topics.LATENCY, Topics.THROTTLE, Topics.DIVERGENCE,
            Topics.DEAD_LETTER);
    private static final Map<String, String> TABLES = Map.of(
            "latency_windows", "SELECT * FROM parallax.latency_windows FINAL ORDER BY test_id, model_name,"
                    + " model_version, precision, tier, device_class, window_start",
            "throttle_episodes", "SELECT * FROM parallax.throttle_episodes FINAL ORDER BY device_id, episode_id",
            "divergence_pairs", "SELECT * FROM parallax.divergence_pairs FINAL ORDER BY model_name, input_id,"
                    + " candidate_event_id",
            // Its means are sums over pairs, added in the order the pairing's tasks happen to interleave (in
            // Kafka Streams too, over the repartition topic's partitions): equal to about ten digits, not to the bit.
            "divergence_windows", "SELECT * EXCEPT (kl_mean, cosine_mean, sqnr_mean_db), round(kl_mean, 14),"
                    + " round(cosine_mean, 10), round(sqnr_mean_db, 8) FROM parallax.divergence_windows FINAL"
                    + " ORDER BY model_name, candidate_precision, device_class, window_start",
            "dead_letters", "SELECT * FROM parallax.dead_letters FINAL ORDER BY dead_letter_id");
    private static final long PAIRS = EventLog.pairs(EVENTS_PER_KEY);
    /** The bad records, and the INT8 output the pairing refused. */
    private static final long DEAD_LETTERS = EventLog.BAD_RECORDS + 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void flinkMatchesKafkaStreamsAndReplayRebuildsTheSameTables(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir); var producer = stack.producer()) {
            long records = EventLog.produce(producer, EVENTS_PER_KEY, SPACING_MS);

            Map<String, List<List<String>>> kafkaStreams = runKafkaStreams(stack);
            assertEquals(9 + EventLog.UPLOAD_WINDOWS, kafkaStreams.get("latency_windows").size(), "3 keys x 3 minutes, and the upload's");
            assertEquals(EventLog.UPLOADED + EventLog.AHEAD, stack.count("SELECT sum(count) FROM parallax.latency_windows FINAL"
                    + " WHERE test_id = '" + EventLog.UPLOAD_TEST + "'"), "every uploaded event once, none too late");
            assertEquals(DEAD_LETTERS, kafkaStreams.get("dead_letters").size());
            assertEquals(1, kafkaStreams.get("throttle_episodes").size(), "the hot device's one episode");
            assertEquals(PAIRS, kafkaStreams.get("divergence_pairs").size());
            assertEquals(1, kafkaStreams.get("divergence_windows").size(), "INT8 on one device class, one 5-minute window");
            assertEquals(1, stack.count("SELECT count() FROM parallax.throttle_episodes FINAL WHERE is_open = 0"
                    + " AND device_id = '" + EventLog.HOT_DEVICE + "' AND duration_ms >= " + EventLog.HOT_SECONDS * 1000
                    + " AND inferences > 0"), "closed, as long as the heat, with the inferences it affected");

            truncate(stack);
            Map<String, List<List<String>>> flink = runFlink(stack);
            for (String table : TABLES.keySet()) {
                assertEquals(kafkaStreams.get(table), flink.get(table), table + ": Flink rows differ from Kafka Streams rows");
            }

            for (String table : TABLES.keySet()) stack.execute("DROP TABLE parallax." + table);
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            // Replay keeps its state in RocksDB here, the live job above on the heap: the same rows either way.
            Replay.Summary summary = new Replay(stack.config,
                    JobSettings.from(stack.config).toBuilder().stateBackend("rocksdb").build(),
                    new PrintStream(progress, true, StandardCharsets.UTF_8), false).run(ReplayRange.EVERYTHING);
            for (String table : TABLES.keySet()) {
                assertEquals(kafkaStreams.get(table), stack.rows(TABLES.get(table)), table + ": replayed rows differ");
            }
            assertEquals(records, summary.records());
            assertEquals(Map.of("latency_windows", 9L + EventLog.UPLOAD_WINDOWS, "throttle_episodes", 1L, "divergence_pairs", PAIRS,
                    "divergence_windows", 1L, "dead_letters", DEAD_LETTERS), summary.rows());
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains("100%"), progress.toString(StandardCharsets.UTF_8));
            assertEquals(0, stack.count("SELECT count() FROM system.tables WHERE database = 'parallax'"
                    + " AND name LIKE '%\\_\\_rebuild'"), "no shadow table is left behind");
        }
    }

    private static Map<String, List<List<String>>> runKafkaStreams(RealStack stack) throws Exception {
        Properties props = AnalyticsApp.properties(stack.config);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.defaults()), props);
        ClickHouseSink sink = sink(stack, "sink-kafka-streams");
        Thread sinkThread = Thread.ofPlatform().start(sink::run);
        streams.start();
        try {
            return awaitTables(stack);
        } finally {
            streams.close(Duration.ofSeconds(30));
            sink.close();
            sinkThread.join(30_000);
        }
    }

    /** The Flink job as it runs live (unbounded, from the committed or earliest offsets), on the MiniCluster. */
    private static Map<String, List<List<String>>> runFlink(RealStack stack) throws Exception {
        // The derived topics hold Kafka Streams' records already: this sink reads only what Flink adds.
        ClickHouseSink sink = sink(stack, "sink-flink");
        startAtEnd(stack, "sink-flink");
        // The log is on partition 0 of each topic: the empty partitions soon stop holding the event-time clock. Not
        // sooner than 10 s: a reader of a partition with events that stalls that long on a busy machine counts as idle,
        // the clock runs ahead of its events and the throttle episode's closing samples come too late to close it.
        JobSettings settings = JobSettings.from(stack.config).toBuilder().checkpointInterval(Duration.ofMillis(500))
                .idleTimeout(Duration.ofSeconds(10)).ids("flink-parity", "flink-parity").build();
        StreamExecutionEnvironment env = AnalyticsJob.environment(settings);
        AnalyticsJob.derive(AnalyticsJob.read(env, AnalyticsJob.source(KafkaClientSettings.from(stack.config), settings)
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build(), settings),
                settings).sinkTo(AnalyticsJob.sink(KafkaClientSettings.from(stack.config), settings));
        JobClient job = env.executeAsync("flink-parity");
        Thread sinkThread = Thread.ofPlatform().start(sink::run);
        try {
            return awaitTables(stack);
        } finally {
            job.cancel().get();
            sink.close();
            sinkThread.join(30_000);
        }
    }

    /** Waits until every derived fact of the log is in its table, then reads the tables. */
    private static Map<String, List<List<String>>> awaitTables(RealStack stack) throws Exception {
        try {
            stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL",
                    3L * EVENTS_PER_KEY + EventLog.UPLOADED + EventLog.AHEAD, TIMEOUT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; windows: " + stack.rows("SELECT tier, precision, window_start,"
                    + " count, late_events FROM parallax.latency_windows FINAL ORDER BY tier, precision, window_start"), e);
        }
        stack.awaitCount("SELECT count() FROM parallax.dead_letters FINAL", DEAD_LETTERS, TIMEOUT);
        stack.awaitCount("SELECT count() FROM parallax.divergence_pairs FINAL", PAIRS, TIMEOUT);
        stack.awaitCount("SELECT sum(pairs) FROM parallax.divergence_windows FINAL", PAIRS, TIMEOUT);
        try {
            stack.awaitCount("SELECT countIf(is_open = 0) FROM parallax.throttle_episodes FINAL", 1, TIMEOUT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; episodes: " + stack.rows("SELECT episode_id, start_time,"
                    + " end_time, samples, is_open, version FROM parallax.throttle_episodes FINAL"), e);
        }
        Map<String, List<List<String>>> tables = new HashMap<>();
        for (var table : TABLES.entrySet()) tables.put(table.getKey(), stack.rows(table.getValue()));
        return tables;
    }

    private static ClickHouseSink sink(RealStack stack, String group) {
        return ClickHouseSink.builder().config(stack.config).groupId(group).topics(DERIVED)
                .linger(Duration.ofMillis(100)).build();
    }

    private static void startAtEnd(RealStack stack, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : DERIVED) {
                for (int p = 0; p < 3; p++) latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, end).all().get();
        }
    }

    private static void truncate(RealStack stack) throws Exception {
        for (String table : TABLES.keySet()) stack.execute("TRUNCATE TABLE parallax." + table);
    }
}
