package dev.parallax.kstreams;

import dev.parallax.testkit.RealStack;
import static dev.parallax.kstreams.TestEvents.T0;
import static dev.parallax.kstreams.TestEvents.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.KafkaMeters;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.process.Readiness;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import dev.parallax.sink.ClickHouseSink;
import dev.parallax.testkit.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known events through a real broker, the analytics topology and the sink into a real ClickHouse: exact rows, and
 * exact counts on the job's {@code /metrics}.
 */
class EndToEndTest {

    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();
    private static final EventCodec<DeviceSample> DEVICES = EventCodec.deviceSample();

    @Test
    void knownEventsBecomeExactRowsInEveryTable(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir); MetricsEndpoint metrics = MetricsEndpoint.start("127.0.0.1", 0)) {
            Properties props = AnalyticsApp.properties(stack.config);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
            KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.builder()
                    .metrics(new PipelineMetrics(metrics.registry())).build()), props);
            KafkaMeters.Bound clientMetrics = AnalyticsApp.instrument(streams, metrics.registry());
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
                // A throttle episode: pi5-hot at 85 °C from 20 s to 59 s, 70 °C around it (one device, one partition).
                for (int s = 0; s < 100; s++) {
                    DeviceSample sample = TestEvents.deviceSample("pi5-hot", T0 + s * 1000L, s >= 20 && s < 60 ? 85 : 70);
                    producer.send(new ProducerRecord<>(Topics.DEVICE, sample.getDeviceId().getBytes(), DEVICES.encodeAvro(sample)));
                }
                // Divergence: three golden samples with FP32 cloud references; INT8 edge candidates that agree on top-1,
                // flip it, and have one output too few (a dead letter). Order across partitions does not matter.
                float[] reference = {1, 2, 3, 4};
                List<InferenceEvent> outputs = List.of(
                        output("ref-1", T0 + 40_000, Precision.FP32, Tier.CLOUD, "img-1", reference).build(),
                        output("ref-2", T0 + 40_001, Precision.FP32, Tier.CLOUD, "img-2", reference).build(),
                        output("ref-3", T0 + 40_002, Precision.FP32, Tier.CLOUD, "img-3", reference).build(),
                        output("cand-1", T0 + 41_000, Precision.INT8, Tier.EDGE, "img-1", 1, 2, 3, 5).build(),
                        output("cand-2", T0 + 41_001, Precision.INT8, Tier.EDGE, "img-2", 4, 3, 2, 1).build(),
                        output("cand-3", T0 + 41_002, Precision.INT8, Tier.EDGE, "img-3", 1, 2, 3).build());
                for (InferenceEvent event : outputs) {
                    producer.send(new ProducerRecord<>(Topics.INFERENCE, event.getDeviceId().getBytes(), CODEC.encodeAvro(event)));
                }
                producer.flush();
            }

            Duration timeout = Duration.ofSeconds(40);
            stack.awaitCount("SELECT count() FROM parallax.inference_events FINAL", 606, timeout);
            stack.awaitCount("SELECT count() FROM parallax.device_samples FINAL", 100, timeout);
            stack.awaitCount("SELECT count() FROM parallax.dead_letters FINAL", 4, timeout);
            stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL", 606, timeout);
            stack.awaitCount("SELECT count() FROM parallax.throttle_episodes FINAL WHERE is_open = 0", 1, timeout);
            stack.awaitCount("SELECT count() FROM parallax.divergence_pairs FINAL", 2, timeout);
            stack.awaitCount("SELECT sum(pairs) FROM parallax.divergence_windows FINAL", 2, timeout);

            try (Connection connection = dev.parallax.warehouse.Warehouse.connect(stack.config);
                 Statement statement = connection.createStatement()) {
                ResultSet rs = statement.executeQuery("SELECT tier, count, errors, p50_ms, max_ms, late_events"
                        + " FROM parallax.latency_windows FINAL WHERE window_start = fromUnixTimestamp64Milli(" + T0
                        + ") AND test_id = 'mobilenet-smoke' ORDER BY tier");
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
                assertTrue(reasons.toString().contains("length mismatch: reference has 4 outputs, candidate 3"), reasons.toString());

                rs = statement.executeQuery("SELECT count(), any(device_id), any(toUnixTimestamp64Milli(start_time)),"
                        + " any(toUnixTimestamp64Milli(end_time)), any(duration_ms), any(peak_temp_c), any(samples),"
                        + " any(inferences), any(latency_inflation) IS NULL FROM parallax.throttle_episodes FINAL");
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1), "the open rows are replaced by the closed one");
                assertEquals("pi5-hot", rs.getString(2));
                assertEquals(T0 + 20_000, rs.getLong(3));
                assertEquals(T0 + 60_000, rs.getLong(4));
                assertEquals(40_000, rs.getLong(5));
                assertEquals(85.0, rs.getDouble(6));
                assertEquals(40, rs.getLong(7));
                assertEquals(0, rs.getLong(8));
                assertEquals(1, rs.getInt(9), "no inferences on the device: no latency inflation");

                rs = statement.executeQuery("SELECT toString(candidate_event_id), toString(reference_event_id), input_id,"
                        + " top1_agree, max_abs_err, sqnr_db, test_id, run_id FROM parallax.divergence_pairs FINAL"
                        + " ORDER BY input_id");
                assertTrue(rs.next());
                assertEquals(TestEvents.id("cand-1"), rs.getString(1));
                assertEquals(TestEvents.id("ref-1"), rs.getString(2));
                assertEquals("img-1", rs.getString(3));
                assertEquals(1, rs.getInt(4));
                assertEquals(1.0, rs.getDouble(5), 1e-12);
                assertEquals(10 * Math.log10(30.0), rs.getDouble(6), 1e-6);
                assertEquals("resnet-parity", rs.getString(7));
                assertEquals("run-1", rs.getString(8));
                assertTrue(rs.next());
                assertEquals(TestEvents.id("cand-2"), rs.getString(1));
                assertEquals(0, rs.getInt(4));
                assertTrue(!rs.next(), "the rejected candidate has no pair");

                rs = statement.executeQuery("SELECT count(), any(toUnixTimestamp64Milli(window_start)), any(model_name),"
                        + " any(candidate_precision), any(device_class), any(pairs), any(flip_rate), any(unmatched)"
                        + " FROM parallax.divergence_windows FINAL");
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
                assertEquals(T0, rs.getLong(2));
                assertEquals("resnet50", rs.getString(3));
                assertEquals("INT8", rs.getString(4));
                assertEquals("pi5-hailo8l", rs.getString(5));
                assertEquals(2, rs.getLong(6));
                assertEquals(0.5, rs.getDouble(7), 1e-12);
                assertEquals(0, rs.getLong(8));

                assertMetrics(metrics.url());
            } finally {
                clientMetrics.close();
                streams.close(Duration.ofSeconds(30));
                sink.close();
                sinkThread.join(30_000);
            }
        }
    }

    /**
     * What the job read, refused and wrote, counted as sent: 606 good inferences, 2 malformed ones and 1 divergence
     * reject; 100 samples and 1 invalid one. No input is too late, the job is RUNNING and its consumers catch up.
     */
    private static void assertMetrics(String url) throws Exception {
        Readiness.await("the job's consumers to catch up", Duration.ofSeconds(30), () -> {
            List<Double> lags = PrometheusText.scrape(url).samples().stream()
                    .filter(s -> s.name().equals("kafka_consumer_fetch_manager_records_lag")
                            && Topics.INFERENCE.equals(s.labels().get("topic")))
                    .map(PrometheusText.Sample::value).toList();
            return lags.size() == 3 && lags.stream().allMatch(lag -> lag == 0);
        });
        PrometheusText page = PrometheusText.scrape(url);
        assertEquals(608, page.value("parallax_events_in_total", Map.of("topic", Topics.INFERENCE)));
        assertEquals(101, page.value("parallax_events_in_total", Map.of("topic", Topics.DEVICE)));
        assertEquals(2, page.value("parallax_dead_letters_total", Map.of("topic", Topics.INFERENCE, "reason_class", "malformed")));
        assertEquals(1, page.value("parallax_dead_letters_total", Map.of("topic", Topics.INFERENCE, "reason_class", "divergence")));
        assertEquals(1, page.value("parallax_dead_letters_total", Map.of("topic", Topics.DEVICE, "reason_class", "invalid")));
        assertEquals(4, page.value("parallax_dead_letters_total", Map.of()));
        assertEquals(4, page.value("parallax_events_out_total", Map.of("topic", Topics.DEAD_LETTER)));
        assertTrue(page.value("parallax_events_out_total", Map.of("topic", Topics.LATENCY)) >= 2, "a row per latency window");
        assertTrue(page.value("parallax_events_out_total", Map.of("topic", Topics.DIVERGENCE)) >= 3, "pairs and a window");
        assertEquals(0, page.value("parallax_too_late_events_total", Map.of()));
        assertEquals(1, page.value("parallax_job_state", Map.of("job", "analytics", "state", "RUNNING")));
        assertEquals(0, page.value("parallax_job_state", Map.of("job", "analytics", "state", "ERROR")));
    }
}
