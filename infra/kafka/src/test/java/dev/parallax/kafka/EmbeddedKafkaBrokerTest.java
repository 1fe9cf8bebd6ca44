package dev.parallax.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.Secrets;
import dev.parallax.contract.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void createsTheSpecTopicsAndKeepsRecordsAcrossRestart(@TempDir Path dir) throws Exception {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder(dir).topics(ParallaxTopics.all(2));
        try (EmbeddedKafkaBroker broker = builder.build().start()) {
            try (Admin admin = admin(broker)) {
                Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertTrue(names.containsAll(List.of(Topics.INFERENCE, Topics.DEVICE, Topics.RUN, Topics.DEAD_LETTER,
                        Topics.LATENCY, Topics.THROTTLE, Topics.DIVERGENCE, Topics.ALERTS)), names.toString());
                TopicDescription inference = admin.describeTopics(List.of(Topics.INFERENCE))
                        .allTopicNames().get(10, TimeUnit.SECONDS).get(Topics.INFERENCE);
                assertEquals(2, inference.partitions().size());
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.INFERENCE);
                String retention = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
                        .get(resource).get("retention.ms").value();
                assertEquals("-1", retention, "input topics are the source of truth and are kept forever");
            }
            produce(broker, 100);
        }
        // Same directory, new ports: the formatted storage and every record are still there.
        try (EmbeddedKafkaBroker restarted = builder.build().start()) {
            assertEquals(100, consumeAll(restarted).size());
        }
    }

    @Test
    void aSecuredBrokerServesSignedInClientsOverTlsAndRefusesOthers(@TempDir Path dir) throws Exception {
        String password = Secrets.random(18);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).topics(ParallaxTopics.all(1))
                .saslSsl("parallax", password).build().start()) {
            KafkaClientSettings settings = broker.clientSettings();
            assertEquals("SASL_SSL", settings.properties().get("security.protocol"));
            produce(broker, 100);
            assertEquals(100, consumeAll(broker).size());

            KafkaClientSettings wrongPassword = settings.with("sasl.jaas.config",
                    settings.properties().get("sasl.jaas.config").replace(password, "guessed"));
            ExecutionException refused = assertThrows(ExecutionException.class, () -> listTopics(wrongPassword));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());

            // No credentials and no TLS: the listener never answers a plaintext request.
            KafkaClientSettings anonymous = KafkaClientSettings.of(broker.bootstrapServers())
                    .with(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000")
                    .with(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            assertThrows(ExecutionException.class, () -> listTopics(anonymous));
        }
    }

    private static Set<String> listTopics(KafkaClientSettings settings) throws Exception {
        try (Admin admin = Admin.create(settings.configFor("test admin", Map.of()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(broker.clientSettings().configFor("test admin", Map.of()));
    }

    private static void produce(EmbeddedKafkaBroker broker, int count) throws Exception {
        Map<String, Object> config = broker.clientSettings().configFor("test producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(Topics.INFERENCE, "k" + i, "v" + i)).get();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(EmbeddedKafkaBroker broker) {
        Map<String, Object> config = broker.clientSettings().configFor("test consumer", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.INFERENCE));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 100 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
