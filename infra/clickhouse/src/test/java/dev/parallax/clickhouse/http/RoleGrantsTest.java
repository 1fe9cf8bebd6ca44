package dev.parallax.clickhouse.http;

import dev.parallax.config.ClickHouseAccess;
import dev.parallax.config.ClickHouseRole;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which statements each role's grants (the shipped access definitions) allow, and what a statement needs. */
class RoleGrantsTest {

    private static final Map<String, Grants> ROLES = Grants.parse(ClickHouseAccess.definitions());

    private static void check(ClickHouseRole role, String sql) throws ServerError {
        SqlStatement statement = SqlStatement.parse(sql.getBytes(StandardCharsets.UTF_8));
        ROLES.get(role.roleName()).check(StatementAccess.of(statement, "parallax"), role.roleName());
    }

    private static void allowed(ClickHouseRole role, String... statements) {
        for (String sql : statements) assertDoesNotThrow(() -> check(role, sql), role + " may run " + sql);
    }

    private static void refused(ClickHouseRole role, String... statements) {
        for (String sql : statements) {
            ServerError e = assertThrows(ServerError.class, () -> check(role, sql), role + " must not run " + sql);
            assertEquals(StatementPolicy.ACCESS_DENIED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains(role.roleName() + ": Not enough privileges"), e.getMessage());
        }
    }

    private static List<StatementAccess.Need> needs(String sql, String database) throws ServerError {
        return StatementAccess.of(SqlStatement.parse(sql.getBytes(StandardCharsets.UTF_8)), database);
    }

    @Test
    void theSinkInsertsIntoItsTablesAndDescribesThemOnly() {
        allowed(ClickHouseRole.SINK,
                "INSERT INTO `parallax`.`inference_events` (`a`, `b`) VALUES (?, ?)",
                "INSERT INTO parallax.alerts FORMAT RowBinary",
                "DESCRIBE TABLE `parallax`.`device_samples`",
                "SELECT 1", "SELECT version()");
        refused(ClickHouseRole.SINK,
                "INSERT INTO parallax.reports VALUES (1)",
                "INSERT INTO parallax.inference_events SELECT * FROM parallax.runs",
                "SELECT * FROM parallax.inference_events",
                "SELECT name FROM system.users",
                "DROP TABLE parallax.inference_events",
                "ALTER TABLE parallax.runs DELETE WHERE 1",
                "TRUNCATE TABLE parallax.runs",
                "CREATE TABLE parallax.x (a UInt8) ENGINE = Memory",
                "DELETE FROM parallax.runs WHERE 1");
    }

    @Test
    void theUiReadsAndWritesOnlyTheTablesOfItsUsersActions() {
        allowed(ClickHouseRole.UI,
                "SELECT * FROM alerts FINAL WHERE state != 'RESOLVED'",
                "WITH recent AS (SELECT * FROM parallax.runs) SELECT count() FROM recent JOIN parallax.inference_events USING run_id",
                "SELECT a, b FROM parallax.runs AS r, parallax.inference_events WHERE r.x IN (SELECT x FROM latency_windows)",
                "SELECT toDate(extract(DAY FROM now())) FROM parallax.runs ARRAY JOIN tags AS tag",
                "INSERT INTO parallax.reports (report_id, html) VALUES ('r', 'x')",
                "INSERT INTO parallax.alert_overrides VALUES (1)",
                "INSERT INTO parallax.cost_models VALUES (1)",
                "INSERT INTO parallax.recommendations VALUES (1)",
                "SHOW TABLES", "SHOW CREATE TABLE parallax.runs", "SHOW CREATE runs", "EXISTS TABLE parallax.runs",
                "SHOW COLUMNS FROM runs", "SHOW COLUMNS IN runs FROM parallax");
        refused(ClickHouseRole.UI,
                "INSERT INTO parallax.inference_events VALUES (1)",
                "INSERT INTO parallax.latency_windows VALUES (1)",
                "INSERT INTO parallax.reports SELECT * FROM system.users",
                "DROP TABLE parallax.reports",
                "ALTER TABLE parallax.reports DELETE WHERE 1",
                "TRUNCATE parallax.reports",
                "OPTIMIZE TABLE parallax.reports FINAL",
                "RENAME TABLE parallax.reports TO parallax.old",
                "SELECT * FROM system.users",
                "SELECT * FROM parallax.runs, system.processes",
                "SELECT * FROM parallax.runs WHERE x IN system.users",
                "SELECT (SELECT name FROM system.users)",
                "SELECT * FROM runs LEFT JOIN system.grants ON 1",
                "DESCRIBE (SELECT * FROM system.users)",
                "SHOW PROCESSLIST", "SHOW GRANTS", "SHOW TABLES FROM system", "SHOW DATABASES",
                "SHOW CREATE USER default", "SHOW CREATE DATABASE system", "SHOW COLUMNS FROM users FROM system",
                "SELECT * FROM {t:Identifier}", "SELECT * FROM parallax.runs JOIN {t:Identifier} USING (a)",
                "SELECT * FROM system.users WHERE 0 = (SELECT count() FROM numbers(1) AS users)");
    }

