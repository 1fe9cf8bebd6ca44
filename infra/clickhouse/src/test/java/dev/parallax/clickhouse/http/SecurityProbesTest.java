package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's probes against the front, each asserting the door is shut and that everything valid still works. One
 * engine connection, so that every request reuses the connection the probes before it used.
 */
class SecurityProbesTest {

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;
    static FrontClient front;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).user("parallax").password("probe-secret")
                .pool(1).start();
        front = new FrontClient(clickhouse);
        front.query("CREATE TABLE t (a UInt32, s String) ENGINE = MergeTree ORDER BY a");
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.stop();
    }

    private static void assertDenied(HttpResponse<String> r) {
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("497", FrontClient.code(r), r.body());
        assertTrue(r.body().contains("(ACCESS_DENIED)"), r.body());
    }

    @Test
    void fileReadsAreRefused() throws Exception {
        for (String sql : new String[]{"SELECT * FROM file('/etc/passwd')",
                "SELECT * FROM file('/etc/passwd', 'LineAsString')", "SELECT file('/etc/passwd')",
                "SELECT * FROM `file`('/etc/passwd', 'LineAsString')", "SELECT * FROM FILE\n('/etc/passwd')"}) {
            HttpResponse<String> r = front.post(sql);
            assertDenied(r);
            assertFalse(r.body().contains("root:"), r.body());
        }
    }

    @Test
    void fileWritesAreRefusedAndNothingIsWritten() throws Exception {
        Path target = dir.resolve("written-by-the-engine.tsv");
        String quoted = "'" + target.toString().replace("'", "\\'") + "'";
        assertDenied(front.post("INSERT INTO FUNCTION file(" + quoted + ", 'TSV', 'a String') SELECT 'x'"));
        assertDenied(front.post("SELECT 'x' INTO OUTFILE " + quoted));
        assertDenied(front.post("CREATE TABLE leak (a String) ENGINE = File(TSV, " + quoted + ")"));
        assertFalse(Files.exists(target));
    }

    @Test
    void networkTableFunctionsAreRefused() throws Exception {
        assertDenied(front.post("SELECT * FROM url('" + clickhouse.httpUrl() + "/ping', 'LineAsString')"));
        assertDenied(front.post("SELECT * FROM remote('127.0.0.1', system.one)"));
        assertDenied(front.post("SELECT * FROM s3('http://127.0.0.1:1/x', 'TSV')"));
    }

    @Test
    void systemAndKillAreRefusedAndTheServerStaysUp() throws Exception {
        assertDenied(front.post("SYSTEM SHUTDOWN"));
        assertDenied(front.post("KILL QUERY WHERE 1 SYNC"));
        assertDenied(front.post("CREATE USER intruder IDENTIFIED BY 'x'"));
        assertDenied(front.post("GRANT ALL ON *.* TO default"));
        assertTrue(clickhouse.isRunning());
        assertEquals("1\n", front.query("SELECT 1"));
    }

    @Test
    void theCommentBypassIsRefusedAsTwoStatements() throws Exception {
        for (String sql : new String[]{"SELECT 1 # '\n; SET readonly = 1 -- '",
                "SELECT 1 // '\n; INSERT INTO t VALUES (666, 'x') -- '",
                "SELECT ‘'’; INSERT INTO t VALUES (666, 'x') -- '"}) {
            HttpResponse<String> r = front.post(sql);
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("62", FrontClient.code(r), r.body());
            assertTrue(r.body().contains("Multi-statements are not allowed"), r.body());
        }
        assertEquals("0\n", front.query("SELECT count() FROM t WHERE a = 666"));
        assertEquals("0\n", front.query("SELECT getSetting('readonly')"));
    }

    @Test
    void readonlySettingsDoNotOutliveTheirRequest() throws Exception {
        for (int i = 0; i < 4; i++) assertEquals(200, front.post("SET readonly = 1").statusCode());
        for (int i = 0; i < 4; i++) assertEquals("1\n", front.query("SELECT 1 SETTINGS readonly = 1"));
        HttpResponse<String> readOnlyInsert = front.post("readonly=1", "INSERT INTO t VALUES (1, 'refused')");
        assertEquals("164", FrontClient.code(readOnlyInsert), readOnlyInsert.body());
        assertEquals("1\n", front.post("readonly=1", "SELECT 1").body());

        // Another client, through the JDBC driver as the sink writes: its insert still succeeds.
        Properties properties = new Properties();
        properties.setProperty("user", clickhouse.user());
        properties.setProperty("password", clickhouse.password());
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl("default"), properties);
             PreparedStatement insert = c.prepareStatement("INSERT INTO t (a, s) VALUES (?, ?)")) {
            insert.setInt(1, 42);
            insert.setString(2, "written after the probes");
            insert.executeUpdate();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT s, getSetting('readonly') FROM t WHERE a = 42")) {
                assertTrue(rs.next());
                assertEquals("written after the probes", rs.getString(1));
                assertEquals("0", rs.getString(2));
            }
        }
    }

    @Test
    void sessionSettingsThatWouldStickAreRefused() throws Exception {
        assertDenied(front.post("allow_ddl=0", "SELECT 1"));
        assertDenied(front.post("max_query_size=10", "SELECT 1"));
        assertDenied(front.post("dialect=prql", "SELECT 1"));
        assertDenied(front.post("CREATE TEMPORARY TABLE kept (a UInt8)"));
        assertEquals("7\n", front.post("max_threads=7", "SELECT getSetting('max_threads')").body());
        assertTrue(front.query("SELECT getSetting('max_threads')").strip().matches("\\d+|'auto\\(\\d+\\)'"));
    }

    @Test
    void aFailedQuerysOutputNeverReachesTheNextClient() throws Exception {
        // chDB keeps the rows a failed query produced and hands them to the next query on the connection.
        HttpResponse<String> failed = front.post(
                "SELECT throwIf(number = 3) FROM numbers(10) SETTINGS max_block_size = 1");
        assertEquals("395", FrontClient.code(failed), failed.body());
        assertEquals("clean\n", front.query("SELECT 'clean'"));
    }
}
