package dev.parallax.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Committed rows survive a graceful restart and a SIGKILL in the middle of loading. */
class DurabilityTest {

    private static final int BATCH = 2_000;

    @TempDir
    Path dir;

    @Test
    void stopAndRestartKeepsData() throws Exception {
        try (EmbeddedClickHouse clickhouse = TestServers.start(dir)) {
            try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id UInt64) ENGINE = MergeTree ORDER BY id");
                s.execute("INSERT INTO kept SELECT number FROM numbers(12345)");
            }
            String urlBefore = clickhouse.jdbcUrl("default");
            clickhouse.restart();
            assertEquals(urlBefore, clickhouse.jdbcUrl("default"), "a restart keeps the port");
            assertEquals(12345L, count(clickhouse, "kept"));
        }
    }

    @Test
    void killMidLoadKeepsEveryCommittedBatch() throws Exception {
        try (EmbeddedClickHouse clickhouse = TestServers.start(dir)) {
            try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE loaded (batch UInt32, seq UInt32) ENGINE = MergeTree ORDER BY (batch, seq)");
            }
            AtomicLong committedBatches = new AtomicLong();
            AtomicBoolean failedAfterKill = new AtomicBoolean();
            Thread loader = new Thread(() -> {
                try (Connection c = TestServers.connect(clickhouse, true);
                     PreparedStatement insert = c.prepareStatement("INSERT INTO loaded (batch, seq) VALUES (?, ?)")) {
                    for (int batch = 0; ; batch++) {
                        for (int seq = 0; seq < BATCH; seq++) {
                            insert.setInt(1, batch);
                            insert.setInt(2, seq);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        committedBatches.set(batch + 1L); // only once the server said the insert succeeded
                    }
                } catch (SQLException | RuntimeException e) {
                    failedAfterKill.set(true);
                }
            });
            loader.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (committedBatches.get() < 5 && System.nanoTime() < deadline) Thread.sleep(20);
            clickhouse.kill();
            loader.join(60_000);
            assertTrue(failedAfterKill.get(), "the loader saw the server die");
            long committed = committedBatches.get();
            assertTrue(committed >= 5, "loaded " + committed + " batches before the kill");

            clickhouse.start();
            try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT countIf(batch < " + committed + "), "
                         + "uniqExact(batch, seq), count(), max(batch) FROM loaded")) {
                rs.next();
                assertEquals(committed * BATCH, rs.getLong(1), "every acknowledged row survived");
                assertEquals(rs.getLong(3), rs.getLong(2), "no row twice");
                // At most the batch in flight at the kill may have landed besides the acknowledged ones.
                assertTrue(rs.getLong(3) == committed * BATCH || rs.getLong(3) == (committed + 1) * BATCH,
                        "whole batches only: " + rs.getLong(3));
            }
        }
    }

    private static long count(EmbeddedClickHouse clickhouse, String table) throws SQLException {
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count() FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
