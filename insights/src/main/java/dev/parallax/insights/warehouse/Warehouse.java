package dev.parallax.insights.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Parameterized reads and writes on the ClickHouse warehouse. Values are always bound, never spliced into SQL.
 */
public final class Warehouse {

    private final DataSource dataSource;

    public Warehouse(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new WarehouseException(sql, e);
        }
    }

    /**
     * {@code n} placeholders for an {@code IN} list, each a tuple of {@code width} when {@code width > 1}: only the
     * count reaches the SQL, the values are bound.
     */
    public static String placeholders(int n, int width) {
        String one = width == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
        return String.join(", ", Collections.nCopies(n, one));
    }

    public void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new WarehouseException(sql, e);
        }
    }

    /**
     * One insert of many rows ({@code sql} with one row's placeholders, each of {@code rows} bound to them): the driver
     * sends them in one request, not one per row.
     */
    public void insert(String sql, List<Object[]> rows) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new WarehouseException(sql, e);
        }
    }

    /** An {@code Instant} column (DateTime64 in UTC), or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /** A nullable Float64 column as NaN when NULL. */
    public static double number(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    public static final class WarehouseException extends RuntimeException {
        WarehouseException(String sql, SQLException cause) {
            super("warehouse query failed: " + cause.getMessage() + " [" + sql.strip().lines().findFirst().orElse("")
                    + " ...]", cause);
        }
    }
}
