package dev.parallax.sink;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.MetricsService;
import dev.parallax.process.HealthFile;
import java.time.Duration;

/**
 * Runs the ClickHouse sink as a service until SIGTERM: moves every topic of the contract into its table, as the
 * sink's ClickHouse user, which may insert and nothing more (migrating is the launcher's, as the migrator).
 * Configuration: {@code kafka.bootstrap}, {@code kafka.client.*}, {@code clickhouse.*}
 * ({@code clickhouse.sink.user/password}), {@code sink.batch.rows} (20,000), {@code sink.linger.ms} (250),
 * {@code sink.metrics.port} (9402) and {@code sink.metrics.bind} (127.0.0.1) for its {@code /metrics}.
 */
public final class ClickHouseSinkMain {

    /** What the sink reports to its health file on every turn of its loop. */
    public static final String WRITING = "WRITING";

    private ClickHouseSinkMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParallaxConfig config = ParallaxConfig.load();
        // The launcher's probe reads it: fresh while batches get written (a write that keeps failing stops the beat).
        HealthFile health = HealthFile.of(config, "sink");
        MetricsEndpoint metrics = MetricsEndpoint.start(config, MetricsService.SINK, "127.0.0.1");
        ClickHouseSink sink = ClickHouseSink.builder()
                .config(config)
                .batchRows(config.getInt("sink.batch.rows", 20_000))
                .linger(Duration.ofMillis(config.getLong("sink.linger.ms", 250)))
                .heartbeat(() -> health.report(WRITING))
                .metrics(metrics.registry())
                .build();
        Thread worker = Thread.ofPlatform().name("clickhouse-sink").start(sink::run);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sink.close();
            try {
                worker.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            metrics.close();
        }, "sink-shutdown"));
        System.out.println("clickhouse sink running: " + config.kafkaBootstrap() + " -> " + config.clickhouseUrl()
                + ", metrics at " + metrics.url());
        worker.join();
    }
}
