package dev.parallax.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"parallax\" password=\"env-secret\";";

    @Test
    void clientPropertiesComeFromEverySourceWithTheUsualPrecedence(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("parallax.properties"), """
                kafka.bootstrap=kafka-1:9093
                kafka.client.security.protocol=SASL_SSL
                kafka.client.sasl.mechanism=PLAIN
                kafka.client.ssl.truststore.location=/etc/parallax/ca.pem
                """);
        Properties system = new Properties();
        system.setProperty("parallax.kafka.client.sasl.mechanism", "SCRAM-SHA-512");
        system.setProperty("parallax.other.key", "x");
        Map<String, String> environment = Map.of(
                "PARALLAX_HOME", home.toString(),
                "PARALLAX_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "PARALLAX_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/run/secrets/ca.pem",
                "PARALLAX_KAFKA_CLIENTS", "not under the prefix");

        KafkaClientSettings settings = KafkaClientSettings.from(ParallaxConfig.of(
                Map.of(KafkaClientSettings.PREFIX + "client.id", "parallax-test"), environment, system));

        assertEquals("kafka-1:9093", settings.bootstrapServers());
        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/run/secrets/ca.pem",
                "client.id", "parallax-test"), settings.properties());
    }

    @Test
    void aClientsOwnSettingsWinAndTheBootstrapServersAreAdded() {
        KafkaClientSettings settings = KafkaClientSettings.of("127.0.0.1:9092")
                .with("security.protocol", "SSL")
                .with("isolation.level", "read_uncommitted");

        Map<String, Object> config = settings.configFor("test consumer", Map.of("isolation.level", "read_committed",
                "max.poll.records", 500));

        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092", "security.protocol", "SSL",
                "isolation.level", "read_committed", "max.poll.records", 500), config);
        assertEquals(config, Map.copyOf(settings.propertiesFor("test consumer", Map.of("isolation.level",
                "read_committed", "max.poll.records", 500))));
    }

    @Test
    void theBrokersAreSetOnlyByKafkaBootstrap() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaClientSettings.from(
                ParallaxConfig.of(Map.of("kafka.client.bootstrap.servers", "elsewhere:9092"))));
        assertTrue(e.getMessage().contains("kafka.bootstrap"), e.getMessage());
    }

    @Test
    void itsDescriptionNamesTheProtocolButNoValue() {
        String described = KafkaClientSettings.of("k:9093").with("security.protocol", "SASL_SSL")
                .with("sasl.jaas.config", JAAS).toString();
        assertEquals("k:9093 (SASL_SSL)", described);
        assertFalse(described.contains("env-secret"));
    }
}
