package dev.parallax.replay;

import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Tables;
import dev.parallax.warehouse.Migration;
import dev.parallax.warehouse.Migrations;
import dev.parallax.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shadow copies a replay fills ({@code <table>__rebuild}, created AS the live table so they have its
 * engine, key and columns; a live table that was dropped is first created again from its migration) and the swap that puts them live. Each table is swapped with one
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

    /** As the migrator: creating, exchanging and dropping tables is schema work, which no service's user may do. */
    private Connection connect() throws SQLException {
        return Warehouse.connect(config, ClickHouseRole.MIGRATOR);
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
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            recreateDropped(sql);
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

    /**
     * Creates again, by the warehouse migration that created it, every rebuilt table that was dropped: the
     * migrations history still lists that migration as applied, so migrating alone would not. Every warehouse
     * migration is one {@code CREATE ... IF NOT EXISTS} statement, so running it again is safe.
     */
    private void recreateDropped(Statement sql) throws SQLException {
        List<Migration> migrations = Migrations.warehouse();
        for (String table : factTimes.keySet()) {
            if (exists(sql, table)) continue;
            Pattern creates = Pattern.compile("CREATE TABLE IF NOT EXISTS\\s+" + Pattern.quote(Tables.qualified(table)) + "\\s");
            Migration migration = migrations.stream().filter(m -> creates.matcher(m.sql()).find()).findFirst()
                    .orElseThrow(() -> new SQLException("no warehouse migration creates " + Tables.qualified(table)));
            sql.execute(migration.sql());
        }
    }

    private static boolean exists(Statement sql, String table) throws SQLException {
        try (ResultSet rs = sql.executeQuery("EXISTS TABLE " + Tables.qualified(table))) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Puts every shadow table live and drops the previous tables. */
    void swap() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            for (String table : factTimes.keySet()) {
                String live = Tables.qualified(table);
                sql.execute("EXCHANGE TABLES " + live + SUFFIX + " AND " + live);
                sql.execute("DROP TABLE " + live + SUFFIX);
            }
        }
    }

    /** Drops the shadow tables of a replay that did not complete; the live tables were never touched. */
    void discard() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            for (String table : factTimes.keySet()) {
                sql.execute("DROP TABLE IF EXISTS " + Tables.qualified(table) + SUFFIX);
            }
        }
    }

    /** Facts in a live table, each counted once. */
    long rows(String table) throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement();
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
