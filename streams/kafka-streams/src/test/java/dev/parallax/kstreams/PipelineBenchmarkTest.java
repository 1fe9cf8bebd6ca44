package dev.parallax.kstreams;

import dev.parallax.testkit.RealStack;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Tables;
import dev.parallax.contract.Topics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.sink.ClickHouseSink;
import dev.parallax.sink.InputEventRows;
import dev.parallax.sink.TableWriter;
import dev.parallax.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's figures, all measured in one run on this machine: the end-to-end rate (publish → Kafka → analytics
 * → sink → ClickHouse) next to the raw broker produce-and-consume rate and the raw ClickHouse insert rate of
 * the same rows; then freshness (event time to visible in ClickHouse) at a steady 20k events/s.
 */
@Tag("benchmark")
class PipelineBenchmarkTest {

    private static final int EVENTS = 200_000;
    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();

    @Test
    void endToEndAgainstRawBaselinesAndFreshness(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir)) {
            List<Keyed> records = events(EVENTS, TestEvents.T0);
            // Best of two for each baseline: the first run also warms up the JIT, which would flatter the ratio.
            double broker = Math.max(rawBrokerRate(stack, records, "bench.raw.1"), rawBrokerRate(stack, records, "bench.raw.2"));
            double clickhouse = Math.max(rawInsertRate(stack, records), rawInsertRate(stack, records));
            truncateRaw(stack);
            double endToEnd = endToEndRate(stack, records);
            System.out.printf("%nPIPELINE BENCHMARK (%,d inference events of ~%d B, one run)%n", EVENTS, records.getFirst().value().length);
            System.out.printf("  raw broker produce+consume : %,10.0f events/s%n", broker);
            System.out.printf("  raw ClickHouse insert      : %,10.0f rows/s (official JDBC driver, RowBinary)%n", clickhouse);
            System.out.printf("  end to end                 : %,10.0f events/s = %.2f x the slower raw rate (target >= 0.50)%n",
                    endToEnd, endToEnd / Math.min(broker, clickhouse));
            freshness(stack, 20_000, Duration.ofSeconds(30));
        }
    }

    /** A producer and a consumer running together over a fresh topic: events/s until the last one is read. */
    private static double rawBrokerRate(RealStack stack, List<Keyed> records, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long start = System.nanoTime();
        Thread producing = Thread.ofPlatform().start(() -> {
            try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
                for (Keyed record : records) producer.send(record.to(topic));
            }
        });
        long read = 0;
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (read < records.size()) read += consumer.poll(Duration.ofMillis(100)).count();
        }
        producing.join();
        return records.size() / seconds(start);
    }

    /** The same rows straight into inference_events through the same driver path the sink uses. */
    private static double rawInsertRate(RealStack stack, List<Keyed> records) throws Exception {
        InputEventRows<InferenceEvent> mapper = new InputEventRows<>(CODEC, Tables.INFERENCE_EVENTS);
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        for (Keyed record : records) {
            rows.add(mapper.map(new ConsumerRecord<>(Topics.INFERENCE, 0, 0, record.key(), record.value())).orElseThrow().values());
        }
        try (Connection connection = Warehouse.connect(stack.config);
             TableWriter writer = new TableWriter(connection, Tables.DATABASE, Tables.INFERENCE_EVENTS)) {
            long start = System.nanoTime();
            for (int i = 0; i < rows.size(); i += 20_000) writer.write(rows.subList(i, Math.min(rows.size(), i + 20_000)));
            return rows.size() / seconds(start);
        }
    }

    private static double endToEndRate(RealStack stack, List<Keyed> records) throws Exception {
        try (Pipeline pipeline = new Pipeline(stack)) {
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
                for (Keyed record : records) producer.send(record.to(Topics.INFERENCE));
            }
            stack.awaitCount("SELECT count() FROM parallax.inference_events", records.size(), Duration.ofMinutes(5));
            double raw = seconds(start);
            stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL", records.size(), Duration.ofMinutes(5));
            double all = seconds(start);
            System.out.printf("  (end to end: every raw event in ClickHouse after %.1f s, every event in a latency window after %.1f s)%n", raw, all);
            return records.size() / all;
        }
    }

    /**
     * Publishes at a steady rate, event time = the moment each event is due; freshness is ClickHouse's insert time
     * minus event time, so a producer falling behind counts against it too. The events are encoded before the
     * clock starts and the producer sleeps between 1 ms ticks: a fleet's runners do not spend this machine's CPU.
     */
    private static void freshness(RealStack stack, int perSecond, Duration duration) throws Exception {
        int total = (int) (perSecond * duration.toSeconds());
        long start = System.currentTimeMillis() + 3_000;
        List<Keyed> records = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            // A fleet of 200 devices at 100 inferences/s each, not one device at 20,000/s.
            InferenceEvent event = TestEvents.inference(start + i * 1_000L / perSecond, 5 + i % 40)
                    .setDeviceId("pi5-" + i % 200).setEventId(new UUID(start, i).toString()).build();
            records.add(Keyed.of(event));
        }
        // This phase's events are the ones with an event time from its start on (the topic still holds the others).
        String phase = " FROM parallax.inference_events WHERE event_time >= fromUnixTimestamp64Milli(" + start + ")";
        try (Pipeline pipeline = new Pipeline(stack); KafkaProducer<byte[], byte[]> producer = stack.producer()) {
            int sent = 0;
            while (sent < total) {
                long now = System.currentTimeMillis();
                int due = (int) Math.min(total, Math.max(0, (now - start + 1) * perSecond / 1_000));
                while (sent < due) producer.send(records.get(sent++).to(Topics.INFERENCE));
                LockSupport.parkNanos(Math.max(0, start + sent * 1_000L / perSecond - System.currentTimeMillis()) * 1_000_000L + 100_000);
            }
            double offered = total / ((System.currentTimeMillis() - start) / 1e3);
            stack.awaitCount("SELECT count()" + phase, total, Duration.ofMinutes(3));
            try (Connection connection = Warehouse.connect(stack.config);
                 ResultSet rs = connection.createStatement().executeQuery(
                         "SELECT quantileExact(0.5)(ms), quantileExact(0.99)(ms), max(ms) FROM (SELECT"
                                 + " toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(event_time) AS ms"
                                 + phase + ")")) {
                rs.next();
                System.out.printf("  freshness at %,.0f events/s offered for %d s: p50 %,d ms, p99 %,d ms, max %,d ms (target p99 <= 5,000 ms)%n",
                        offered, duration.toSeconds(), rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private static void truncateRaw(RealStack stack) throws Exception {
        try (Connection connection = Warehouse.connect(stack.config)) {
            connection.createStatement().execute("TRUNCATE TABLE parallax.inference_events");
            connection.createStatement().execute("TRUNCATE TABLE parallax.latency_windows");
        }
    }

    /**
     * A burst of events whose event times span 10 s: however partitions interleave, none trails another by more
     * than the 30 s grace, so every event counts (lateness is not what this measures).
     */
    private static List<Keyed> events(int count, long from) {
        List<Keyed> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InferenceEvent event = TestEvents.inference(from + i * 10_000L / count, 5 + i % 40).setDeviceId("pi5-" + i % 16)
                    .setEventId(new UUID(from, i).toString()).build();
            records.add(Keyed.of(event));
        }
        return records;
    }

    /** An encoded event with its record key, the device id, as the SDK and the collector publish it. */
    private record Keyed(byte[] key, byte[] value) {
        static Keyed of(InferenceEvent event) {
            return new Keyed(event.getDeviceId().getBytes(StandardCharsets.UTF_8), CODEC.encodeAvro(event));
        }

        ProducerRecord<byte[], byte[]> to(String topic) {
            return new ProducerRecord<>(topic, key, value);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The analytics job and the sink, as the launcher runs them, for one measurement. */
    private static final class Pipeline implements AutoCloseable {
        private final KafkaStreams streams;
        private final ClickHouseSink sink;
        private final Thread sinkThread;

        Pipeline(RealStack stack) {
            Properties props = AnalyticsApp.properties(stack.config);
            props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + UUID.randomUUID());
            streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.defaults()), props);
            sink = ClickHouseSink.builder().config(stack.config).groupId("bench-sink-" + UUID.randomUUID()).build();
            sinkThread = Thread.ofPlatform().start(sink::run);
            streams.start();
        }

        @Override
        public void close() throws InterruptedException {
            streams.close(Duration.ofSeconds(30));
            sink.close();
            sinkThread.join(30_000);
        }
    }
}
