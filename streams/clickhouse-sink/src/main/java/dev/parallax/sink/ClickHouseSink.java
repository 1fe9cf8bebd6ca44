package dev.parallax.sink;

import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
 *
 * <p>A batch is inserted by a writer thread while the consumer reads and maps the next one: ClickHouse and
 * the decoding of records take turns otherwise. At most one batch is in flight, so memory stays bounded.
 *
 * <p>It counts what it reads and writes into the registry it is given ({@link SinkMetrics}).
 */
public final class ClickHouseSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Builder settings;
    private final Map<String, RowMapper> routes;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ExecutorService writer;
    private final SinkMetrics metrics;
    private PendingRows pending = new PendingRows();
    /** The next offset to read of every partition polled since the last hand-over, rows or not. */
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
    /** The batch being inserted: its offsets once written; null when none is. */
    private Future<Map<TopicPartition, OffsetAndMetadata>> inFlight;
    /** Used by the writer thread only. Null until the first write, and again after a failed one. */
    private TableWriters tables;
    private long firstPendingNanos;
    private volatile boolean running = true;

    private ClickHouseSink(Builder builder) {
        this.settings = builder;
        this.routes = Routes.standard();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, builder.groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, builder.batchRows);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // A crashed sink's partitions move to its successor this soon (Kafka's default is 45 s).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, builder.config.getInt("kafka.session.timeout.ms", 10_000));
        this.consumer = new KafkaConsumer<>(KafkaClientSettings.from(builder.config).configFor("sink's consumer", props),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sink-writer").daemon().factory());
        this.metrics = new SinkMetrics(builder.metrics, consumer);
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
                settings.heartbeat.run();
                if (pending.size() >= settings.batchRows
                        || (pending.size() > 0 && System.nanoTime() - firstPendingNanos >= settings.linger.toNanos())) {
                    handOver();
                }
            }
            handOver();
            awaitWritten();
        } catch (WakeupException e) {
            if (running) throw e;
            // Stopping: rows buffered but not committed are read again by the next run, so dropping them loses nothing.
        } finally {
            closeQuietly();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private void buffer(ConsumerRecord<byte[], byte[]> record) {
        pendingOffsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        RowMapper mapper = routes.get(record.topic());
        if (mapper == null) return;
        Optional<TableRow> mapped;
        try {
            mapped = mapper.map(record);
        } catch (RuntimeException e) {
            log.warn("refused {}/{}/{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            mapped = Optional.of(DeadLetterRows.refused(record, "not a row of " + record.topic() + ": " + e.getMessage()));
        }
        metrics.read(record, mapped.orElse(null));
        mapped.ifPresent(row -> {
            if (pending.size() == 0) firstPendingNanos = System.nanoTime();
            pending.add(row);
        });
    }

    /** Waits for the batch in flight and commits its offsets, then starts writing the pending rows. */
    private void handOver() {
        awaitWritten();
        if (pendingOffsets.isEmpty()) return;
        PendingRows rows = pending;
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pendingOffsets);
        pending = new PendingRows();
        pendingOffsets.clear();
        inFlight = writer.submit(() -> {
            write(rows);
            return offsets;
        });
    }

    /** Commits the offsets of the batch in flight once it is in ClickHouse. */
    private void awaitWritten() {
        if (inFlight == null) return;
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.get();
            inFlight = null;
            consumer.commitSync(offsets);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        } catch (ExecutionException e) {
            if (!running) throw new WakeupException(); // the writer gave up because the sink is stopping
            throw new IllegalStateException("writing a batch failed", e.getCause());
        }
    }

    /** Writes every row, retrying with back-off until ClickHouse takes them or the sink stops. */
    private void write(PendingRows rows) {
        Map<String, Integer> sizes = rows.sizes();
        long started = System.nanoTime();
        Duration backoff = Duration.ofMillis(200);
        while (rows.size() > 0) {
            try {
                if (tables == null) {
                    tables = new TableWriters(Warehouse.connect(settings.config, ClickHouseRole.SINK), "");
                }
                rows.writeTo(tables);
            } catch (SQLException e) {
                if (!running) throw new CancellationException("stopping with rows not written");
                log.warn("ClickHouse write failed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                closeTables();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        if (!sizes.isEmpty()) metrics.written(sizes, System.nanoTime() - started);
    }

    /** Drops the connection (after a failed write, or when stopping); the next write opens a new one. */
    private void closeTables() {
        if (tables == null) return;
        try {
            tables.close();
        } catch (SQLException ignored) {
            // the connection is being replaced or the sink is stopping anyway
        }
        tables = null;
    }

    /** Lets a write in flight end (its rows are read again unless committed), then closes the connection and the consumer. */
    private void closeQuietly() {
        writer.shutdown();
        try {
            if (writer.awaitTermination(30, TimeUnit.SECONDS)) closeTables();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
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
        private Runnable heartbeat = () -> { };
        private MeterRegistry metrics = new SimpleMeterRegistry();

        private Builder() {
        }

        /** Where Kafka and ClickHouse are ({@code kafka.bootstrap}, {@code kafka.client.*}, {@code clickhouse.*}). */
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

        /**
         * Called on every turn of the consumer loop: the loop waits for the batch before the last one to be written,
         * so a sink whose writes keep failing stops calling it.
         */
        public Builder heartbeat(Runnable heartbeat) {
            this.heartbeat = Objects.requireNonNull(heartbeat);
            return this;
        }

        /** Where it counts (the service's metrics endpoint's registry); by default a registry of its own that nobody reads. */
        public Builder metrics(MeterRegistry metrics) {
            this.metrics = Objects.requireNonNull(metrics);
            return this;
        }

        public ClickHouseSink build() {
            Objects.requireNonNull(config, "config");
            return new ClickHouseSink(this);
        }
    }
}
