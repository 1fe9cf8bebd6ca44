package dev.parallax.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each service's ClickHouse user on the real engine, through the front that enforces the roles' grants: each can do
 * its job and is refused what it must not do, and a refusal loses nothing already written.
 */
class WarehouseAccessTest {

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;
    static ParallaxConfig config;

    @BeforeAll
    static void start() throws Exception {
        EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder(dir.resolve("data")).password("owner-secret");
        Map<String, String> values = new HashMap<>();
        for (ClickHouseRole role : ClickHouseRole.values()) {
            String password = role.name().toLowerCase() + "-secret";
            builder.role(role, new ClickHouseLogin(role.roleName(), password));
            values.put(role.passwordKey(), password); // the user is named after its role by default
        }
        clickhouse = builder.start();
        values.put(ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl());
        config = ParallaxConfig.of(values);
        MigrationPlan plan = Warehouse.migrate(config);
        assertEquals(Migrations.warehouse().size(), plan.pending().size(), "the migrator applies every migration");
        assertTrue(Warehouse.migrate(config).pending().isEmpty(), "and again finds nothing to do");
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.close();
    }

    @Test
    void theSinkInsertsIntoItsTablesAsTheSinkDoes() throws SQLException {
        try (Connection sink = Warehouse.connect(config, ClickHouseRole.SINK)) {
            try (Statement describe = sink.createStatement();
                 ResultSet columns = describe.executeQuery("DESCRIBE TABLE `parallax`.`dead_letters`")) {
                assertTrue(columns.next(), "the sink reads a table's columns");
            }
            try (PreparedStatement insert = sink.prepareStatement("INSERT INTO `parallax`.`dead_letters` (`dead_letter_id`,"
                    + " `received_at`, `source`, `topic`, `partition`, `offset`, `reason`, `raw`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, "sink-access-1");
                insert.setTimestamp(2, Timestamp.from(Instant.parse("2026-12-01T00:00:00Z")));
                insert.setString(3, "test");
                insert.setString(4, "parallax.inference.v1");
                insert.setInt(5, 0);
                insert.setLong(6, 1);
                insert.setString(7, "a reason");
                insert.setString(8, "raw");
                insert.addBatch();
                insert.executeBatch();
            }
        }
        assertEquals(1, count(ClickHouseRole.READER, "dead_letters WHERE dead_letter_id = 'sink-access-1'"));
    }

    @Test
    void theSinkIsRefusedEverythingElse() throws SQLException {
        ClickHouseRole sink = ClickHouseRole.SINK;
        refused(sink, "SELECT count() FROM parallax.inference_events");
        refused(sink, "SELECT name FROM system.users");
        refused(sink, "INSERT INTO parallax.reports (report_id) VALUES ('x')");
        refused(sink, "DROP TABLE parallax.inference_events");
        refused(sink, "ALTER TABLE parallax.runs DELETE WHERE 1");
        refused(sink, "TRUNCATE TABLE parallax.runs");
        refused(sink, "CREATE TABLE parallax.extra (a UInt8) ENGINE = Memory");
        refusedToEveryone(sink);
        assertEquals(1, count(ClickHouseRole.READER, "schema_migrations WHERE version = 1"), "nothing was dropped");
    }

    @Test
    void theUiReadsAndWritesOnlyTheTablesOfItsUsersActions() throws SQLException {
        try (Connection ui = plain(ClickHouseRole.UI); Statement sql = ui.createStatement()) {
            sql.execute("INSERT INTO parallax.alert_overrides (test_id, muted_rules, updated_by, updated_at, version)"
                    + " VALUES ('ui-access', ['p99'], 'admin', now64(3), 1)");
            sql.execute("INSERT INTO parallax.reports (report_id, kind, title, html) VALUES ('ui-access', 'cli', 't', '')");
        }
        assertEquals(1, count(ClickHouseRole.UI, "alert_overrides FINAL WHERE test_id = 'ui-access'"));
        assertEquals(1, count(ClickHouseRole.UI, "reports WHERE report_id = 'ui-access'"));
        ClickHouseRole ui = ClickHouseRole.UI;
        refused(ui, "INSERT INTO parallax.inference_events (event_id) VALUES ('00000000-0000-0000-0000-000000000001')");
        refused(ui, "INSERT INTO parallax.latency_windows (test_id) VALUES ('forged')");
        refused(ui, "INSERT INTO parallax.reports (report_id) SELECT name FROM system.users");
        refused(ui, "DROP TABLE parallax.reports");
        refused(ui, "ALTER TABLE parallax.reports DELETE WHERE 1");
        refused(ui, "ALTER TABLE parallax.inference_events DROP COLUMN latency_ms");
        refused(ui, "SELECT * FROM system.processes");
        refusedToEveryone(ui);
        assertEquals(1, count(ClickHouseRole.READER, "reports WHERE report_id = 'ui-access'"), "nothing was lost");
    }

    @Test
    void theReaderOnlyReadsAndTheMigratorOnlyChangesParallax() throws SQLException {
        assertEquals(0, count(ClickHouseRole.READER, "runs WHERE run_id = 'none'"));
        refused(ClickHouseRole.READER, "INSERT INTO parallax.reports (report_id) VALUES ('x')");
        refused(ClickHouseRole.READER, "CREATE TABLE parallax.t AS parallax.runs");
        refusedToEveryone(ClickHouseRole.READER);

        ClickHouseRole migrator = ClickHouseRole.MIGRATOR;
        // What replay does with its shadow tables (ShadowTables): create as the live one, fill, swap, drop.
        try (Connection connection = Warehouse.connect(config, migrator); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE parallax.runs__rebuild AS parallax.runs");
            sql.execute("INSERT INTO parallax.runs__rebuild SELECT * FROM parallax.runs WHERE NOT (1 = 1)");
            sql.execute("EXCHANGE TABLES parallax.runs AND parallax.runs__rebuild");
            sql.execute("DROP TABLE parallax.runs__rebuild");
        }
        refused(migrator, "DROP DATABASE parallax");
        refused(migrator, "CREATE TABLE default.elsewhere (a UInt8) ENGINE = Memory");
        refused(migrator, "CREATE VIEW parallax.users AS SELECT name FROM system.users");
        refused(migrator, "CREATE USER intruder IDENTIFIED BY 'x'");
        refused(migrator, "GRANT ALL ON *.* TO parallax_reader");
        refusedToEveryone(migrator);
        assertEquals(1, count(ClickHouseRole.READER, "schema_migrations WHERE version = 1"), "nothing was dropped");
    }

    @Test
    void aWrongPasswordSignsNobodyIn() {
        ParallaxConfig wrong = config.with(ClickHouseRole.UI.passwordKey(), "guess");
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = Warehouse.connect(wrong, ClickHouseRole.UI); Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
        });
        assertTrue(e.getMessage().contains("AUTHENTICATION_FAILED"), e.getMessage());
    }

    /** What no role may do: reach files, the network or the engine. */
    private static void refusedToEveryone(ClickHouseRole role) throws SQLException {
        refused(role, "SELECT * FROM file('/etc/passwd', 'LineAsString')");
        refused(role, "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')");
        refused(role, "INSERT INTO FUNCTION file('/tmp/parallax-access-test', 'TSV') SELECT 1");
        refused(role, "SYSTEM SHUTDOWN");
        refused(role, "KILL QUERY WHERE 1");
    }

    private static void refused(ClickHouseRole role, String sql) throws SQLException {
        try (Connection connection = plain(role); Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.execute(sql), role + " ran " + sql);
            assertTrue(e.getMessage().contains("ACCESS_DENIED"), role + ": " + sql + ": " + e.getMessage());
        }
    }

    private static long count(ClickHouseRole role, String tableAndCondition) throws SQLException {
        try (Connection connection = plain(role); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count() FROM parallax." + tableAndCondition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A connection without the sink's row-binary inserts, as the UI and the tools use. */
    private static Connection plain(ClickHouseRole role) throws SQLException {
        ClickHouseLogin login = config.clickhouseLogin(role);
        return DriverManager.getConnection(config.clickhouseJdbcUrl(), login.user(), login.password());
    }
}
