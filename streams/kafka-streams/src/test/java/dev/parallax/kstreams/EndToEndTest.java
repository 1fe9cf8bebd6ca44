package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Status;
import dev.parallax.sink.ClickHouseSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known events through a real broker, the analytics topology and the sink into a real ClickHouse: exact rows. */
class EndToEndTest {

    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();

    @Test
    void knownEventsBecomeExactRowsInEveryTable(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir)) {
            Properties props = AnalyticsApp.properties(stack.config);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
            KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.defaults()), props);
            ClickHouseSink sink = ClickHouseSink.builder().config(stack.config).linger(Duration.ofMillis(100)).build();
            Thread sinkThread = Thread.ofPlatform().start(sink::run);
            streams.start();
            try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
                // Two latency keys (EDGE INT8 and CLOUD FP32), 300 events each in minute 0, errors included.
                for (int i = 0; i < 300; i++) {
                    InferenceEvent edge = TestEvents.inference(T0 + i * 100L, 10 + i % 50).setDeviceId("pi5-0" + i % 3).build();
                    InferenceEvent cloud = TestEvents.inference(T0 + i * 100L + 1, 2 + i % 5).setDeviceId("a10g-1")
                            .setTier(dev.parallax.schema.Tier.CLOUD).setPrecision(dev.parallax.schema.Precision.FP32)
                            .setDeviceClass("cloud-a10g").build();
                    if (i % 100 == 99) edge = InferenceEvent.newBuilder(edge).setStatus(Status.ERROR).setLatencyMs(null).build();
                    producer.send(new ProducerRecord<>(Topics.INFERENCE, edge.getDeviceId().getBytes(), CODEC.encodeAvro(edge)));
                    producer.send(new ProducerRecord<>(Topics.INFERENCE, cloud.getDeviceId().getBytes(), CODEC.encodeJson(cloud)));
                }
                // Three bad records. (Lateness is covered by AnalyticsTopologyTest: across partitions, Kafka gives
                // no order, so an event that moves the watermark here could make others late.)
                producer.send(new ProducerRecord<>(Topics.INFERENCE, "{not json".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(Topics.INFERENCE, new byte[] {(byte) 0xC3, 0x01, 1, 2}));
                producer.send(new ProducerRecord<>(Topics.DEVICE, "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }

            Duration timeout = Duration.ofSeconds(40);
            stack.awaitCount("SELECT count() FROM parallax.inference_events FINAL", 600, timeout);
            stack.awaitCount("SELECT count() FROM parallax.dead_letters FINAL", 3, timeout);
            stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL", 600, timeout);

            try (Connection connection = dev.parallax.warehouse.Warehouse.connect(stack.config);
                 Statement statement = connection.createStatement()) {
                ResultSet rs = statement.executeQuery("SELECT tier, count, errors, p50_ms, max_ms, late_events"
                        + " FROM parallax.latency_windows FINAL WHERE window_start = fromUnixTimestamp64Milli(" + T0
                        + ") ORDER BY tier");
                assertTrue(rs.next());
                assertEquals("CLOUD", rs.getString(1));
                assertEquals(300, rs.getLong(2));
                assertEquals(0, rs.getLong(3));
                assertEquals(4.0, rs.getDouble(4), 4.0 * 0.01);
                assertTrue(rs.next());
                assertEquals("EDGE", rs.getString(1));
                assertEquals(300, rs.getLong(2));
                assertEquals(3, rs.getLong(3));
                assertEquals(59.0, rs.getDouble(5), 59 * 0.01);
                assertEquals(0, rs.getLong(6));

                rs = statement.executeQuery("SELECT reason FROM parallax.dead_letters FINAL ORDER BY dead_letter_id");
                StringBuilder reasons = new StringBuilder();
                while (rs.next()) reasons.append(rs.getString(1)).append('\n');
                assertTrue(reasons.toString().contains("malformed JSON"), reasons.toString());
                assertTrue(reasons.toString().contains("truncated Avro"), reasons.toString());
                assertTrue(reasons.toString().contains("missing required fields event_time, device_id"), reasons.toString());
            } finally {
                streams.close(Duration.ofSeconds(30));
                sink.close();
                sinkThread.join(30_000);
            }
        }
    }
}
