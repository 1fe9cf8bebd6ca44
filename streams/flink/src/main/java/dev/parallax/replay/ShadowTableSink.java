package dev.parallax.replay;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.flink.DerivedRecord;
import dev.parallax.sink.ShadowTableWriter;
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

/**
 * The replay's sink: derived records straight into the shadow tables, in batches, flushed at every checkpoint
 * and at the end of the input. Writing a row twice (after a restart) is harmless: every table is keyed by its
 * fact, and nobody reads a shadow table before the replay completes.
 */
final class ShadowTableSink implements Sink<DerivedRecord> {

    private static final List<String> WAREHOUSE_KEYS = List.of(ParallaxConfig.CLICKHOUSE_URL,
            ParallaxConfig.CLICKHOUSE_JDBC, ParallaxConfig.CLICKHOUSE_DATABASE, ParallaxConfig.CLICKHOUSE_USER,
            ParallaxConfig.CLICKHOUSE_PASSWORD);

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
            return new Writer(new ShadowTableWriter(Warehouse.connect(ParallaxConfig.of(Map.copyOf(warehouse))), suffix),
                    batchRows);
        } catch (SQLException e) {
            throw new IOException("cannot connect to the warehouse: " + e.getMessage(), e);
        }
    }

    private static final class Writer implements SinkWriter<DerivedRecord> {
        private final ShadowTableWriter tables;
        private final int batchRows;

        Writer(ShadowTableWriter tables, int batchRows) {
            this.tables = tables;
            this.batchRows = batchRows;
        }

        @Override
        public void write(DerivedRecord record, Context context) throws IOException {
            tables.add(record.topic, record.key.getBytes(StandardCharsets.UTF_8), record.value);
            if (tables.pendingRows() >= batchRows) flush(false);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            try {
                tables.flush();
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
