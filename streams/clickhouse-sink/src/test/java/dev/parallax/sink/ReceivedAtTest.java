package dev.parallax.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.codec.EventCodec;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Tables;
import dev.parallax.contract.Topics;
import dev.parallax.contract.derived.DerivedTable;
import dev.parallax.contract.derived.ThrottleEpisodeRow;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.EmbeddedKafkaBroker.TopicSpec;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.process.Readiness;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import dev.parallax.testkit.PrometheusText;
import dev.parallax.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's counts, scraped from its {@code /metrics}; and {@code received_at} of inference events and device samples is the Kafka record's timestamp (SPEC §3a), through a
 * real broker, the real sink and a real ClickHouse engine: the broker's append time on a {@code LogAppendTime}
 * topic, the record's own timestamp on a {@code CreateTime} one, the event time when a record has none. And a
 * derived record that is not its table's typed row is refused as a dead letter, while the rows after it land.
 */
class ReceivedAtTest {

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker kafka;
    static EmbeddedClickHouse clickhouse;
    static ParallaxConfig config;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> logAppend = Map.of("message.timestamp.type", "LogAppendTime");
        Map<String, String> create = Map.of("message.timestamp.type", "CreateTime");
        kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).topics(List.of(
                new TopicSpec(Topics.INFERENCE, 1, logAppend), new TopicSpec(Topics.DEVICE, 1, create),
                new TopicSpec(Topics.THROTTLE, 1, create), new TopicSpec(Topics.DEAD_LETTER, 1, logAppend)))
                .build().start();
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("clickhouse")).password("received-at").start();
        config = ParallaxConfig.of(Map.of(
                ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers(),
                ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl(),
                ParallaxConfig.CLICKHOUSE_USER, clickhouse.user(),
                ParallaxConfig.CLICKHOUSE_PASSWORD, clickhouse.password()));
        Warehouse.migrate(config);
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.close();
        if (kafka != null) kafka.close();
    }

    static InferenceEvent inference(String eventId, Instant eventTime, String deviceId) {
        return InferenceEvent.newBuilder()
                .setEventId(eventId).setEventTime(eventTime.toEpochMilli()).setRunId("run-ra").setTestId("ra-test")
                .setModelName("resnet50").setModelVersion("1").setPrecision(Precision.INT8).setTier(Tier.EDGE)
                .setDeviceId(deviceId).setDeviceClass("pi5-hailo8l").setRuntime("hailort").setLatencyMs(12.5)
                .setStatus(Status.OK).setAttributes(Map.of())
                .build();
    }

    static DeviceSample sample(String eventId, Instant eventTime, String deviceId) {
        return DeviceSample.newBuilder()
                .setEventId(eventId).setEventTime(eventTime.toEpochMilli()).setDeviceId(deviceId)
                .setDeviceClass("pi5-hailo8l").setTier(Tier.EDGE).setTemperatureC(61.0)
                .build();
    }

    @Test
    void theSinkStoresTheRecordTimestampAsReceivedAt() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String inferenceId = UUID.randomUUID().toString();
        String sampleId = UUID.randomUUID().toString();
        // A device whose clock runs 10 minutes ahead, and one whose sample the collector stamped 3.5 s after its event.
        Instant inferenceTime = now.plus(Duration.ofMinutes(10));
        Instant sampleTime = now.minus(Duration.ofMinutes(3));
        long sampleStamp = sampleTime.plusMillis(3_500).toEpochMilli();

        RecordMetadata appended;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // The device stamps its record by its own clock: on a LogAppendTime topic the broker replaces that.
            appended = producer.send(new ProducerRecord<>(Topics.INFERENCE, null, inferenceTime.toEpochMilli(),
                    key("ra-pi-ahead"),
                    EventCodec.inference().encodeAvro(inference(inferenceId, inferenceTime, "ra-pi-ahead")))).get();
            producer.send(new ProducerRecord<>(Topics.DEVICE, null, sampleStamp, key("ra-pi-sampled"),
                    EventCodec.deviceSample().encodeAvro(sample(sampleId, sampleTime, "ra-pi-sampled")))).get();
        }
        assertTrue(appended.timestamp() >= now.toEpochMilli() && appended.timestamp() < inferenceTime.toEpochMilli(),
                "the broker's append time, not the producer's: " + appended.timestamp());

        ClickHouseSink sink = ClickHouseSink.builder().config(config).groupId("received-at-test")
                .topics(List.of(Topics.INFERENCE, Topics.DEVICE)).linger(Duration.ofMillis(50)).build();
        Thread thread = Thread.ofPlatform().name("sink").start(sink::run);
        List<List<String>> rows;
        try {
            // ORDER BY after a UNION ALL binds to its last SELECT only: the union is ordered as a whole here.
            rows = awaitRows("""
                    SELECT * FROM (
                        SELECT 'inference' AS kind, device_id, toUnixTimestamp64Milli(received_at) AS received,
                            toUnixTimestamp64Milli(event_time) - received, toYear(ingested_at) > 2000
                        FROM parallax.inference_events WHERE event_id = '%s'
                        UNION ALL
                        SELECT 'sample' AS kind, device_id, toUnixTimestamp64Milli(received_at) AS received,
                            toUnixTimestamp64Milli(event_time) - received, toYear(ingested_at) > 2000
                        FROM parallax.device_samples WHERE event_id = '%s'
                    ) ORDER BY kind
                    """.formatted(inferenceId, sampleId), 2);
        } finally {
            sink.close();
            thread.join(10_000);
        }
        long offset = inferenceTime.toEpochMilli() - appended.timestamp();
        assertEquals(List.of(
                List.of("inference", "ra-pi-ahead", Long.toString(appended.timestamp()), Long.toString(offset), "1"),
                List.of("sample", "ra-pi-sampled", Long.toString(sampleStamp), "-3500", "1")), rows,
                "received_at is the broker's append time / the record's timestamp; ingested_at is still the server's");
        assertTrue(offset > Duration.ofMinutes(9).toMillis() && offset <= Duration.ofMinutes(10).toMillis(),
                "the device's clock offset reads as about +10 min: " + offset);
    }

    /**
     * 50 inference events and 3 dead letters through the real sink: its {@code /metrics} counts every record of the
     * topics (those other tests wrote too: the sink reads each topic from its start), the dead letters by reason
     * class, the rows per table and batch, and the consumer's lag down to 0.
     */
    @Test
    void metricsCountRecordsRowsPerTableBatchesAndLag() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(Topics.INFERENCE, key("metrics-pi"), EventCodec.inference()
                        .encodeAvro(inference(UUID.randomUUID().toString(), Instant.now(), "metrics-pi"))));
            }
            for (String reason : List.of("malformed JSON at line 1 column 2: x", "empty record", "missing required field run_id")) {
                DeadLetter letter = DeadLetter.fromKafka(Topics.INFERENCE, 0, reason.length(), 0, reason, new byte[] {1});
                producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, key(letter.deadLetterId()), letter.toJson()));
            }
        }
        long inferences = endOffset(Topics.INFERENCE);
        try (MetricsEndpoint metrics = MetricsEndpoint.start("127.0.0.1", 0)) {
            ClickHouseSink sink = ClickHouseSink.builder().config(config).groupId("metrics-test-" + UUID.randomUUID())
                    .topics(List.of(Topics.INFERENCE, Topics.DEAD_LETTER)).linger(Duration.ofMillis(50))
                    .metrics(metrics.registry()).build();
            Thread thread = Thread.ofPlatform().name("sink").start(sink::run);
            try {
                Map<String, String> inferencePartition = Map.of("topic", Topics.INFERENCE, "partition", "0");
                Readiness.await("the sink's rows and a lag of 0", Duration.ofSeconds(60), () -> {
                    PrometheusText page = PrometheusText.scrape(metrics.url());
                    return page.value("parallax_sink_rows_total", Map.of()) == inferences + 3
                            && page.samples().stream().anyMatch(s -> s.name().equals("kafka_consumer_fetch_manager_records_lag")
                            && s.labels().entrySet().containsAll(inferencePartition.entrySet()) && s.value() == 0);
                });
                PrometheusText page = PrometheusText.scrape(metrics.url());
                assertEquals(inferences, page.value("parallax_events_in_total", Map.of("topic", Topics.INFERENCE)));
                assertEquals(3, page.value("parallax_events_in_total", Map.of("topic", Topics.DEAD_LETTER)));
                assertEquals(inferences, page.value("parallax_sink_rows_total", Map.of("table", Tables.INFERENCE_EVENTS)));
                assertEquals(3, page.value("parallax_sink_rows_total", Map.of("table", Tables.DEAD_LETTERS)));
                assertEquals(2, page.value("parallax_dead_letters_total", Map.of("topic", Topics.INFERENCE, "reason_class", "malformed")));
                assertEquals(1, page.value("parallax_dead_letters_total", Map.of("topic", Topics.INFERENCE, "reason_class", "invalid")));
                assertEquals(inferences + 3, page.value("parallax_sink_batch_rows_sum", Map.of()));
                double batches = page.value("parallax_sink_batch_rows_count", Map.of());
                assertTrue(batches >= 1, "batches: " + batches);
                assertEquals(batches, page.value("parallax_sink_batch_seconds_count", Map.of()));
                assertTrue(page.value("parallax_sink_batch_seconds_sum", Map.of()) > 0);
            } finally {
                sink.close();
                thread.join(10_000);
            }
        }
        assertTrue(inferences >= 50, "the 50 sent are in the topic: " + inferences);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long endOffset(String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** Replay's shadow writer builds records without a timestamp: those count as received at their event time. */
    @Test
    void aRecordWithoutTimestampIsReceivedAtItsEventTime() throws Exception {
        Instant eventTime = Instant.parse("2026-11-20T11:58:00.250Z");
        String inferenceId = UUID.randomUUID().toString();
        String sampleId = UUID.randomUUID().toString();
        Map<String, RowMapper> routes = Routes.standard();
        PendingRows pending = new PendingRows();
        for (var record : List.of(
                new ConsumerRecord<>(Topics.INFERENCE, 0, 0L, key("ra-pi-replayed"),
                        EventCodec.inference().encodeAvro(inference(inferenceId, eventTime, "ra-pi-replayed"))),
                new ConsumerRecord<>(Topics.DEVICE, 0, 0L, key("ra-pi-replayed"),
                        EventCodec.deviceSample().encodeAvro(sample(sampleId, eventTime, "ra-pi-replayed"))))) {
            assertEquals(ConsumerRecord.NO_TIMESTAMP, record.timestamp());
            TableRow row = routes.get(record.topic()).map(record).orElseThrow();
            assertEquals(eventTime, row.values().get(InputEventRows.RECEIVED_AT), row.table());
            pending.add(row);
        }
        try (TableWriters tables = new TableWriters(Warehouse.connect(config), "")) {
            pending.writeTo(tables);
        }
        assertEquals(List.of(List.of(Tables.DEVICE_SAMPLES, "2026-11-20 11:58:00.250"),
                        List.of(Tables.INFERENCE_EVENTS, "2026-11-20 11:58:00.250")),
                query("""
                        SELECT * FROM (
                            SELECT 'device_samples' AS t, toString(received_at)
                            FROM parallax.device_samples WHERE event_id = '%s'
                            UNION ALL
                            SELECT 'inference_events' AS t, toString(received_at)
                            FROM parallax.inference_events WHERE event_id = '%s'
                        ) ORDER BY t
                        """.formatted(sampleId, inferenceId)));
    }

    /**
     * A writer that does not know the column (a mapper without arrival, as the pipeline benchmark uses) leaves it to
     * its default, in the same batch as rows that give it, and every other column lands where it belongs.
     */
    @Test
    void rowsWithAndWithoutReceivedAtShareABatch() throws Exception {
        Instant eventTime = Instant.parse("2026-11-21T08:00:00.500Z");
        Instant received = eventTime.plusMillis(1_250);
        String given = UUID.randomUUID().toString();
        String left = UUID.randomUUID().toString();
        byte[] withIt = EventCodec.inference().encodeAvro(inference(given, eventTime, "ra-pi-mixed"));
        byte[] without = EventCodec.inference().encodeAvro(inference(left, eventTime, "ra-pi-mixed"));
        List<Map<String, Object>> rows = List.of(
                new InputEventRows<>(EventCodec.inference(), Tables.INFERENCE_EVENTS, true).map(new ConsumerRecord<>(
                        Topics.INFERENCE, 0, 0L, received.toEpochMilli(), TimestampType.LOG_APPEND_TIME, 0, 0,
                        key("ra-pi-mixed"), withIt, new RecordHeaders(), Optional.empty())).orElseThrow().values(),
                new InputEventRows<>(EventCodec.inference(), Tables.INFERENCE_EVENTS).map(new ConsumerRecord<>(
                        Topics.INFERENCE, 0, 1L, key("ra-pi-mixed"), without)).orElseThrow().values());
        assertTrue(!rows.get(1).containsKey(InputEventRows.RECEIVED_AT));
        try (Connection connection = Warehouse.connect(config);
             TableWriter writer = new TableWriter(connection, Tables.DATABASE, Tables.INFERENCE_EVENTS)) {
            writer.write(rows);
        }
        assertEquals(List.of(
                        List.of(given, "2026-11-21 08:00:01.750", "run-ra", "ra-test", "12.5", "1"),
                        List.of(left, "2026-11-21 08:00:00.500", "run-ra", "ra-test", "12.5", "1")),
                query("""
                        SELECT toString(event_id), toString(received_at), run_id, test_id, latency_ms,
                            toYear(ingested_at) > 2000
                        FROM parallax.inference_events WHERE event_id IN ('%s', '%s')
                        ORDER BY event_id = '%s' DESC
                        """.formatted(given, left, given)));
    }

    @Test
    void aDerivedRecordThatIsNotItsTablesRowIsADeadLetterAndTheNextRowsLand() throws Exception {
        String episodeId = "refused-test-" + UUID.randomUUID();
        ThrottleEpisodeRow row = new ThrottleEpisodeRow(episodeId, "ra-pi-hot", "pi5-hailo8l",
                Instant.parse("2026-11-22T10:00:00Z").toEpochMilli(), null, 60_000, 86.5, 84.0, 240, 200, 1, 1.4, 1, 3);
        String missingColumn = new String(DerivedTable.THROTTLE_EPISODES.toJson(row), StandardCharsets.UTF_8)
                .replace("\"samples\":240,", "");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.THROTTLE, key(episodeId), "not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.THROTTLE, key(episodeId), missingColumn.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.THROTTLE, key(episodeId), DerivedTable.THROTTLE_EPISODES.toJson(row))).get();
        }
        ClickHouseSink sink = ClickHouseSink.builder().config(config).groupId("refused-test")
                .topics(List.of(Topics.THROTTLE)).linger(Duration.ofMillis(50)).build();
        Thread thread = Thread.ofPlatform().name("sink").start(sink::run);
        try {
            assertEquals(List.of(List.of(episodeId, "240", "1")), awaitRows(
                    "SELECT episode_id, samples, isNull(end_time) FROM parallax.throttle_episodes WHERE episode_id = '" + episodeId + "'", 1));
            List<List<String>> letters = awaitRows("SELECT dead_letter_id, source, reason FROM parallax.dead_letters"
                    + " WHERE topic = '" + Topics.THROTTLE + "' ORDER BY dead_letter_id", 2);
            assertEquals(2, letters.size(), letters.toString());
            assertEquals("clickhouse-sink", letters.get(0).get(1));
            assertTrue(letters.get(0).get(0).startsWith("sink/" + Topics.THROTTLE + "/0/"), letters.toString());
            assertTrue(letters.get(0).get(2).contains("not JSON"), letters.toString());
            assertTrue(letters.get(1).get(2).contains("throttle_episodes.samples is missing"), letters.toString());
        } finally {
            sink.close();
            thread.join(10_000);
        }
    }

    private static byte[] key(String deviceId) {
        return deviceId.getBytes(StandardCharsets.UTF_8);
    }

    private static List<List<String>> awaitRows(String sql, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<List<String>> rows = query(sql);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            rows = query(sql);
        }
        return rows;
    }

    private static List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = Warehouse.connect(config); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
                rows.add(row);
            }
        }
        return rows;
    }
}
