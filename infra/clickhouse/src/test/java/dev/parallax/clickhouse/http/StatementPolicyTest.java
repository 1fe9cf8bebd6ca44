package dev.parallax.clickhouse.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the front refuses for every user, and that the project's own SQL is not among it. */
class StatementPolicyTest {

    /** A part of the engine's system.table_functions; the live list is read at start-up. */
    private static final StatementPolicy POLICY = new StatementPolicy(List.of("file", "url", "remote", "s3",
            "executable", "input", "mysql", "merge", "view", "numbers", "format", "values", "null", "generateRandom"));

    private static void check(String sql) throws ServerError {
        POLICY.check(SqlStatement.parse(sql.getBytes(StandardCharsets.UTF_8)), "parallax");
    }

    @Test
    void refusesWhatReachesOutsideTheEngine() {
        for (String sql : new String[]{
                "SELECT * FROM file('/etc/passwd')",
                "SELECT * FROM FILE /* spaced */ ('/etc/passwd', 'LineAsString')",
                "SELECT * FROM `file`('/etc/passwd')",
                "SELECT length(file('/etc/passwd'))",
                "SELECT * FROM (SELECT 1) AS a JOIN url('http://127.0.0.1:8080/', 'LineAsString') AS b ON 1",
                "SELECT * FROM remote('127.0.0.1', system.one)",
                "SELECT * FROM s3('http://x/y')",
                "SELECT * FROM executable('x.sh', 'TSV', 'a String')",
                "SELECT * FROM input('a String')",
                "SELECT * FROM mystery_table_function(1)",
                "DESCRIBE TABLE url('http://x', 'TSV')",
                "INSERT INTO FUNCTION file('/tmp/x', 'TSV') SELECT 1",
                "INSERT INTO TABLE FUNCTION url('http://x', 'TSV') VALUES (1)",
                "INSERT INTO t FROM INFILE '/etc/passwd' FORMAT LineAsString",
                "SELECT 1 INTO OUTFILE '/tmp/x'",
                "SELECT 1 INTO /* hidden */ OUTFILE '/tmp/x'",
                "CREATE TABLE t (a String) ENGINE = File(TSV, '/etc/passwd')",
                "CREATE TABLE t (a String) ENGINE URL('http://x', 'TSV')",
                "CREATE TABLE t AS url('http://x', 'TSV')",
                "CREATE DATABASE d ENGINE = Filesystem('/')",
                "CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a SETTINGS disk = disk(type = local, path = '/')",
                "SELECT 1 FORMAT Template SETTINGS format_template_row = '/etc/passwd'",
                "SET format_schema = '/etc/passwd'",
                "SYSTEM SHUTDOWN",
                "KILL QUERY WHERE 1 SYNC",
                "CREATE USER u IDENTIFIED BY 'x'",
                "GRANT ALL ON *.* TO u",
                "SET ROLE r",
                "SET DEFAULT ROLE r TO u",
                "CREATE FUNCTION f AS x -> x",
                "CREATE DICTIONARY d (a UInt8) PRIMARY KEY a SOURCE(FILE(path '/etc/passwd' format 'TSV'))",
                "CREATE TEMPORARY TABLE t (a UInt8)",
                "CREATE NAMED COLLECTION c AS a = 1",
                "BACKUP TABLE t TO File('x')",
                "ATTACH TABLE t FROM '/var/x' (a UInt8) ENGINE = MergeTree ORDER BY a",
                "ALTER TABLE t FREEZE",
                "EXECUTE AS u SELECT 1",
        }) {
            ServerError e = assertThrows(ServerError.class, () -> check(sql), sql);
            assertEquals(497, e.code(), sql);
            assertEquals(403, e.httpStatus(), sql);
            assertTrue(e.getMessage().contains("(ACCESS_DENIED)"), e.getMessage());
        }
    }

