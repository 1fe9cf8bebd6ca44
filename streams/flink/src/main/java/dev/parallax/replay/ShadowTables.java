package dev.parallax.replay;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Tables;
import dev.parallax.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shadow copies a replay fills ({@code <table>__rebuild}, created AS the live table so they have its
 * engine, key and columns) and the swap that puts them live. Each table is swapped with one
 * {@code EXCHANGE TABLES}, atomic in ClickHouse's Atomic database engine: a reader sees the old table or the
 * new one, never a half-built one.
 */
final class ShadowTables {

    static final String SUFFIX = "__rebuild";

    private final ParallaxConfig config;
    /** Each rebuilt table with the column that places its facts in time (for a replay of a time range). */
    private final Map<String, String> factTimes;

    ShadowTables(ParallaxConfig config, Map<String, String> factTimes) {
        this.config = config;
        this.factTimes = new LinkedHashMap<>(factTimes);
    }

    Iterable<String> tables() {
        return factTimes.keySet();
    }

    /**
     * Creates empty shadow tables. For a replay of {@code [from, to)} only, a shadow table starts with the live
     * rows outside that range, so the swap replaces the range and keeps the rest; a window cut by the range's
     * edge is replayed from part of its events, and its lower version loses to the complete live row.
     */
    void create(ReplayRange range) throws SQLException {
        try (Connection connection = Warehouse.connect(config); Statement sql = connection.createStatement()) {
            for (var table : factTimes.entrySet()) {
                String live = Tables.qualified(table.getKey());
                String shadow = live + SUFFIX;
                sql.execute("DROP TABLE IF EXISTS " + shadow);
                sql.execute("CREATE TABLE " + shadow + " AS " + live);
                if (!range.isEverything()) {
                    sql.execute("INSERT INTO " + shadow + " SELECT * FROM " + live + " WHERE NOT ("
                            + inRange(table.getValue(), range) + ")");
                }
            }
        }
    }

    /** Puts every shadow table live and drops the previous tables. */
    void swap() throws SQLException {
        try (Connection connection = Warehouse.connect(config); Statement sql = connection.createStatement()) {
            for (String table : factTimes.keySet()) {
                String live = Tables.qualified(table);
                sql.execute("EXCHANGE TABLES " + live + SUFFIX + " AND " + live);
                sql.execute("DROP TABLE " + live + SUFFIX);
            }
        }
    }

    /** Drops the shadow tables of a replay that did not complete; the live tables were never touched. */
    void discard() throws SQLException {
        try (Connection connection = Warehouse.connect(config); Statement sql = connection.createStatement()) {
            for (String table : factTimes.keySet()) {
                sql.execute("DROP TABLE IF EXISTS " + Tables.qualified(table) + SUFFIX);
            }
        }
    }

    /** Facts in a live table, each counted once. */
    long rows(String table) throws SQLException {
        try (Connection connection = Warehouse.connect(config); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count() FROM " + Tables.qualified(table) + " FINAL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String inRange(String column, ReplayRange range) {
        String from = range.from().map(t -> column + " >= " + millis(t)).orElse("1");
        String to = range.to().map(t -> column + " < " + millis(t)).orElse("1");
        return from + " AND " + to;
    }

    private static String millis(Instant time) {
        return "fromUnixTimestamp64Milli(" + time.toEpochMilli() + ")";
    }
}
