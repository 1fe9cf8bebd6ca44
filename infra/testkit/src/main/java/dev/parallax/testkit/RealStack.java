package dev.parallax.testkit;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.Readiness;
import dev.parallax.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker (3 partitions per topic) and a real ClickHouse engine with the warehouse schema, for the
 * integration tests of every module: no mock stands in for either.
 */
public final class RealStack implements AutoCloseable {

    public final EmbeddedKafkaBroker kafka;
    public final EmbeddedClickHouse clickhouse;
    public final ParallaxConfig config;

    public RealStack(Path dir) throws IOException {
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

    /** A producer built from {@link #config}, as the stack's own clients are. */
    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(KafkaClientSettings.from(config).configFor("test producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = Warehouse.connect(config); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Every row of a query, each as the text of its columns. */
    public List<List<String>> rows(String sql) throws SQLException {
        try (Connection connection = Warehouse.connect(config)) {
            return rows(connection, sql);
        }
    }

    public long count(String sql) throws SQLException {
        try (Connection connection = Warehouse.connect(config)) {
            return count(connection, sql);
        }
    }

    /**
     * Waits until the query's single number equals {@code expected}, asking through one connection: the driver
     * builds a client per connection, which a wait polling ten times a second would pay each time.
     */
    public void awaitCount(String sql, long expected, Duration timeout) {
        long[] last = {-1};
        try (Connection connection = Warehouse.connect(config)) {
            Readiness.await("'" + sql + "' = " + expected, timeout, () -> {
                last[0] = count(connection, sql);
                return last[0] == expected;
            });
        } catch (IllegalStateException | SQLException e) {
            throw new AssertionError(e.getMessage() + " (last value " + last[0] + ")", e);
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) row.add(meta.getColumnName(i) + "=" + rs.getString(i));
                rows.add(row);
            }
        }
        return rows;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        return Long.parseLong(rows(connection, sql).getFirst().getFirst().replaceFirst("^[^=]*=", ""));
    }

    @Override
    public void close() {
        clickhouse.close();
        kafka.close();
    }
}
