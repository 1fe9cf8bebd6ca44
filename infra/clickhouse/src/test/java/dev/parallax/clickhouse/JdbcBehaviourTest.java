package dev.parallax.clickhouse;

import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What an application sees through the official JDBC driver: server error codes, concurrency, settings. */
class JdbcBehaviourTest extends ServerPerClassTest {

    @Test
    void serverErrorsCarryTheirClickHouseCode() throws Exception {
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement()) {
            assertEquals(60, serverCode(assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM no_such_table"))));
            assertEquals(62, serverCode(assertThrows(SQLException.class, () -> s.executeQuery("SELEC 1"))));
            assertEquals(81, serverCode(assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM no_such_db.t"))));
            // The connection is still usable after errors.
            try (ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    @Test
    void settingsFromOneRequestDoNotLeakIntoTheNext() throws Exception {
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement()) {
            // A SET outside a session lasts for its own request only, as on a server.
            for (int i = 0; i < 8; i++) s.execute("SET max_threads = 1");
            for (int i = 0; i < 8; i++) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT value FROM system.settings WHERE name IN ('max_threads', 'async_insert') ORDER BY name")) {
                    assertTrue(rs.next());
                    assertEquals("0", rs.getString(1), "async_insert stays off, as on a server");
                    assertTrue(rs.next());
                    assertTrue(rs.getString(1).startsWith("'auto"), "max_threads back to its default");
                }
            }
        }
    }

    @Test
    void eightConcurrentClientsInsertAndSelectExactly() throws Exception {
        int clients = 8;
        int batches = 10;
        int rowsPerBatch = 500;
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE concurrent (client UInt32, seq UInt32, payload String) "
                    + "ENGINE = MergeTree ORDER BY (client, seq)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int id = client;
                futures.add(pool.submit(() -> {
                    try (Connection c = TestServers.connect(clickhouse, id % 2 == 0);
                         PreparedStatement insert = c.prepareStatement(
                                 "INSERT INTO concurrent (client, seq, payload) VALUES (?, ?, ?)");
                         PreparedStatement count = c.prepareStatement(
                                 "SELECT count() FROM concurrent WHERE client = ?")) {
                        for (int b = 0; b < batches; b++) {
                            for (int r = 0; r < rowsPerBatch; r++) {
                                insert.setInt(1, id);
                                insert.setInt(2, b * rowsPerBatch + r);
                                insert.setString(3, "client " + id + " row " + r);
                                insert.addBatch();
                            }
                            insert.executeBatch();
                            count.setInt(1, id);
                            try (ResultSet rs = count.executeQuery()) {
                                rs.next();
                                assertEquals((b + 1L) * rowsPerBatch, rs.getLong(1), "client " + id);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(), uniqExact(client, seq) FROM concurrent")) {
            rs.next();
            assertEquals((long) clients * batches * rowsPerBatch, rs.getLong(1));
            assertEquals((long) clients * batches * rowsPerBatch, rs.getLong(2));
        }
    }

    private static int serverCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerException server) return server.getCode();
        }
        fail("no ServerException in the cause chain of " + e);
        return -1;
    }
}
