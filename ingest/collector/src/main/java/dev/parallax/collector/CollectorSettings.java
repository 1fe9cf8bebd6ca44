package dev.parallax.collector;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The collector's settings, read from {@link ParallaxConfig}:
 * {@code collector.port} (8088), {@code collector.bind} (127.0.0.1; 0.0.0.0 to take devices on the network),
 * {@code collector.tokens.file} ($PARALLAX_HOME/device-tokens.properties), {@code collector.demo.token} and
 * {@code collector.demo.device} (demo-pi5-01; the installation's generated demo token), {@code collector.ci.token}
 * and {@code collector.ci.name} (ci; a CI token given by configuration), {@code collector.max.request.bytes}
 * (4 MiB), {@code collector.max.events} (10,000 per request), {@code collector.max.inflight.bytes} (64 MiB),
 * {@code collector.kafka.timeout.ms} (10,000), {@code collector.request.timeout.ms} (30,000: a whole request must
 * arrive within it), {@code collector.idle.timeout.ms} (30,000: an unused connection is closed after it),
 * {@code collector.max.requests.per.client} (8 handled at once per client address; the others wait their turn),
 * {@code collector.max.connections} (1,000 sockets at once in all), {@code collector.run.owners} (100,000 runs
 * remembered for run ownership); its producer reaches Kafka by {@code kafka.bootstrap} and {@code kafka.client.*}.
 *
 * @param fixedTokens token to identity (a device id, or {@code ci:<name>}) given by configuration
 */
record CollectorSettings(String bind, int port, KafkaClientSettings kafka, Path tokensFile, Map<String, String> fixedTokens,
                         int maxRequestBytes, int maxEvents, long maxInFlightBytes, Duration kafkaTimeout,
                         Duration requestTimeout, Duration idleTimeout, int maxRequestsPerClient, int maxConnections,
                         int runOwners) {

    static CollectorSettings from(ParallaxConfig config) {
        Map<String, String> fixed = new HashMap<>();
        config.find("collector.demo.token").ifPresent(t -> fixed.put(t, config.get("collector.demo.device", "demo-pi5-01")));
        config.find("collector.ci.token").ifPresent(t -> fixed.put(t, Caller.CI_PREFIX + config.get("collector.ci.name", "ci")));
        return new CollectorSettings(
                config.get("collector.bind", "127.0.0.1"),
                config.getInt("collector.port", 8088),
                KafkaClientSettings.from(config),
                Path.of(config.get("collector.tokens.file", config.home().resolve("device-tokens.properties").toString())),
                Map.copyOf(fixed),
                config.getInt("collector.max.request.bytes", 4 << 20),
                config.getInt("collector.max.events", 10_000),
                config.getLong("collector.max.inflight.bytes", 64L << 20),
                Duration.ofMillis(config.getLong("collector.kafka.timeout.ms", 10_000)),
                Duration.ofMillis(config.getLong("collector.request.timeout.ms", 30_000)),
                Duration.ofMillis(config.getLong("collector.idle.timeout.ms", 30_000)),
                config.getInt("collector.max.requests.per.client", 8),
                config.getInt("collector.max.connections", 1_000),
                config.getInt("collector.run.owners", 100_000));
    }

    /** Defaults for everything but where to listen, which broker and which tokens (tests and embedding). */
    static CollectorSettings of(String kafkaBootstrap, Path tokensFile, Map<String, String> fixedTokens) {
        return new CollectorSettings("127.0.0.1", 0, KafkaClientSettings.of(kafkaBootstrap), tokensFile, fixedTokens, 4 << 20, 10_000, 64L << 20,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 8, 1_000, 100_000);
    }
}
