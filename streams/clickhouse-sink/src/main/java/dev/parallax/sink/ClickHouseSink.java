package dev.parallax.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Tables;
import dev.parallax.warehouse.Warehouse;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the contract's topics into their ClickHouse tables, exactly once as far as a reader can tell.
 *
 * <p>Records are buffered per table and inserted in batches; the consumer's offsets are committed only after
 * every buffered row is in ClickHouse. A crash between an insert and the commit makes the next run insert
 * those rows again, and every table is a ReplacingMergeTree keyed by its fact, so the repeat replaces rather
 * than adds: counts taken with {@code FINAL} see each fact once. Nothing is committed before it is written,
 * so nothing is lost. Transactional producers' aborted records are never read ({@code read_committed}).
 */
public final class ClickHouseSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Builder settings;
    private final Map<String, RowMapper> routes;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<Map<String, Object>>> pending = new LinkedHashMap<>();
    private final Map<String, TableWriter> writers = new HashMap<>();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong recordsSkipped = new AtomicLong();
    private Connection connection;
    private int pendingRows;
    private long firstPendingNanos;
    private volatile boolean running = true;

    private ClickHouseSink(Builder builder) {
        this.settings = builder;
        this.routes = Routes.standard();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.config.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, builder.groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, builder.batchRows);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // A crashed sink's partitions move to its successor this soon (Kafka's default is 45 s).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, builder.config.getInt("kafka.session.timeout.ms", 10_000));
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Consumes and writes until {@link #close()} is called from another thread. */
    public void run() {
        consumer.subscribe(List.copyOf(settings.topics != null ? settings.topics : routes.keySet()));
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(settings.linger)) {
                    buffer(record);
                }
                if (pendingRows >= settings.batchRows
                        || (pendingRows > 0 && System.nanoTime() - firstPendingNanos >= settings.linger.toNanos())) {
                    flushAndCommit();
                }
            }
            flushAndCommit();
        } catch (WakeupException e) {
            if (running) throw e;
            // Stopping: rows buffered but not committed are read again by the next run, so dropping them loses nothing.
        } finally {
            closeQuietly();
        }
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    public long recordsSkipped() {
        return recordsSkipped.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private void buffer(ConsumerRecord<byte[], byte[]> record) {
        RowMapper mapper = routes.get(record.topic());
        var row = mapper == null ? java.util.Optional.<TableRow>empty() : mapper.map(record);
        if (row.isEmpty()) {
            recordsSkipped.incrementAndGet();
            return;
        }
        if (pendingRows == 0) firstPendingNanos = System.nanoTime();
        pending.computeIfAbsent(row.get().table(), t -> new ArrayList<>()).add(row.get().values());
        pendingRows++;
    }

    /** Writes every pending row, retrying with back-off until ClickHouse takes them, then commits offsets. */
    private void flushAndCommit() {
        Duration backoff = Duration.ofMillis(200);
        while (pendingRows > 0) {
            try {
                for (var table : pending.entrySet()) {
                    writer(table.getKey()).write(table.getValue());
                    rowsWritten.addAndGet(table.getValue().size());
                    pendingRows -= table.getValue().size();
                    table.getValue().clear();
                }
            } catch (SQLException e) {
                if (!running) return;
                log.warn("ClickHouse write failed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                resetConnection();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        consumer.commitSync();
    }

    private TableWriter writer(String table) throws SQLException {
        TableWriter writer = writers.get(table);
        if (writer == null) {
            if (connection == null) {
                connection = Warehouse.connect(settings.config);
            }
            writer = new TableWriter(connection, Tables.DATABASE, table);
            writers.put(table, writer);
        }
        return writer;
    }

    private void resetConnection() {
        for (TableWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (SQLException ignored) {
                // the connection is being replaced anyway
            }
        }
        writers.clear();
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // as above
        }
        connection = null;
    }

    private void closeQuietly() {
        resetConnection();
        consumer.close(Duration.ofSeconds(10));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private ParallaxConfig config;
        private String groupId = "parallax-clickhouse-sink";
        private int batchRows = 20_000;
        private Duration linger = Duration.ofMillis(250);
        private List<String> topics;

        private Builder() {
        }

        /** Where Kafka and ClickHouse are ({@code kafka.bootstrap}, {@code clickhouse.*}). */
        public Builder config(ParallaxConfig config) {
            this.config = config;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Rows buffered before a flush (default 20,000). */
        public Builder batchRows(int batchRows) {
            this.batchRows = batchRows;
            return this;
        }

        /** Longest a row waits in the buffer (default 250 ms); bounds freshness. */
        public Builder linger(Duration linger) {
            this.linger = linger;
            return this;
        }

        /** Only these topics (default: every topic of the contract). */
        public Builder topics(List<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        public ClickHouseSink build() {
            Objects.requireNonNull(config, "config");
            return new ClickHouseSink(this);
        }
    }
}