    @Test
    void theReaderOnlyReads() {
        allowed(ClickHouseRole.READER, "SELECT count() FROM parallax.inference_events FINAL",
                "EXPLAIN SELECT * FROM runs", "DESCRIBE parallax.runs");
        refused(ClickHouseRole.READER, "INSERT INTO parallax.reports VALUES (1)", "DROP TABLE parallax.runs",
                "CREATE TABLE parallax.t AS parallax.runs", "SELECT * FROM default.secrets");
    }

    @Test
    void theMigratorChangesTheSchemaOfParallaxOnly() {
        allowed(ClickHouseRole.MIGRATOR,
                "CREATE DATABASE IF NOT EXISTS parallax",
                "CREATE TABLE IF NOT EXISTS parallax.schema_migrations (version UInt32) ENGINE = ReplacingMergeTree ORDER BY version",
                "ALTER TABLE parallax.inference_events ADD COLUMN IF NOT EXISTS received_at DateTime64(3, 'UTC')",
                "INSERT INTO parallax.schema_migrations (version) VALUES (?)",
                "SELECT version FROM parallax.schema_migrations FINAL ORDER BY version",
                "DROP TABLE IF EXISTS parallax.runs__rebuild",
                "CREATE TABLE parallax.runs__rebuild AS parallax.runs",
                "INSERT INTO parallax.runs__rebuild SELECT * FROM parallax.runs WHERE NOT (x)",
                "EXCHANGE TABLES parallax.runs AND parallax.runs__rebuild",
                "CREATE MATERIALIZED VIEW parallax.v TO parallax.t AS SELECT a AS b FROM parallax.runs",
                "CREATE TABLE parallax.b AS parallax.runs ENGINE = Buffer(parallax, runs, 1, 1, 1, 1, 1, 1, 1)");
        refused(ClickHouseRole.MIGRATOR,
                "DROP DATABASE parallax",
                "CREATE DATABASE other",
                "CREATE TABLE default.t (a UInt8) ENGINE = Memory",
                "CREATE TABLE parallax.t AS system.users",
                "CREATE VIEW parallax.v AS SELECT * FROM system.users",
                "ALTER TABLE parallax.runs MOVE PARTITION 1 TO TABLE default.t",
                "RENAME TABLE parallax.runs TO default.runs",
                "TRUNCATE ALL TABLES FROM parallax",
                "CREATE TABLE parallax.b (name String) ENGINE = Buffer(system, users, 1, 1, 1, 1, 1, 1, 1)",
                "CREATE TABLE parallax.b AS parallax.runs ENGINE = Buffer(system, users, 1, 1, 1, 1, 1, 1, 1)",
                "CREATE TABLE parallax.b ENGINE = Buffer('system', 'users', 1, 1, 1, 1, 1, 1, 1) AS SELECT 1",
                "INSERT INTO default.t VALUES (1)");
    }

    @Test
    void namesAreResolvedAgainstTheRequestsDatabase() throws ServerError {
        assertEquals(List.of(new StatementAccess.Need(Privilege.SELECT, "system", "users")),
                needs("SELECT * FROM users", "system"));
        assertEquals(List.of(new StatementAccess.Need(Privilege.INSERT, "parallax", "t"),
                        new StatementAccess.Need(Privilege.SELECT, "d", "u")),
                needs("INSERT INTO t SELECT * FROM d.u", "parallax"));
        assertEquals(List.of(), needs("SELECT 1 FROM system.one", "parallax"));
        assertEquals(List.of(), needs("WITH users AS (SELECT 1) SELECT * FROM users", "system"), "a WITH name's own");
        assertEquals(List.of(new StatementAccess.Need(Privilege.SELECT, "system", "users")),
                needs("SELECT * FROM users WHERE 0 = (SELECT count() FROM numbers(1) AS users)", "system"),
                "an alias is no name of the statement's own");
        assertEquals(List.of(), needs("SELECT * FROM numbers(10)", "parallax"), "table functions are the policy's");
        assertEquals(List.of(new StatementAccess.Need(Privilege.SHOW_TABLES, "parallax", null)),
                needs("SHOW TABLES IN parallax", "default"));
    }

    @Test
    void aDefinitionTheFrontCannotEnforceIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Grants.parse(List.of("CREATE ROLE r", "GRANT SYSTEM SHUTDOWN ON *.* TO r")));
        assertThrows(IllegalArgumentException.class, () -> Grants.parse(List.of("GRANT SELECT ON d.* TO nobody")));
        assertThrows(IllegalArgumentException.class, () -> Grants.parse(List.of("REVOKE SELECT ON d.* FROM r")));
        Grants groups = Grants.parse(List.of("CREATE ROLE r", "GRANT SHOW, DROP ON d.* TO r")).get("r");
        assertDoesNotThrow(() -> groups.check(List.of(new StatementAccess.Need(Privilege.SHOW_COLUMNS, "d", "t"),
                new StatementAccess.Need(Privilege.DROP_DATABASE, "d", null)), "u"), "groups expand as on a server");
    }
}
