package dev.parallax.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.config.Secrets;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.LocalPorts;
import dev.parallax.process.Readiness;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import dev.parallax.warehouse.Warehouse;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack against a secured Kafka cluster (SASL_SSL with SCRAM-SHA-512 and a CA of its own), configured as an
 * operator would: {@code kafka.client.*} in {@code parallax.properties}, the password in a separate secrets file
 * read by Kafka's file config provider. The launcher's probes, the simulated fleet (the SDK's publisher), the
 * collector, the analytics job and the sink all reach it; the password shows in no log and on no command line.
 */
class SecuredKafkaStackTest {

    @Test
    void everyServiceWorksAgainstASaslSslClusterWithoutShowingItsPassword(@TempDir Path dir) throws Exception {
        String password = Secrets.random(18);
        Path home = dir.resolve("home");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).topics(ParallaxTopics.all(3))
                .saslSsl("parallax", password).build().start()) {
            configureSecuredKafka(home, kafka.clientSettings());
            int collectorPort = LocalPorts.free();
            JvmProcess stack = LocalStackTest.withFreeMetricsPorts(JvmProcess.builder(LocalStack.class.getName()).args("up"))
                    .env("PARALLAX_HOME", home.toString())
                    .env("PARALLAX_CLICKHOUSE_PORT", String.valueOf(LocalPorts.free()))
                    .env("PARALLAX_COLLECTOR_PORT", String.valueOf(collectorPort))
                    .env("PARALLAX_SIMULATOR_RATE", "5")
                    .env("PARALLAX_SIMULATOR_DEVICES", "2")
                    .logFile(home.resolve("launcher.log"))
                    .start();
            try {
                // Ready means the probes, themselves Kafka clients, saw the job's and the sink's groups settle.
                Readiness.await("secured stack", Duration.ofMinutes(4), () -> {
                    if (Files.exists(home.resolve("run/failed")) || !stack.isAlive()) {
                        throw new Readiness.GaveUp(Files.readString(home.resolve("launcher.log")));
                    }
                    return Files.exists(home.resolve("run/ready"));
                });
                assertTrue(LocalStackTest.commandLines().stream().noneMatch(c -> c.contains(password)),
                        "the Kafka password on a command line (ps)");
                Map<String, String> endpoints = LocalStackTest.endpoints(home.resolve("run/endpoints.env"));
                assertEquals(kafka.bootstrapServers(), endpoints.get("PARALLAX_KAFKA_BOOTSTRAP"));
                ParallaxConfig warehouse = ParallaxConfig.of(Map.of(
                        ParallaxConfig.CLICKHOUSE_URL, endpoints.get("PARALLAX_CLICKHOUSE_URL"),
                        ParallaxConfig.CLICKHOUSE_USER, endpoints.get("PARALLAX_CLICKHOUSE_USER"),
                        ParallaxConfig.CLICKHOUSE_PASSWORD, endpoints.get("PARALLAX_CLICKHOUSE_PASSWORD")));

                String testId = "secured-" + UUID.randomUUID();
                HttpResponse<String> accepted = postInference(collectorPort, endpoints.get("PARALLAX_DEVICE_TOKEN"), testId);
                assertEquals(200, accepted.statusCode(), accepted.body());

                // The collector's event through the job (a derived latency window) and the sink.
                Readiness.await("the collector's event in ClickHouse", Duration.ofSeconds(90), () ->
                        count(warehouse, "SELECT count() FROM parallax.inference_events FINAL WHERE test_id = '" + testId + "'") == 1
                                && count(warehouse, "SELECT sum(count) FROM parallax.latency_windows FINAL WHERE test_id = '"
                                + testId + "'") == 1);
                // The simulated fleet publishes with the SDK's EventPublisher.
                Readiness.await("the simulated fleet's events in ClickHouse", Duration.ofSeconds(90), () ->
                        count(warehouse, "SELECT count() FROM parallax.inference_events WHERE test_id != '" + testId + "'") > 0);
            } finally {
                stack.stop(Duration.ofSeconds(90));
            }
            assertFalse(stack.isAlive());
            assertNotInAnyLog(home, password);
        }
    }

    /**
     * {@code parallax.properties} names the cluster and its security settings; the SASL login, which holds the
     * password, is in a file of its own that Kafka's {@code FileConfigProvider} reads when a client starts.
     */
    private static void configureSecuredKafka(Path home, KafkaClientSettings secured) throws IOException {
        Files.createDirectories(home);
        Path secrets = home.resolve("kafka-client.secrets");
        Properties login = new Properties();
        login.setProperty("sasl.jaas.config", secured.properties().get("sasl.jaas.config"));
        OwnerOnlyFiles.write(secrets, stored(login));

        Properties config = new Properties();
        config.setProperty("kafka.embedded", "false");
        config.setProperty(ParallaxConfig.KAFKA_BOOTSTRAP, secured.bootstrapServers());
        secured.properties().forEach((key, value) -> config.setProperty(KafkaClientSettings.PREFIX + key, value));
        config.setProperty(KafkaClientSettings.PREFIX + "config.providers", "file");
        config.setProperty(KafkaClientSettings.PREFIX + "config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider");
        config.setProperty(KafkaClientSettings.PREFIX + "sasl.jaas.config", "${file:" + secrets + ":sasl.jaas.config}");
        OwnerOnlyFiles.write(home.resolve("parallax.properties"), stored(config));
    }

    private static String stored(Properties properties) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, null);
        return text.toString();
    }

    private static HttpResponse<String> postInference(int port, String token, String testId) throws Exception {
        InferenceEvent event = InferenceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(System.currentTimeMillis())
                .setRunId("run-" + testId).setTestId(testId).setModelName("mobilenet-v3").setModelVersion("1")
                .setPrecision(Precision.INT8).setTier(Tier.EDGE).setDeviceId("demo-pi5-01").setDeviceClass("pi5-hailo8l")
                .setRuntime("hailort").setLatencyMs(12.5).setStatus(Status.OK).setAttributes(Map.of()).build();
        String body = "[" + new String(EventCodec.inference().encodeJson(event), StandardCharsets.UTF_8) + "]";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/inference"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(ParallaxConfig config, String sql) throws Exception {
        try (Connection connection = Warehouse.connect(config);
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertNotInAnyLog(Path home, String password) throws IOException {
        try (var files = Files.walk(home)) {
            List<Path> logs = files.filter(f -> f.toString().endsWith(".log")).toList();
            assertTrue(logs.size() >= 5, "the launcher's and every service's log: " + logs);
            for (Path log : logs) {
                assertFalse(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(password),
                        "the Kafka password in " + log);
            }
        }
    }
}
