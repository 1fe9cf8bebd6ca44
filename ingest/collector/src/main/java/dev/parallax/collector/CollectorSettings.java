package dev.parallax.collector;

import dev.parallax.config.ParallaxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's settings, read from {@link ParallaxConfig}:
 * {@code collector.port} (8088), {@code collector.bind} (127.0.0.1; 0.0.0.0 to take devices on the network),
 * {@code collector.tokens.file} ($PARALLAX_HOME/device-tokens.properties), {@code collector.demo.token} and
 * {@code collector.demo.device} (demo-pi5-01; the installation's generated demo token), {@code collector.max.request.bytes}
 * (4 MiB), {@code collector.max.events} (10,000 per request), {@code collector.max.inflight.bytes} (64 MiB),
 * {@code collector.threads} (8), {@code collector.kafka.timeout.ms} (10,000).
 */
record CollectorSettings(String bind, int port, String kafkaBootstrap, Path tokensFile, Map<String, String> fixedTokens,
                         int maxRequestBytes, int maxEvents, long maxInFlightBytes, int threads, Duration kafkaTimeout) {

    static CollectorSettings from(ParallaxConfig config) {
        Optional<String> demoToken = config.find("collector.demo.token");
        return new CollectorSettings(
                config.get("collector.bind", "127.0.0.1"),
                config.getInt("collector.port", 8088),
                config.kafkaBootstrap(),
                Path.of(config.get("collector.tokens.file", config.home().resolve("device-tokens.properties").toString())),
                demoToken.map(t -> Map.of(t, config.get("collector.demo.device", "demo-pi5-01"))).orElse(Map.of()),
                config.getInt("collector.max.request.bytes", 4 << 20),
                config.getInt("collector.max.events", 10_000),
                config.getLong("collector.max.inflight.bytes", 64L << 20),
                config.getInt("collector.threads", 8),
                Duration.ofMillis(config.getLong("collector.kafka.timeout.ms", 10_000)));
    }
}
