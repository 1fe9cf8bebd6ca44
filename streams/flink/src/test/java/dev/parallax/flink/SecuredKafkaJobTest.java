package dev.parallax.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.config.Secrets;
import dev.parallax.contract.Topics;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.process.Readiness;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import dev.parallax.testkit.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job's Kafka source and exactly-once sink against a SASL_SSL (SCRAM-SHA-512) broker, with the client
 * settings of {@code kafka.client.*}: a refused record read from the input topic comes out as a committed dead
 * letter, which takes both the source's consumer and the sink's transactional producer. Its client's
 * {@code /metrics} counts what the job read and refused, and says it runs.
 */
class SecuredKafkaJobTest {

    private static final int EVENTS = 20;

    @Test
    void sourceAndTransactionalSinkWorkOverSaslSsl(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).topics(ParallaxTopics.all(1))
                .saslSsl("parallax", Secrets.random(18)).build().start()) {
            KafkaClientSettings secured = kafka.clientSettings();
            Map<String, String> values = new HashMap<>(Map.of(
                    ParallaxConfig.HOME, dir.resolve("home").toString(),
                    ParallaxConfig.KAFKA_BOOTSTRAP, secured.bootstrapServers()));
            secured.properties().forEach((key, value) -> values.put(KafkaClientSettings.PREFIX + key, value));
            ParallaxConfig config = ParallaxConfig.of(values);

            try (var producer = new KafkaProducer<>(KafkaClientSettings.from(config).configFor("test producer",
                    Map.of(ProducerConfig.ACKS_CONFIG, "all")), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    producer.send(new ProducerRecord<>(Topics.INFERENCE, "flink-pi".getBytes(StandardCharsets.UTF_8),
                            EventCodec.inference().encodeAvro(inference())));
                }
                producer.send(new ProducerRecord<>(Topics.INFERENCE, "{not json".getBytes(StandardCharsets.UTF_8))).get();
            }

            JobSettings settings = JobSettings.from(config).toBuilder().checkpointInterval(Duration.ofMillis(500))
                    .ids("flink-secured", "flink-secured").build();
            StreamExecutionEnvironment env = AnalyticsJob.environment(settings);
            AnalyticsJob.derive(AnalyticsJob.read(env, AnalyticsJob.source(KafkaClientSettings.from(config), settings)
                            .setStartingOffsets(OffsetsInitializer.earliest()).build(), settings), settings)
                    .sinkTo(AnalyticsJob.sink(KafkaClientSettings.from(config), settings));
            JobClient job = env.executeAsync("flink-secured");
            try (MetricsEndpoint metrics = MetricsEndpoint.start("127.0.0.1", 0);
                 FlinkJobMetrics watched = FlinkJobMetrics.watch(job, metrics.registry())) {
                List<String> deadLetters = new ArrayList<>();
                try (var consumer = new KafkaConsumer<>(KafkaClientSettings.from(config).configFor("test reader",
                        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.assign(List.of(new TopicPartition(Topics.DEAD_LETTER, 0)));
                    consumer.seekToBeginning(consumer.assignment());
                    Readiness.await("a committed dead letter from the Flink job", Duration.ofSeconds(90), () -> {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            deadLetters.add(new String(record.value(), StandardCharsets.UTF_8));
                        }
                        return !deadLetters.isEmpty();
                    });
                }
                assertTrue(deadLetters.getFirst().contains("malformed JSON"), deadLetters.toString());
                assertCounted(metrics.url());
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The events and the malformed record read, the dead letter by its class and as an event out, the job RUNNING. */
    private static void assertCounted(String url) throws Exception {
        Map<String, String> inference = Map.of("topic", Topics.INFERENCE);
        // Tasks report their counts with their heartbeats: up to one interval (10 s) behind.
        Readiness.await("the job's counts", Duration.ofSeconds(60), () -> {
            PrometheusText page = PrometheusText.scrape(url);
            return page.value("parallax_events_in_total", inference) >= EVENTS + 1
                    && page.value("parallax_events_out_total", Map.of("topic", Topics.DEAD_LETTER)) >= 1;
        });
        PrometheusText page = PrometheusText.scrape(url);
        assertEquals(EVENTS + 1, page.value("parallax_events_in_total", inference));
        assertEquals(1, page.value("parallax_dead_letters_total", Map.of("topic", Topics.INFERENCE, "reason_class", "malformed")));
        assertEquals(1, page.value("parallax_dead_letters_total", Map.of()));
        assertEquals(1, page.value("parallax_events_out_total", Map.of("topic", Topics.DEAD_LETTER)));
        assertEquals(0, page.value("parallax_too_late_events_total", Map.of()));
        assertEquals(1, page.value("parallax_job_state", Map.of("job", "flink", "state", "RUNNING")));
    }

    private static InferenceEvent inference() {
        return InferenceEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(System.currentTimeMillis())
                .setRunId("run-flink").setTestId("flink-metrics").setModelName("resnet50").setModelVersion("1")
                .setPrecision(Precision.INT8).setTier(Tier.EDGE).setDeviceId("flink-pi").setDeviceClass("pi5-hailo8l")
                .setRuntime("hailort").setLatencyMs(12.5).setStatus(Status.OK).setAttributes(Map.of()).build();
    }
}
