package dev.parallax.flink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.config.Secrets;
import dev.parallax.contract.Topics;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.Readiness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * letter, which takes both the source's consumer and the sink's transactional producer.
 */
class SecuredKafkaJobTest {

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
                producer.send(new ProducerRecord<>(Topics.INFERENCE, "{not json".getBytes(StandardCharsets.UTF_8))).get();
            }

            JobSettings settings = JobSettings.from(config).toBuilder().checkpointInterval(Duration.ofMillis(500))
                    .ids("flink-secured", "flink-secured").build();
            StreamExecutionEnvironment env = AnalyticsJob.environment(settings);
            AnalyticsJob.derive(AnalyticsJob.read(env, AnalyticsJob.source(KafkaClientSettings.from(config), settings)
                            .setStartingOffsets(OffsetsInitializer.earliest()).build(), settings), settings)
                    .sinkTo(AnalyticsJob.sink(KafkaClientSettings.from(config), settings));
            JobClient job = env.executeAsync("flink-secured");
            try {
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
            } finally {
                job.cancel().get();
            }
        }
    }
}
