package dev.parallax.replay;

import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.sink.PendingRows;
import dev.parallax.sink.Routes;
import dev.parallax.sink.RowMapper;
import dev.parallax.sink.TableWriters;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The replay's sink: derived records straight into the shadow tables ({@code <table><suffix>}), mapped and
 * written exactly as the ClickHouse sink does (its public {@link Routes}, {@link PendingRows} and
 * {@link TableWriters}), in batches, flushed at every checkpoint and at the end of the input. Writing a row twice
 * (after a restart) is harmless: every table is keyed by its fact, and nobody reads a shadow table before the
 * replay completes.
 */
final class ShadowTableSink implements Sink<DerivedRecord> {

    private static final List<String> WAREHOUSE_KEYS = List.of(ParallaxConfig.CLICKHOUSE_URL,
            ParallaxConfig.CLICKHOUSE_JDBC, ParallaxConfig.CLICKHOUSE_DATABASE, ParallaxConfig.CLICKHOUSE_USER,
            ParallaxConfig.CLICKHOUSE_PASSWORD, ClickHouseRole.MIGRATOR.userKey(),
            ClickHouseRole.MIGRATOR.passwordKey());

    /** The warehouse settings only: ParallaxConfig itself does not travel to the tasks. */
    private final HashMap<String, String> warehouse = new HashMap<>();
    private final String suffix;
    private final int batchRows;

    ShadowTableSink(ParallaxConfig config, String suffix, int batchRows) {
        WAREHOUSE_KEYS.forEach(key -> config.find(key).ifPresent(value -> warehouse.put(key, value)));
        this.suffix = suffix;
        this.batchRows = batchRows;
    }

    @Override
    public SinkWriter<DerivedRecord> createWriter(WriterInitContext context) throws IOException {
        try {
            return new Writer(new TableWriters(Warehouse.connect(ParallaxConfig.of(Map.copyOf(warehouse)),
                    ClickHouseRole.MIGRATOR), suffix),
                    batchRows);
        } catch (SQLException e) {
            throw new IOException("cannot connect to the warehouse: " + e.getMessage(), e);
        }
    }

    /** Maps records with the ClickHouse sink's {@link Routes}, buffers the rows per table and inserts them. */
    private static final class Writer implements SinkWriter<DerivedRecord> {
        private final TableWriters tables;
        private final int batchRows;
        private final Map<String, RowMapper> routes = Routes.standard();
        private final PendingRows pending = new PendingRows();

        Writer(TableWriters tables, int batchRows) {
            this.tables = tables;
            this.batchRows = batchRows;
        }

        @Override
        public void write(DerivedRecord record, Context context) throws IOException {
            RowMapper mapper = routes.get(record.topic());
            if (mapper == null) throw new IllegalArgumentException("no table for topic " + record.topic());
            mapper.map(new ConsumerRecord<>(record.topic(), 0, 0L, record.key().getBytes(StandardCharsets.UTF_8),
                    record.value())).ifPresent(pending::add);
            if (pending.size() >= batchRows) flush(false);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            try {
                pending.writeTo(tables);
            } catch (SQLException e) {
                throw new IOException("cannot write the shadow tables: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            tables.close();
        }
    }
}
