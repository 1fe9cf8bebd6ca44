package dev.parallax.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.jdbc.ClickHouseDataSource;
import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.codec.EventKind;
import dev.parallax.contract.Tables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse migrations on a real ClickHouse engine (embedded chDB behind the HTTP interface, official driver). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigratorClickHouseTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;
    static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).password("migrator-test").start();
        connection = DriverManager.getConnection(clickhouse.jdbcUrl("default"), clickhouse.user(), clickhouse.password());
    }

    @AfterAll
    static void stop() throws SQLException {
        if (connection != null) connection.close();
        if (clickhouse != null) clickhouse.close();
    }

    private static Migrator migrator(List<Migration> migrations) {
        return Migrator.builder().migrations(migrations).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private static Map<String, String> query(String sql, String... params) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setString(i + 1, params[i]);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) rows.put(r.getString(1), r.getString(2));
            }
        }
        return rows;
    }

    private static long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    @Order(1)
    void appliesEveryMigrationToAFreshEngine() throws SQLException {
        List<Migration> warehouse = Migrations.warehouse();
        MigrationPlan plan = migrator(warehouse).migrate(connection);
        assertEquals(warehouse, plan.pending());
        assertEquals(List.of(), plan.applied());

        List<AppliedMigration> applied = Migrator.warehouse().applied(connection);
        assertEquals(warehouse.size(), applied.size());
        for (int i = 0; i < warehouse.size(); i++) {
            Migration m = warehouse.get(i);
            assertEquals(new AppliedMigration(m.version(), m.name(), m.checksum(), NOW), applied.get(i));
        }
    }

    @Test
    @Order(2)
    void everyContractTableExistsWithItsKey() throws SQLException {
        Map<String, String> sortingKeys = query(
                "SELECT name, sorting_key FROM system.tables WHERE database = ?", Tables.DATABASE);
        Map<String, String> expected = Map.ofEntries(
                Map.entry(Tables.INFERENCE_EVENTS, "test_id, model_name, event_time, event_id"),
                Map.entry(Tables.DEVICE_SAMPLES, "device_id, event_time, event_id"),
                Map.entry(Tables.RUNS, "run_id, event_time, event_id"),
                Map.entry(Tables.LATENCY_WINDOWS, "test_id, model_name, model_version, precision, tier, device_class, window_start"),
                Map.entry(Tables.THROTTLE_EPISODES, "device_id, episode_id"),
                Map.entry(Tables.DIVERGENCE_PAIRS, "model_name, input_id, candidate_event_id"),
                Map.entry(Tables.DIVERGENCE_WINDOWS, "model_name, candidate_precision, device_class, window_start"),
                Map.entry(Tables.DEAD_LETTERS, "toDate(received_at), dead_letter_id"),
                Map.entry(Tables.ALERTS, "alert_id"),
                Map.entry(Tables.RECOMMENDATIONS, "test_id"),
                Map.entry(Tables.REPORTS, "report_id"),
                Map.entry(Tables.SCHEMA_MIGRATIONS, "version"));
        // Later migrations may add tables of their own (the UI's alert overrides, cost models); the contract's
        // tables must all be there, each with its key.
        expected.forEach((table, key) -> assertEquals(key, sortingKeys.get(table), "sorting key of " + table));

        // The section 11 columns users write SQL against.
        Map<String, List<String>> contractColumns = Map.of(
                Tables.LATENCY_WINDOWS, List.of("window_start", "count", "errors", "mean_ms", "p50_ms", "p90_ms",
                        "p95_ms", "p99_ms", "p999_ms", "max_ms", "sketch", "late_events", "version"),
                Tables.THROTTLE_EPISODES, List.of("episode_id", "device_class", "start_time", "end_time", "peak_temp_c",
                        "mean_temp_c", "samples", "inferences", "latency_inflation", "is_open", "tests_affected"),
                Tables.DIVERGENCE_PAIRS, List.of("reference_event_id", "candidate_precision", "device_class", "top1_agree",
                        "top5_overlap", "cosine", "max_abs_err", "mean_abs_err", "sqnr_db", "kl"),
                Tables.DIVERGENCE_WINDOWS, List.of("window_end", "pairs", "flip_rate", "kl_mean", "kl_p95", "cosine_min",
                        "cosine_mean", "sqnr_mean_db", "max_abs_err_p99", "unmatched"),
                Tables.DEAD_LETTERS, List.of("received_at", "source", "topic", "partition", "offset", "reason", "raw"),
                Tables.INFERENCE_EVENTS, List.of("event_id", "precision", "latency_ms", "outputs", "output_kind",
                        "throttle_flags", "attributes", "ingested_at"));
        for (var table : contractColumns.entrySet()) {
            Map<String, String> columns = query(
                    "SELECT name, type FROM system.columns WHERE database = ? AND table = ?", Tables.DATABASE, table.getKey());
            for (String column : table.getValue()) {
                assertTrue(columns.containsKey(column), table.getKey() + "." + column + " in " + columns.keySet());
            }
        }
        Map<String, String> events = query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?",
                Tables.DATABASE, Tables.INFERENCE_EVENTS);
        assertEquals("UUID", events.get("event_id"));
        assertEquals("DateTime64(3, 'UTC')", events.get("event_time"));
        assertEquals("Array(Float32)", events.get("outputs"));
        assertEquals("Map(String, String)", events.get("attributes"));
        assertEquals("LowCardinality(String)", events.get("precision"));
        assertEquals("Nullable(Float64)", events.get("latency_ms"));
    }

    /**
     * Inference events and device samples keep when the broker received them (SPEC §3a clock offsets); a row written
     * without it reads as received at its event time, and the minmax index lets recent arrivals skip old granules.
     */
    @Test
    @Order(2)
    void rawEventsHaveAReceivedAtDefaultingToTheirEventTime() throws SQLException {
        for (String table : List.of(Tables.INFERENCE_EVENTS, Tables.DEVICE_SAMPLES)) {
            Map<String, String> types = query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?",
                    Tables.DATABASE, table);
            Map<String, String> defaults = query("SELECT name, concat(default_kind, ' ', default_expression)"
                    + " FROM system.columns WHERE database = ? AND table = ?", Tables.DATABASE, table);
            assertEquals("DateTime64(3, 'UTC')", types.get("received_at"), table);
            assertEquals("DEFAULT event_time", defaults.get("received_at"), table);
            assertEquals("minmax", query("SELECT expr, type FROM system.data_skipping_indices"
                    + " WHERE database = ? AND table = ?", Tables.DATABASE, table).get("received_at"), table);
        }
        Map<String, String> runs = query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?",
                Tables.DATABASE, Tables.RUNS);
        assertTrue(!runs.containsKey("received_at"), "runs carry no device clock");
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO parallax.device_samples (event_id, event_time, device_id, device_class, tier)"
                    + " VALUES ('5b0e7a52-1d2e-4f7a-9c3b-2a1e5d6f7a8b', '2026-11-23 09:58:00.250', 'pi5-ra', 'pi5-hailo8l',"
                    + " 'EDGE')");
        }
        assertEquals("2026-11-23 09:58:00.250", query("SELECT 'r', toString(received_at) FROM parallax.device_samples"
                + " WHERE device_id = ?", "pi5-ra").get("r"));
    }

    /**
     * The fleet's reads by arrival or event time have projections sorted that way, and a merge that keeps one copy of
     * a resent event rebuilds them from what it keeps: they hold no copy the table dropped.
     */
    @Test
    @Order(2)
    void fleetReadsByTimeHaveProjectionsThatMergesKeepLikeTheTable() throws SQLException {
        assertEquals("['received_at']", query("SELECT name, sorting_key FROM system.projections WHERE database = ?"
                + " AND table = ?", Tables.DATABASE, Tables.INFERENCE_EVENTS).get("by_arrival"));
        assertEquals(Map.of("by_arrival", "['received_at']", "by_time", "['event_time']"), query("SELECT name,"
                + " sorting_key FROM system.projections WHERE database = ? AND table = ?", Tables.DATABASE,
                Tables.DEVICE_SAMPLES));
        try (Statement s = connection.createStatement()) {
            for (int copy = 0; copy < 2; copy++) {
                s.execute("INSERT INTO parallax.device_samples (event_id, event_time, received_at, device_id, device_class,"
                        + " tier, temperature_c) VALUES ('0c6d2f4e-7a1b-4c3d-9e8f-1a2b3c4d5e6f', '2021-03-04 05:06:07.000',"
                        + " '2021-03-04 05:06:09.000', 'pi5-copy', 'pi5-hailo8l', 'EDGE', 71.5)");
                s.execute("INSERT INTO parallax.inference_events (event_id, event_time, received_at, run_id, test_id,"
                        + " model_name, model_version, precision, tier, device_id, device_class, runtime, status)"
                        + " VALUES ('1d7e3f5a-8b2c-4d4e-af90-2b3c4d5e6f70', '2021-03-04 05:06:07.000',"
                        + " '2021-03-04 05:06:09.000', 'r-copy', 't-copy', 'm', '1', 'INT8', 'EDGE', 'pi5-copy',"
                        + " 'pi5-hailo8l', 'hailort', 'OK')");
            }
        }
        String rows = "SELECT name, toString(sum(rows)) FROM system.projection_parts WHERE database = ? AND table = ?"
                + " AND partition = '202103' AND active GROUP BY name";
        assertEquals(Map.of("by_arrival", "2", "by_time", "2"), query(rows, Tables.DATABASE, Tables.DEVICE_SAMPLES),
                "each copy in its own part until they merge");
        try (Statement s = connection.createStatement()) {
            s.execute("OPTIMIZE TABLE parallax.device_samples PARTITION 202103 FINAL");
            s.execute("OPTIMIZE TABLE parallax.inference_events PARTITION 202103 FINAL");
        }
        assertEquals(1, count("SELECT count() FROM parallax.device_samples WHERE device_id = 'pi5-copy'"));
        assertEquals(Map.of("by_arrival", "1", "by_time", "1"), query(rows, Tables.DATABASE, Tables.DEVICE_SAMPLES));
        assertEquals(Map.of("by_arrival", "1"), query(rows, Tables.DATABASE, Tables.INFERENCE_EVENTS));
    }

    /** Every field of every event schema has its column, so a sink can map events by name. */
    @Test
    @Order(2)
    void rawTablesHaveAColumnForEveryEventField() throws SQLException {
        Map<EventKind<?>, String> tables = Map.of(EventKind.INFERENCE, Tables.INFERENCE_EVENTS,
                EventKind.DEVICE_SAMPLE, Tables.DEVICE_SAMPLES, EventKind.RUN, Tables.RUNS);
        for (var entry : tables.entrySet()) {
            Map<String, String> columns = query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?",
                    Tables.DATABASE, entry.getValue());
            for (var field : entry.getKey().schema().getFields()) {
                if (field.schema().getType() == Schema.Type.ARRAY && field.schema().getElementType().getType() == Schema.Type.RECORD) {
                    // An array of records is a Nested column: one array column per record field (runs' tests.outcome).
                    for (var inner : field.schema().getElementType().getFields()) {
                        String column = field.name() + "." + inner.name();
                        assertTrue(columns.getOrDefault(column, "").startsWith("Array("), entry.getValue() + " lacks " + column);
                    }
                } else {
                    assertTrue(columns.containsKey(field.name()), entry.getValue() + " lacks " + field.name());
                }
            }
        }
    }

    @Test
    @Order(3)
    void aRewrittenFactReplacesTheOldRow() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (int version = 1; version <= 2; version++) {
                s.execute("INSERT INTO parallax.throttle_episodes (episode_id, device_id, device_class, start_time, end_time,"
                        + " duration_ms, samples, inferences, tests_affected, is_open, version) VALUES ('pi5-1@1763900000000',"
                        + " 'pi5-1', 'pi5-hailo8l', '2025-11-23 12:13:20.000', " + (version == 1 ? "NULL" : "'2025-11-23 12:14:00.000'")
                        + ", " + version * 20000 + ", 10, 5, 1, " + (version == 1 ? 1 : 0) + ", " + version + ")");
            }
        }
        assertEquals(1, count("SELECT count() FROM parallax.throttle_episodes FINAL"));
        assertEquals(0, count("SELECT is_open FROM parallax.throttle_episodes FINAL"), "the closed (newer) row wins");
    }

    @Test
    @Order(4)
    void runningAgainChangesNothing() throws SQLException {
        List<AppliedMigration> before = Migrator.warehouse().applied(connection);
        long tables = count("SELECT count() FROM system.tables WHERE database = 'parallax'");

        Properties credentials = new Properties();
        credentials.setProperty("user", clickhouse.user());
        credentials.setProperty("password", clickhouse.password());
        MigrationPlan plan = Migrator.warehouse().migrate(new ClickHouseDataSource(clickhouse.jdbcUrl("default"), credentials));

        assertTrue(plan.isUpToDate());
        assertEquals(before, plan.applied());
        assertEquals(before, Migrator.warehouse().applied(connection), "applied_at of the first run is kept");
        assertEquals(Migrations.warehouse().size(), count("SELECT count() FROM parallax.schema_migrations"));
        assertEquals(tables, count("SELECT count() FROM system.tables WHERE database = 'parallax'"));
        assertEquals(1, count("SELECT count() FROM parallax.throttle_episodes FINAL"), "data untouched");
    }

    @Test
    @Order(5)
    void refusesToStartWhenAnAppliedMigrationWasEdited() {
        List<Migration> tampered = new ArrayList<>(Migrations.warehouse());
        Migration original = tampered.get(4);
        tampered.set(4, Migration.parse(original.fileName(), original.sql().replace("late_events   UInt64",
                "late_events   UInt32")));
        var e = assertThrows(MigrationException.class, () -> migrator(tampered).migrate(connection));
        assertTrue(e.getMessage().startsWith("migration V005__latency_windows.sql was changed after it was applied on "
                + NOW), e.getMessage());
    }

    @Test
    @Order(6)
    void aNewMigrationAddsAColumnToExistingTables() throws SQLException {
        List<Migration> next = new ArrayList<>(Migrations.warehouse());
        next.add(Migration.parse("V900__inference_events_energy.sql",
                "ALTER TABLE parallax.inference_events ADD COLUMN IF NOT EXISTS energy_j Nullable(Float64)"));
        MigrationPlan plan = migrator(next).migrate(connection);
        assertEquals(List.of(next.getLast()), plan.pending());
        assertEquals("Nullable(Float64)", query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?",
                Tables.DATABASE, Tables.INFERENCE_EVENTS).get("energy_j"));
        assertTrue(migrator(next).migrate(connection).isUpToDate());
    }
}
