package dev.parallax.kafka;

import dev.parallax.config.ParallaxConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker as a service of the local stack until SIGTERM.
 *
 * <p>Configuration: {@code kafka.port} (default 9092), {@code kafka.controller.port} (9093),
 * {@code kafka.partitions} (3) and the data directory {@code $PARALLAX_HOME/data/kafka}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParallaxConfig config = ParallaxConfig.load();
        Path dataDir = config.home().resolve("data").resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir)
                .port(config.getInt("kafka.port", 9092))
                .controllerPort(config.getInt("kafka.controller.port", 9093))
                .topics(ParallaxTopics.all(config.getInt("kafka.partitions", 3)))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "kafka-shutdown"));
        broker.start();
        System.out.println("kafka ready at " + broker.bootstrapServers() + " (data in " + dataDir + ")");
        stopped.await();
    }
}
