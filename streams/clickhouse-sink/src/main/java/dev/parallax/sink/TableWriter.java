package dev.parallax.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Writes batches of rows into one table through the official JDBC driver.
 *
 * <p>The column list comes from {@code DESCRIBE TABLE}: every column without a default expression is written
 * (columns with DEFAULT, MATERIALIZED or ALIAS are left to the server), so a migration that adds a column
 * needs no change here.
 */
public final class TableWriter implements AutoCloseable {

    private final String table;
    private final List<String> columns = new ArrayList<>();
    private final List<UnaryOperator<Object>> converters = new ArrayList<>();
    private final PreparedStatement insert;

    public TableWriter(Connection connection, String database, String table) throws SQLException {
        this.table = table;
        try (Statement describe = connection.createStatement();
             ResultSet rs = describe.executeQuery("DESCRIBE TABLE `" + database + "`.`" + table + "`")) {
            while (rs.next()) {
                if (!rs.getString("default_type").isEmpty()) continue;
                columns.add(rs.getString("name"));
                converters.add(ColumnType.converter(rs.getString("type")));
            }
        }
        if (columns.isEmpty()) throw new SQLException("table " + database + "." + table + " has no writable columns");
        String names = columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        insert = connection.prepareStatement(
                "INSERT INTO `" + database + "`.`" + table + "` (" + names + ") VALUES (" + marks + ")");
    }

    /** Inserts the rows as one batch (one INSERT); on failure nothing of the batch is known to be written. */
    public void write(List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try {
            for (Map<String, Object> row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    insert.setObject(i + 1, converters.get(i).apply(row.get(columns.get(i))));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (RuntimeException e) {
            throw new SQLException("cannot write a row of " + table + ": " + e.getMessage(), e);
        } finally {
            insert.clearBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
