package dev.parallax.sink;

import dev.parallax.contract.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes derived records into shadow copies of their tables ({@code <table><suffix>}), mapped exactly as the
 * ClickHouse sink maps its topics: the sink's own routes and table writer, not a second copy of them. It
 * lives in the sink's package to reach those package-private parts; once the sink offers a table-name
 * option, replay can use the sink itself and this class goes.
 */
public final class ShadowTableWriter implements AutoCloseable {

    private final Connection connection;
    private final String suffix;
    private final Map<String, RowMapper> routes = Routes.standard();
    private final Map<String, List<Map<String, Object>>> pending = new LinkedHashMap<>();
    private final Map<String, TableWriter> writers = new HashMap<>();
    private int pendingRows;

    public ShadowTableWriter(Connection connection, String suffix) {
        this.connection = connection;
        this.suffix = suffix;
    }

    /** Buffers the row of a record of a derived topic. */
    public void add(String topic, byte[] key, byte[] value) {
        RowMapper mapper = routes.get(topic);
        if (mapper == null) throw new IllegalArgumentException("no table for topic " + topic);
        mapper.map(new ConsumerRecord<>(topic, 0, 0L, key, value)).ifPresent(row -> {
            pending.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row.values());
            pendingRows++;
        });
    }

    public int pendingRows() {
        return pendingRows;
    }

    /** Inserts every buffered row, one batch per table. */
    public void flush() throws SQLException {
        for (var table : pending.entrySet()) {
            TableWriter writer = writers.get(table.getKey());
            if (writer == null) {
                writer = new TableWriter(connection, Tables.DATABASE, table.getKey() + suffix);
                writers.put(table.getKey(), writer);
            }
            writer.write(table.getValue());
            table.getValue().clear();
        }
        pendingRows = 0;
    }

    @Override
    public void close() throws SQLException {
        for (TableWriter writer : writers.values()) writer.close();
        connection.close();
    }
}
