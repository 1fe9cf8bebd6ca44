package dev.parallax.kstreams;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.Readiness;
import dev.parallax.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A real Kafka broker and a real ClickHouse engine with the warehouse schema, for integration tests. */
final class RealStack implements AutoCloseable {

    final EmbeddedKafkaBroker kafka;
    final EmbeddedClickHouse clickhouse;
    final ParallaxConfig config;

    RealStack(Path dir) throws IOException {
        kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("clickhouse")).user("parallax").password("test-secret").start();
        config = ParallaxConfig.of(Map.of(
                ParallaxConfig.HOME, dir.resolve("home").toString(),
                ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers(),
                ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl(),
                ParallaxConfig.CLICKHOUSE_USER, clickhouse.user(),
                ParallaxConfig.CLICKHOUSE_PASSWORD, clickhouse.password()));
        Warehouse.migrate(config);
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    long count(String sql) throws SQLException {
        try (Connection connection = Warehouse.connect(config);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the query's single number equals {@code expected}. */
    void awaitCount(String sql, long expected, Duration timeout) {
        long[] last = {-1};
        try {
            Readiness.await("'" + sql + "' = " + expected, timeout, () -> {
                last[0] = count(sql);
                if (last[0] > expected) throw new Readiness.GaveUp("it is " + last[0]);
                return last[0] == expected;
            });
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + " (last value " + last[0] + ")", e);
        }
    }

    @Override
    public void close() {
        clickhouse.close();
        kafka.close();
    }
}