    @Test
    void whatIsNoStatementIsASyntaxErrorAndNeverRuns() {
        for (String sql : new String[]{"SELEC 1", "1 + 1", "file('/etc/passwd')"}) {
            assertEquals(62, assertThrows(ServerError.class, () -> check(sql), sql).code(), sql);
        }
    }

    @Test
    void allowsWhatTheProjectRuns() {
        for (String sql : new String[]{
                "SELECT number FROM numbers(10)",
                "SELECT format('{} {}', 'a', 'b')",
                "SELECT extract(YEAR FROM toDate('2024-01-01')), trim(BOTH ' ' FROM concat(' a', ' '))",
                "SELECT CAST(1 AS Decimal(10, 2))",
                "(SELECT 1) UNION ALL (SELECT 2)",
                "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
                "SELECT value FROM system.settings WHERE name = 'readonly'",
                "SELECT count() FROM t FINAL SETTINGS max_threads = 2",
                "INSERT INTO TABLE t (a, b) VALUES (1, 2)",
                "INSERT INTO t (a) SETTINGS async_insert = 0 FORMAT RowBinary\n",
                "INSERT INTO t SELECT * FROM u WHERE NOT (a >= 1)",
                "CREATE TABLE x AS y",
                "CREATE TABLE x ENGINE = ReplacingMergeTree(v) ORDER BY a AS SELECT 1 AS a, 2 AS v",
                "CREATE TABLE IF NOT EXISTS parallax.t (a UInt8) ENGINE = MergeTree ORDER BY a",
                "CREATE DATABASE IF NOT EXISTS parallax",
                "ALTER TABLE t ADD COLUMN IF NOT EXISTS received_at DateTime64(3, 'UTC') DEFAULT now64()",
                "EXCHANGE TABLES a AND b",
                "EXISTS TABLE a",
                "DESCRIBE TABLE `parallax`.`t`",
                "DROP TABLE IF EXISTS t",
                "OPTIMIZE TABLE t FINAL",
                "TRUNCATE TABLE t",
                "SHOW TABLES FROM parallax",
                "SET max_threads = 1",
                "USE parallax",
        }) {
            assertDoesNotThrow(() -> check(sql), sql);
        }
    }

    @Test
    void allowsEveryWarehouseMigration() throws Exception {
        Path migrations = Path.of("../../schemas/src/main/resources/clickhouse/migrations");
        assumeTrue(Files.isDirectory(migrations), "run from infra/clickhouse in the repository");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                assertDoesNotThrow(() -> check(Files.readString(file)), file.toString());
            }
        }
    }

    @Test
    void urlSettingsThatWouldOutliveTheRequestAreRefused() {
        for (String name : new String[]{"allow_ddl", "profile", "dialect", "max_query_size", "max_parser_depth",
                "format_template_row"}) {
            assertEquals(497, assertThrows(ServerError.class,
                    () -> POLICY.checkSettings(Map.of(name, "1"), "parallax"), name).code());
        }
        assertDoesNotThrow(() -> POLICY.checkSettings(Map.of("max_threads", "2", "async_insert", "0",
                "readonly", "1", "max_execution_time", "5"), "parallax"));
    }

    @Test
    void readonlyAllowsReadsAndWithTwoSettings() throws Exception {
        SqlStatement insert = SqlStatement.parse("INSERT INTO t SELECT 1".getBytes(StandardCharsets.UTF_8));
        SqlStatement select = SqlStatement.parse("SELECT 1".getBytes(StandardCharsets.UTF_8));
        SqlStatement set = SqlStatement.parse("SET max_threads = 1".getBytes(StandardCharsets.UTF_8));
        assertTrue(StatementPolicy.readOnly(insert, null));
        assertTrue(StatementPolicy.readOnly(insert, "0"));
        assertFalse(StatementPolicy.readOnly(insert, "1"));
        assertTrue(StatementPolicy.readOnly(select, "1"));
        assertFalse(StatementPolicy.readOnly(set, "1"));
        assertTrue(StatementPolicy.readOnly(set, "2"));
    }
}
