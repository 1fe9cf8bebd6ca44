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
 * <p>The column list comes from {@code DESCRIBE TABLE}, in the table's order, so a migration that adds a column
 * needs no change here. Every column without a default expression is written. A column with a {@code DEFAULT}
 * expression is written for the rows that hold a value for it (e.g. {@code received_at}, which the input mappers
 * take from the Kafka record) and left to the server for the others ({@code ingested_at}): its parameter is bound
 * to NULL, which the driver's row-binary insert ({@code Warehouse.connect} turns it on) sends as "use the default".
 * MATERIALIZED and ALIAS columns are never written.
 *
 * <p>The driver's row-binary insert binds parameters by the table's column order whatever the statement's column
 * list says, which is why the list is every column in that order rather than only those a row gives.
 */
public final class TableWriter implements AutoCloseable {

    private final String table;
    private final List<String> columns = new ArrayList<>();
    private final List<UnaryOperator<Object>> converters = new ArrayList<>();
    /** Per column, whether the server computes it when the row gives no value (a DEFAULT expression). */
    private final List<Boolean> defaulted = new ArrayList<>();
    private final PreparedStatement insert;

    public TableWriter(Connection connection, String database, String table) throws SQLException {
        this.table = table;
        try (Statement describe = connection.createStatement();
             ResultSet rs = describe.executeQuery("DESCRIBE TABLE `" + database + "`.`" + table + "`")) {
            while (rs.next()) {
                String defaultType = rs.getString("default_type");
                if (!defaultType.isEmpty() && !defaultType.equals("DEFAULT")) continue;
                columns.add(rs.getString("name"));
                converters.add(ColumnType.converter(rs.getString("type")));
                defaulted.add(!defaultType.isEmpty());
            }
        }
        if (!defaulted.contains(false)) {
            throw new SQLException("table " + database + "." + table + " has no writable columns");
        }
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
                    Object value = row.get(columns.get(i));
                    insert.setObject(i + 1, value == null && defaulted.get(i) ? null : converters.get(i).apply(value));
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
