package dev.parallax.sink;

import dev.parallax.contract.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** A {@link TableWriter} per table, prepared on first use, over one connection that closes with them. */
public final class TableWriters implements AutoCloseable {

    private final Connection connection;
    private final String suffix;
    private final Map<String, TableWriter> writers = new HashMap<>();

    /**
     * @param suffix appended to every table's name ({@code "__rebuild"} for replay's shadow tables), empty for
     *               the tables themselves
     */
    public TableWriters(Connection connection, String suffix) {
        this.connection = connection;
        this.suffix = suffix;
    }

    TableWriter writer(String table) throws SQLException {
        TableWriter writer = writers.get(table);
        if (writer == null) {
            writer = new TableWriter(connection, Tables.DATABASE, table + suffix);
            writers.put(table, writer);
        }
        return writer;
    }

    /** Closes the writers and the connection. */
    @Override
    public void close() throws SQLException {
        try {
            for (TableWriter writer : writers.values()) writer.close();
        } finally {
            connection.close();
        }
    }
}
